using Eumentia.Analysis.Scaling;
using Eumentia.Analysis;

namespace Eumentia.Tests.Analysis.Scaling;

public class BktLengthFitterTests
{
    const double Pc = 0.6, B = 0.8, LnA = 1.0;

    /// <summary>Crossover scales xi(p) = A exp(b / sqrt(p_c - p)) measured below p_c, 5% log-normal noise per seed.</summary>
    static ObservationSet Data(int replica, int seeds = 6) =>
        new(SyntheticData.ScalingLaw(p => Math.Exp(LnA + B / Math.Sqrt(Pc - p)), SyntheticData.Linear(0.2, 0.5, 10), seeds, 0.05, replica)
            .Observations.Select(o => o with { Control = o.Size, Size = 1 }).ToArray(), Enumerable.Range(0, seeds).Select(i => $"s{i}").ToArray(), "synthetic");

    [Fact]
    public void RecoversCriticalPointAndAmplitude()
    {
        var fit = BktLengthFitter.Fit(Data(0), new BktLengthOptions(BootstrapSamples: 40));
        Assert.Equal("above", fit.Side);
        Assert.True(fit.Convergence.Interior, fit.Convergence.Message);
        Assert.InRange(fit["p_c"], 0.57, 0.63);
        Assert.InRange(fit["b"], 0.6, 1.0);
        Assert.InRange(fit["ln_A"], 0.7, 1.3);
        Assert.InRange(fit.Quality.Chi2PerDof, 0.1, 4);
        foreach (var p in fit.Parameters) Assert.True(p.Profile!.LowerFound && p.Profile.UpperFound, p.Name);
    }

    [Fact]
    public void ErrorsAreHonestOverReplicas()
    {
        int boot = 0, profile = 0;
        for (int r = 0; r < 20; r++)
        {
            var p = BktLengthFitter.Fit(Data(50 + r), new BktLengthOptions(Side: BktSide.Above, BootstrapSamples: 30, Seed: (ulong)r)).Parameter("p_c");
            if (Math.Abs(p.Value - Pc) <= 2 * p.Bootstrap!.StandardError) boot++;
            if (Math.Abs(p.Value - Pc) <= 2 * p.Profile!.HalfWidth) profile++;
        }
        Assert.True(boot >= 16, $"bootstrap covered p_c in {boot}/20");
        Assert.True(profile >= 16, $"profile covered p_c in {profile}/20");
    }

    [Fact]
    public void TooFewControlValuesIsAUsageError()
    {
        var few = new ObservationSet([new(1, 0.1, 2, double.NaN, -1, 2), new(1, 0.2, 3, double.NaN, -1, 3), new(1, 0.3, 5, double.NaN, -1, 4)], [], "xi.csv");
        var e = Assert.Throws<UsageException>(() => BktLengthFitter.Fit(few));
        Assert.Contains("fewer points than parameters", e.Message);
    }
    /// <summary>
    /// p_c held in an interval from outside the fit: inside a true interval the fit stays there and recovers b; an
    /// interval that excludes the true p_c pins it to the nearer bound and says so; one over the data is refused.
    /// </summary>
    [Fact]
    public void ConstrainedCriticalPointStaysInItsBounds()
    {
        var fit = BktLengthFitter.Fit(Data(0), new BktLengthOptions(BootstrapSamples: 0, PcBounds: (0.58, 0.62)));
        Assert.Equal("above", fit.Side);
        Assert.InRange(fit["p_c"], 0.58, 0.62);
        Assert.InRange(fit["b"], 0.6, 1.0);
        Assert.InRange(fit.Quality.Chi2PerDof, 0.1, 4);

        var wrong = BktLengthFitter.Fit(Data(0), new BktLengthOptions(BootstrapSamples: 0, PcBounds: (0.7, 0.8)));
        Assert.InRange(wrong["p_c"], 0.7, 0.701);
        Assert.Contains("bound of its constraint", wrong.Convergence.Message);
        Assert.False(wrong.Convergence.Interior);

        var below = BktLengthFitter.Fit(Data(0), new BktLengthOptions(BootstrapSamples: 0, PcBounds: (0.0, 0.1)));
        Assert.Equal("below", below.Side);
        Assert.InRange(below["p_c"], 0.0, 0.1);

        var e = Assert.Throws<UsageException>(() => BktLengthFitter.Fit(Data(0), new BktLengthOptions(PcBounds: (0.3, 0.7))));
        Assert.Contains("overlap the data", e.Message);
    }

    /// <summary>On four points the free fit cannot locate p_c (its error spans more than the data), the constrained one can by construction.</summary>
    [Fact]
    public void FewPointsLeaveAFreeCriticalPointUnconstrained()
    {
        var four = new ObservationSet(Data(3).Observations.Where(o => o.Control >= 0.39).ToList(), Data(3).SeedLabels, "four points");
        var free = BktLengthFitter.Fit(four, new BktLengthOptions(BootstrapSamples: 0));
        var held = BktLengthFitter.Fit(four, new BktLengthOptions(BootstrapSamples: 0, PcBounds: (0.59, 0.61)));
        Assert.InRange(held["p_c"], 0.59, 0.61);
        Assert.True(held.Parameter("p_c").Error <= 0.02, $"constrained p_c error {held.Parameter("p_c").Error}");
        Assert.True(!(free.Parameter("p_c").Error <= 0.02), $"free p_c error {free.Parameter("p_c").Error}");
    }
}
