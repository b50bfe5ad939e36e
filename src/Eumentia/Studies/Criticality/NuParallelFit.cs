using Eumentia.Numerics;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// ν∥ from the ordered side of a critical point found elsewhere: at σ_w below σ_c the typical ρ_l dies as
/// exp(−l/ξ∥) with ξ∥ ∝ (σ_c − σ_w)^−ν∥, so ν∥ is minus the slope of ln ξ∥ against ln(σ_c − σ_w). This is the MLP
/// scan's ν∥ fit (<see cref="ScanAnalysis"/>) for a scan spaced for it — σ_w at fixed fractions below σ_c — where the
/// critical point comes with its own error instead of being chosen to straighten the line: with a few σ_w that free
/// origin would trade off against ν∥. Errors: bootstrap over the weight draws of every σ_w, each replicate also drawing
/// σ_c from a normal of the given error, so the uncertainty of the critical point reaches ν∥.
/// </summary>
public static class NuParallelFit
{
    /// <summary>
    /// ν∥ with its error, and ξ∥ per σ_w (of all draws). σ_w at or above a replicate's σ_c, and curves that do not
    /// decay, drop out of that replicate; NaN when fewer than two σ_w remain.
    /// </summary>
    public static (Estimate NuParallel, double[] DecayLengths) BelowCriticalPoint(IReadOnlyList<ScanPoint> ordered, Estimate sigmaC,
        double floor = CurveFits.Floor, int replicates = 200, ulong seed = 0)
    {
        if (ordered.Count < 2) throw new ArgumentException("the ordered side needs at least two sigma_w");
        double[] sigmas = ordered.Select(p => p.SigmaW).ToArray();
        var sets = ordered.Select(p => p.PerDraw).ToArray();
        double[] Lengths(MeanCurves[] curves) => curves.Select(c => CurveFits.DecayLength(c.Typical, floor)).ToArray();
        var lengths = Lengths(sets.Select(s => DrawBootstrap.Curves(s)).ToArray());
        double value = Fit(sigmas, lengths, sigmaC.Value);
        if (sets.All(s => s.Count < 2) && !(sigmaC.Error > 0)) return (new Estimate(value, 0), lengths);
        double spread = double.IsFinite(sigmaC.Error) ? sigmaC.Error : 0;
        var values = Enumerable.Range(0, replicates).Select(r =>
        {
            double jittered = sigmaC.Value + spread * Philox.Normal(seed, RngStream.Of(RngStream.Bootstrap, r, sets.Length), 0);
            return Fit(sigmas, Lengths(DrawBootstrap.Resample(sets, r, seed)), jittered);
        }).ToArray();
        return (Estimate.FromReplicates(value, values), lengths);
    }

    /// <summary>−slope of ln ξ against ln(σ_c − σ_w) over the σ_w below σ_c with a finite decay length.</summary>
    public static double Fit(double[] sigmas, double[] lengths, double sigmaC)
    {
        var use = Enumerable.Range(0, sigmas.Length).Where(k => sigmas[k] < sigmaC && lengths[k] > 0 && double.IsFinite(lengths[k])).ToArray();
        if (use.Length < 2) return double.NaN;
        return -Polynomial.Line(use.Select(k => Math.Log(sigmaC - sigmas[k])).ToArray(), use.Select(k => Math.Log(lengths[k])).ToArray()).Slope;
    }
}
