using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// β from the active side of a critical point found elsewhere: above σ_c the mean ρ_l settles on a plateau
/// ρ* ∝ (σ_w − σ_c)^β, so β is the slope of ln ρ* against ln(σ_w − σ_c) over the σ_w whose curves have settled
/// (<see cref="ScanAnalysis.IsStationary"/>, judged once on all draws). The scan's own β (<see cref="ScanAnalysis"/>)
/// chooses σ_c to straighten this line; here σ_c is given with its error (<see cref="AtCriticalPoint"/>), so every
/// exponent of an architecture is read at one critical point.
/// </summary>
public static class BetaFit
{
    /// <summary>β with its error; NaN when fewer than two settled σ_w lie above σ_c.</summary>
    public static Estimate AboveCriticalPoint(IReadOnlyList<ScanPoint> scan, Estimate sigmaC, int plateauFrom, int plateauTo,
        int replicates = 200, ulong seed = 0)
    {
        var settled = scan.Where(p => ScanAnalysis.IsStationary(DrawBootstrap.Mean(p.PerDraw), plateauTo)).ToArray();
        if (settled.Length < 2) return Estimate.Missing;
        return AtCriticalPoint.Fit(settled, sigmaC, (sigmas, curves, origin) =>
            AtCriticalPoint.Slope(sigmas, curves.Select(c => CurveFits.Plateau(c.Mean, plateauFrom, plateauTo)).ToArray(), origin, +1), replicates, seed);
    }
}
