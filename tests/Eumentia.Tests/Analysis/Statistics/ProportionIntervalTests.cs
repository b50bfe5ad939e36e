using Eumentia.Analysis.Statistics;
using MathNet.Numerics.Distributions;

namespace Eumentia.Tests.Analysis.Statistics;

public class ProportionIntervalTests
{
    // Reference values: Wilson (1927) and Clopper–Pearson (1934) 95 % intervals as given by
    // statsmodels.stats.proportion.proportion_confint.
    [Theory]
    [InlineData("wilson", 0, 10, 0.0, 0.277532)]
    [InlineData("wilson", 5, 10, 0.236593, 0.763407)]
    [InlineData("wilson", 10, 10, 0.722468, 1.0)]
    [InlineData("clopper-pearson", 0, 10, 0.0, 0.308495)]
    [InlineData("clopper-pearson", 5, 10, 0.187086, 0.812914)]
    [InlineData("clopper-pearson", 10, 10, 0.691505, 1.0)]
    public void MatchesReferenceValues(string method, int k, int n, double lower, double upper)
    {
        var ci = method == "wilson" ? ProportionInterval.Wilson(k, n) : ProportionInterval.ClopperPearson(k, n);
        Assert.Equal(lower, ci.Lower, 5);
        Assert.Equal(upper, ci.Upper, 5);
    }

    /// <summary>Exact coverage: the binomial probability of the outcomes whose interval contains p.</summary>
    static double Coverage(Func<int, int, ProportionInterval> interval, int n, double p) =>
        Enumerable.Range(0, n + 1).Where(k => interval(k, n).Contains(p)).Sum(k => Binomial.PMF(p, n, k));

    [Fact]
    public void ClopperPearsonCoversAtLeastTheNominalLevelEverywhere()
    {
        for (int i = 1; i < 100; i++)
            Assert.True(Coverage((k, n) => ProportionInterval.ClopperPearson(k, n), 30, i / 100.0) >= 0.95 - 1e-9, $"p = {i / 100.0}");
    }

    [Fact]
    public void WilsonCoversTheNominalLevelOnAverageOverP()
    {
        var coverage = Enumerable.Range(1, 99).Select(i => Coverage((k, n) => ProportionInterval.Wilson(k, n), 40, i / 100.0)).ToArray();
        Assert.InRange(coverage.Average(), 0.935, 0.965);
        Assert.True(coverage.Min() > 0.80); // Wilson dips near the edges, but not like the Wald interval
    }

    [Fact]
    public void RejectsImpossibleCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.ClopperPearson(0, 0));
    }
}
