using Eumentia.Theory;

namespace Eumentia.Tests.Theory;

public class GaussHermiteTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(96)]
    [InlineData(200)]
    [InlineData(GaussHermite.MaxOrder)]
    public void WeightsSumToOneAndNodesAreSymmetric(int order)
    {
        var rule = GaussHermite.Of(order);
        Assert.Equal(1.0, rule.Weights.Sum(), 12);
        for (int i = 0; i < order; i++) Assert.Equal(-rule.Nodes[i], rule.Nodes[order - 1 - i], 12);
    }

    [Fact]
    public void EvenMomentsAreDoubleFactorialsUpToTheExactDegree()
    {
        var rule = GaussHermite.Of(12); // exact through degree 23
        double doubleFactorial = 1;
        for (int k = 1; k <= 11; k++)
        {
            doubleFactorial *= 2 * k - 1;
            int power = 2 * k;
            double moment = rule.Expect(z => Math.Pow(z, power));
            Assert.Equal(1.0, moment / doubleFactorial, 12);
            double absolute = rule.Expect(z => Math.Abs(Math.Pow(z, power - 1)));
            Assert.True(Math.Abs(rule.Expect(z => Math.Pow(z, power - 1))) < 1e-14 * absolute);
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void CharacteristicAndMomentGeneratingFunctions(double a)
    {
        var rule = GaussHermite.Of(64);
        Assert.Equal(Math.Exp(-a * a / 2), rule.Expect(z => Math.Cos(a * z)), 13);
        Assert.Equal(1.0, rule.Expect(z => Math.Exp(a * z)) / Math.Exp(a * a / 2), 13);
    }

    [Fact]
    public void MatchesTabulatedFivePointRule()
    {
        // Abramowitz & Stegun table 25.10 (weight e^{-x²}): nodes 0, ±0.958572464613819, ±2.020182870456086.
        double[] nodes = [-2.020182870456086, -0.958572464613819, 0, 0.958572464613819, 2.020182870456086];
        double[] weights = [0.019953242059046, 0.393619323152241, 0.945308720482942, 0.393619323152241, 0.019953242059046];
        var rule = GaussHermite.Of(5);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(nodes[i], rule.Nodes[i] / Math.Sqrt(2), 13);
            Assert.Equal(weights[i], rule.Weights[i] * Math.Sqrt(Math.PI), 13);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(GaussHermite.MaxOrder + 1)]
    public void RejectsOrdersOutOfRange(int order) => Assert.Throws<UsageException>(() => GaussHermite.Of(order));
}
