using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// ν∥ from the ordered side of a critical point found elsewhere: at σ_w below σ_c the typical ρ_l dies as
/// exp(−l/ξ∥) with ξ∥ ∝ (σ_c − σ_w)^−ν∥, so ν∥ is minus the slope of ln ξ∥ against ln(σ_c − σ_w). This is the MLP
/// scan's ν∥ fit (<see cref="ScanAnalysis"/>) with the critical point given, with its error, instead of chosen to
/// straighten the line (<see cref="AtCriticalPoint"/>).
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
        double[] Lengths(MeanCurves[] curves) => curves.Select(c => CurveFits.DecayLength(c.Typical, floor)).ToArray();
        var lengths = Lengths(ordered.Select(p => DrawBootstrap.Curves(p.PerDraw)).ToArray());
        var nu = AtCriticalPoint.Fit(ordered, sigmaC, (sigmas, curves, origin) => Fit(sigmas, Lengths(curves), origin), replicates, seed);
        return (nu, lengths);
    }

    /// <summary>−slope of ln ξ against ln(σ_c − σ_w) over the σ_w below σ_c with a finite decay length.</summary>
    public static double Fit(double[] sigmas, double[] lengths, double sigmaC) => -AtCriticalPoint.Slope(sigmas, lengths, sigmaC, -1);
}
