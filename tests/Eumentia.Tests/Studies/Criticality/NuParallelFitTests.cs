using Eumentia.Analysis.Statistics;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Criticality;
using Eumentia.Theory;

namespace Eumentia.Tests.Studies.Criticality;

public class NuParallelFitTests
{
    const double SigmaC = 1.4;
    static readonly double[] Offsets = [0.01, 0.02, 0.04, 0.08];

    /// <summary>
    /// Draws of ρ_l = A_d exp(−l / ξ_d) below σ_c, ξ = 0.2 (σ_c − σ_w)^−ν: each draw with its own amplitude (ln A spread
    /// 0.3) and decay length (5 % spread), as the draws of a finite network scatter.
    /// </summary>
    static ScanPoint[] Synthetic(double nu, int draws = 16, int depth = 3000) => Offsets.Select((eps, k) =>
    {
        double sigmaW = SigmaC * (1 - eps), xi = 0.2 * Math.Pow(SigmaC - sigmaW, -nu);
        var perDraw = Enumerable.Range(0, draws).Select(d =>
        {
            ulong stream = RngStream.Of(RngStream.Analysis, k, d);
            double amplitude = 0.5 * Math.Exp(0.3 * Philox.Normal(7, stream, 0)), length = xi * (1 + 0.05 * Philox.Normal(7, stream, 1));
            return Enumerable.Range(0, depth + 1).Select(l => amplitude * Math.Exp(-l / length)).ToArray();
        }).ToArray();
        return new ScanPoint(sigmaW, perDraw);
    }).ToArray();

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.733847)]
    public void RecoversTheExponentOfSyntheticOrderedDecays(double nu)
    {
        var (estimate, lengths) = NuParallelFit.BelowCriticalPoint(Synthetic(nu), new Estimate(SigmaC, 0));
        Assert.True(Math.Abs(estimate.Value - nu) < Math.Max(3 * estimate.Error, 0.02), $"nu_par = {estimate}, expected {nu}");
        Assert.InRange(estimate.Error, 1e-4, 0.1);
        Assert.True(lengths[0] > lengths[^1], "the decay length must grow towards the critical point");
    }

    [Fact]
    public void TheCriticalPointsErrorWidensTheExponentsError()
    {
        var scan = Synthetic(1.733847);
        var sharp = NuParallelFit.BelowCriticalPoint(scan, new Estimate(SigmaC, 0)).NuParallel;
        var blurred = NuParallelFit.BelowCriticalPoint(scan, new Estimate(SigmaC, 0.004)).NuParallel;
        Assert.Equal(sharp.Value, blurred.Value, 12);
        Assert.True(blurred.Error > 2 * sharp.Error, $"sigma_c error 0.004: nu error {blurred.Error:G3} vs {sharp.Error:G3} without");
        // A critical point placed too high bends the line: the exponent comes out wrong, which is why its error must count.
        var (wrong, _) = NuParallelFit.BelowCriticalPoint(scan, new Estimate(SigmaC * 1.01, 0));
        Assert.True(Math.Abs(wrong.Value - 1.733847) > 5 * sharp.Error, $"a misplaced sigma_c gave {wrong}");
    }

    [Fact]
    public void TheExactMeanFieldIterationHasNuParallelOne()
    {
        double sigmaC = CriticalLine.SigmaW(Activation.Tanh, 0.3, order: 48);
        var scan = new[] { 0.01, 0.02, 0.04 }.Select(eps =>
        {
            var field = new MeanField(Activation.Tanh, sigmaC * (1 - eps), 0.3, 1.0, 48);
            return new ScanPoint(field.SigmaW, [field.Iterate(field.LengthFixedPoint(), 1.0, 3000).Rho.ToArray()]);
        }).ToArray();
        var (nu, _) = NuParallelFit.BelowCriticalPoint(scan, new Estimate(sigmaC, 0));
        Assert.InRange(nu.Value, 0.95, 1.06); // mean field: 1, with corrections O(ε)
        Assert.Equal(0, nu.Error);
    }

    [Fact]
    public void TooFewOrderedPointsGiveNoExponent()
    {
        Assert.True(double.IsNaN(NuParallelFit.Fit([1.3, 1.5], [10, 20], 1.4)));
        Assert.Equal(1.0, NuParallelFit.Fit([1.3, 1.35], [10, 20], 1.4), 12);
    }
}
