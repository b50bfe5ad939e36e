using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Nets.TeacherStudent;

public class NetworkTests
{
    public static TheoryData<string> Networks => new() { "ff:3-4-2", "ff:2-3-4-3", "rnn:2-3-2", "rnn:1-4-1", "relu:3-4-2" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void AnalyticJacobianEqualsCentralDifferences(string name)
    {
        var net = SubsetNetwork.Parse(name, 5);
        var w = net.DrawWeights(1, RngStream.Of(RngStream.Teacher, 1));
        var columns = Enumerable.Range(0, net.WeightCount).ToArray();
        int e = net.EquationCount;
        var jac = new double[columns.Length * e];
        net.Jacobian(w, columns, jac);
        const double h = 1e-6;
        for (int c = 0; c < columns.Length; c++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[c] += h;
            minus[c] -= h;
            var fp = net.Function(plus);
            var fm = net.Function(minus);
            for (int i = 0; i < e; i++)
                Assert.True(Math.Abs((fp[i] - fm[i]) / (2 * h) - jac[c * e + i]) < 1e-6 * (1 + Math.Abs(jac[c * e + i])),
                    $"{name}: d f[{i}] / d w[{c}]: analytic {jac[c * e + i]}, numeric {(fp[i] - fm[i]) / (2 * h)}");
        }
    }

    // D, the dimension of the function manifold, from theory:
    // linear FF with bottleneck r = min width: rank-<=r matrices n_L x n_0, r (n_0 + n_L - r);
    // linear RNN of order n: n (in + out) (strictly proper transfer functions of McMillan degree n);
    // shallow ReLU without biases: all weights less one positive rescaling per hidden unit.
    [Theory]
    [InlineData("ff:4-4-4", 16)]
    [InlineData("ff:6-3-6", 27)]
    [InlineData("ff:3-3-3-3", 9)]
    [InlineData("ff:2-5-3", 6)]
    [InlineData("rnn:1-4-1", 8)]
    [InlineData("rnn:2-3-2", 12)]
    [InlineData("relu:3-4-1", 12)]
    [InlineData("relu:3-4-2", 16)]
    public void GenericRankMatchesTheDimensionFromTheory(string name, int expected)
    {
        Assert.Equal(expected, JacobianRank.Generic(SubsetNetwork.Parse(name, 3), 11));
    }

    [Fact]
    public void MarkovParametersAreVWkU()
    {
        var net = (LinearRecurrentNetwork)SubsetNetwork.Parse("rnn:1-2-1", 0);
        // U = (1, 2)^T, W = [[0, 1], [1, 1]], V = (1, 0): M_k = (W^k U)_0.
        double[] w = [1, 2, 0, 1, 1, 1, 1, 0];
        Assert.Equal([1, 2, 3, 5], net.Function(w));
    }

    [Fact]
    public void ParseRejectsBadNamesWithAUsageError()
    {
        Assert.Throws<UsageException>(() => SubsetNetwork.Parse("ff4-4", 0));
        Assert.Throws<UsageException>(() => SubsetNetwork.Parse("rnn:1-2", 0));
        Assert.Throws<UsageException>(() => SubsetNetwork.Parse("ff:4-x", 0));
        Assert.Throws<UsageException>(() => SubsetNetwork.Parse("cnn:4-4", 0));
    }
}
