using Eumentia.Analysis.Optimisation;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Subset;

public class MatcherTests
{
    /// <summary>
    /// A teacher that is the student itself with its learnable weights set to planted values: a solution
    /// exists by construction, so the search must find one.
    /// </summary>
    [Theory]
    [InlineData("ff:3-4-2", 0, 12)]      // all of W1: a linear problem
    [InlineData("ff:2-3-3-2", 0, 21)]    // every weight of a deep net
    [InlineData("ff:3-3-3", 4, 12)]      // a random subset across both layers
    [InlineData("rnn:1-3-1", 0, 15)]     // every weight: Markov parameters up to W^5
    [InlineData("rnn:2-3-2", 6, 15)]     // W and V: polynomial in W
    [InlineData("relu:2-3-1", 0, 9)]     // every weight of a ReLU net
    public void FindsAPlantedSolution(string name, int first, int count)
    {
        var net = SubsetNetwork.Parse(name, 1);
        var learnable = Enumerable.Range(first, count).ToArray();
        if (name == "ff:3-3-3") learnable = Allocation.Parse("random").Order(net, 5, 9)[..count];
        var options = new MatchOptions(Restarts: 30, ConfirmRestarts: 0);
        for (int draw = 0; draw < 3; draw++)
        {
            var frozen = net.DrawWeights(2, RngStream.Of(RngStream.Student, draw));
            var planted = (double[])frozen.Clone();
            net.RedrawWeights(planted, learnable, 2, RngStream.Of(RngStream.Teacher, draw), 0);
            var result = Matcher.Match(net, frozen, learnable, net.Function(planted), options, 3, RngStream.Of(RngStream.Student, draw));
            Assert.True(result.Matched, $"{name} draw {draw}: best residual {result.RelativeResidual:E2} after {result.RestartsUsed} restarts");
            Assert.True(result.RelativeResidual < options.Tolerance);
        }
    }

    [Fact]
    public void ReportsNoMatchWithAClearResidualWhenNoneExists()
    {
        // Only U and V of a recurrent net: M_0 = V U can be matched but V W^k U with W frozen cannot.
        var net = (LinearRecurrentNetwork)SubsetNetwork.Parse("rnn:1-3-1", 1);
        var learnable = new[] { 0, 1, 2, 12, 13, 14 };
        var teacher = net.DrawWeights(4, 5);
        var frozen = net.DrawWeights(4, 6);
        var result = Matcher.Match(net, frozen, learnable, net.Function(teacher), new MatchOptions(Restarts: 5), 3, 7);
        Assert.False(result.Matched);
        Assert.True(result.RelativeResidual > 1e-3, $"residual {result.RelativeResidual}");
        Assert.True(JacobianRank.Of(net, frozen, learnable).Rank < JacobianRank.Generic(net, 1));
    }

    [Fact]
    public void DescentConvergesInAFewStepsOnALinearProblem()
    {
        var net = SubsetNetwork.Parse("ff:3-4-2", 1);
        var learnable = Enumerable.Range(0, 12).ToArray();
        var teacher = net.DrawWeights(1, 1);
        var w = net.DrawWeights(1, 2);
        var d = LevenbergMarquardt.Descend(net, w, learnable, net.Function(teacher), new LevenbergMarquardtOptions(TargetRelativeResidual: 1e-12));
        Assert.True(d.RelativeResidual < 1e-12);
        Assert.InRange(d.Iterations, 1, 15);
    }
}

[Collection(ThreadBudgetCollection.Name)]
public class SolverAuditTests
{
    /// <summary>
    /// Students of rnn:1-4-1 at m = D = 8 whose solutions have small basins: the study's search before the
    /// residual weights and the homotopy missed all four (a 50-restart search found them at restarts 33 to 38).
    /// </summary>
    [Theory]
    [InlineData("concentrated-neuron", 23)]
    [InlineData("random", 22)]
    [InlineData("spread-column", 17)]
    [InlineData("spread-neuron", 5)]
    public void TheStudyProtocolFindsSmallBasinSolutions(string allocation, int draw)
    {
        var net = SubsetNetwork.Parse("rnn:1-4-1", 1);
        var o = MatchStudy.RunDraw(net, 8, Allocation.Parse(allocation), draw, [8], new MatchOptions(Restarts: 4), 1).Single();
        Assert.Equal(8, o.Rank);
        Assert.True(o.Matched, $"{allocation} draw {draw}: best residual {o.RelativeResidual:E2}");
    }
}

public class MatchOptionsTests
{
    [Fact]
    public void ReluNetsGetTheRoughConfirmingBudgetAndLinearNetsTheFullOne()
    {
        var options = new MatchOptions(ConfirmRestarts: 48, RoughConfirmRestarts: 12);
        Assert.Equal(12, options.ConfirmRestartsFor(SubsetNetwork.Parse("relu:3-4-1", 1)));
        Assert.Equal(48, options.ConfirmRestartsFor(SubsetNetwork.Parse("rnn:1-4-1", 1)));
        Assert.Equal(48, options.ConfirmRestartsFor(SubsetNetwork.Parse("ff:3-3-3", 1)));
        Assert.Equal(24, new MatchOptions().ConfirmRestartsFor(SubsetNetwork.Parse("relu:3-4-1", 1)));
    }
}
