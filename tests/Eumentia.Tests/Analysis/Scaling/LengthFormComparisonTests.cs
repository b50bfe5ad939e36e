using Eumentia.Analysis;
using Eumentia.Analysis.Scaling;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Tests.Analysis.Scaling;

/// <summary>
/// BKT against power-law growth of a length towards p_c: on synthetic lengths of either form with log-normal noise of
/// known size the comparison picks the true form with a bootstrap interval that excludes 0, the power-law fit recovers
/// its exponent, and on a few noisy points the interval straddles 0 and the verdict is undecided.
/// </summary>
public class LengthFormComparisonTests
{
    const double Pc = 0.2;

    static double BktLn(double p) => Math.Log(100) + 0.5 / Math.Sqrt(p - Pc);
    static double PowerLn(double p) => Math.Log(50) - 1.5 * Math.Log(p - Pc);

    /// <summary>Lengths at <paramref name="ps"/> with log-normal noise σ; replicate r draws fresh noise (r = −1: the data).</summary>
    static ObservationSet Data(Func<double, double> lnXi, double[] ps, double sigma, int replicate) =>
        new(ps.Select((p, i) =>
        {
            double xi = Math.Exp(lnXi(p) + sigma * Philox.Normal(5, RngStream.Of(RngStream.Analysis, 99, replicate + 1), (ulong)i));
            return new Observation(0, p, xi, xi * sigma, -1, 0);
        }).ToList(), [], "synthetic N*(p)");

    // Distances to p_c from 0.01 to 0.45, log-spaced: the two forms differ most close to p_c (BKT's essential
    // singularity against a straight line in ln ξ against ln|p − p_c|). On 0.1–0.6 alone, with p_c free, they do not:
    // both fit 2 % noise within errors (checked: Δχ² intervals [−10, 4] and [−3, 7]).
    static readonly double[] Wide = [.. Enumerable.Range(0, 12).Select(i => Pc + 0.01 * Math.Pow(2, i / 2.0))];
    static readonly BktLengthOptions Bounded = new(PcBounds: (0, Wide[0]));

    [Fact]
    public void BktGrowthIsPreferredWhenTheLengthsAreBkt()
    {
        var c = LengthFormComparison.Compare(Data(BktLn, Wide, 0.05, -1), 200, r => Data(BktLn, Wide, 0.05, r), Bounded);
        Assert.True(c.Preferred == "bkt", c.Verdict);
        Assert.True(c.Lower > 0, $"Δχ² interval [{c.Lower}, {c.Upper}]");
        Assert.InRange(c.Bkt.Quality.Chi2PerDof, 0.1, 3);
        Assert.True(c.PowerLaw.Quality.Chi2PerDof > 3, $"power law χ²/dof {c.PowerLaw.Quality.Chi2PerDof}");     // one misfit: BKT still wins
        Assert.StartsWith("BKT growth fits N* better than a power law", c.Verdict);
        Assert.Equal(200, c.Replicates);
    }

    [Fact]
    public void PowerLawGrowthIsPreferredAndItsExponentRecovered()
    {
        var c = LengthFormComparison.Compare(Data(PowerLn, Wide, 0.05, -1), 200, r => Data(PowerLn, Wide, 0.05, r), Bounded);
        Assert.True(c.Preferred == "power-law", c.Verdict);
        Assert.True(c.Upper < 0, $"Δχ² interval [{c.Lower}, {c.Upper}]");
        Assert.Equal(LengthForm.PowerLaw, c.PowerLaw.Form);
        var nu = c.PowerLaw.Parameter("nu");
        Assert.True(Math.Abs(nu.Value - 1.5) < 3 * nu.Error, $"nu = {nu.Value} ± {nu.Error}");
        Assert.True(Math.Abs(c.PowerLaw["p_c"] - Pc) < 3 * c.PowerLaw.Parameter("p_c").Error + 1e-3, $"p_c = {c.PowerLaw["p_c"]}");
        Assert.Equal(PowerLn(0.5), c.PowerLaw.PredictLn(0.5), 1);
    }

    [Fact]
    public void FewNoisyPointsAreUndecided()
    {
        double[] few = [0.32, 0.36, 0.40, 0.44, 0.48];
        var c = LengthFormComparison.Compare(Data(BktLn, few, 0.3, -1), 200, r => Data(BktLn, few, 0.3, r), new BktLengthOptions(PcBounds: (0, 0.32)));
        Assert.Equal("undecided", c.Preferred);
        Assert.True(c.Lower < 0 && c.Upper > 0, $"Δχ² interval [{c.Lower}, {c.Upper}]");
        Assert.StartsWith("undecided between BKT and power-law growth", c.Verdict);
    }

    /// <summary>A preference needs the interval to exclude 0 and |Δχ²| ≥ 2: a tiny difference with a one-sided interval
    /// (both forms fitting within errors, as at p_train 0.2 with 2,400 steps: Δχ² = −0.12, [−0.47, −0.00]) is undecided.</summary>
    [Theory]
    [InlineData(5.0, 1.0, 9.0, "bkt")]
    [InlineData(-5.0, -9.0, -1.0, "power-law")]
    [InlineData(0.3, -1.0, 2.0, "undecided")]
    [InlineData(-0.12, -0.47, -0.001, "undecided")]
    [InlineData(1.5, 0.5, 3.0, "undecided")]
    public void APreferenceNeedsAnIntervalOffZeroAndADifferenceOfTwo(double delta, double lower, double upper, string expected)
    {
        Assert.Equal(expected, LengthFormComparison.Decide(delta, lower, upper, 200));
        // Two misfits (both χ²/dof > 3, as at p_train 0.2 and 0.4 with 600 steps) are ranked, never preferred.
        Assert.Equal("neither", LengthFormComparison.Decide(delta, lower, upper, 200, bothMisfit: true));
    }
}
