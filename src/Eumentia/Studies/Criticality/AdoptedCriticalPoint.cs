using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// The one critical point at which every exponent of a CNN is read (the decay for δ, the size collapse, the active
/// side for β, the ordered side for ν∥), with the criterion that gave it and the other criterion's value. Its error
/// is the criterion's bootstrap error and the two criteria's disagreement in quadrature: the disagreement is a
/// systematic error of a finite-depth scan, which the bootstrap over draws does not see.
/// </summary>
public sealed record AdoptedCriticalPoint(Estimate SigmaC, string Criterion, double Other, string OtherCriterion)
{
    public const string Curvature = "late-time log-log curvature changes sign";
    public const string Extrapolation = "plateau rho* extrapolates to zero";
    public const string Bracket = "middle of the bracket";

    /// <summary>|adopted − other| (NaN when the other criterion gave nothing).</summary>
    public double Disagreement => Math.Abs(SigmaC.Value - Other);

    /// <summary>
    /// The DP simulator's criterion first: σ_c where ln ρ̄ against ln l turns from bending down to bending up at late
    /// times (<see cref="ScanAnalysis.CriticalPoint"/>). A plateau extrapolated to zero from a finite depth is biased
    /// (near σ_c the plateau is not yet reached and crossovers bend the fit), so it only serves as the check; it is the
    /// fallback when the curvature never changes sign, and the bracket's middle ± half a fine step when neither exists.
    /// </summary>
    public static AdoptedCriticalPoint Choose(ScanExponents scan, double bracketLow, double bracketHigh, double fineStep)
    {
        static double Err(Estimate e) => double.IsFinite(e.Error) ? e.Error : 0;
        Estimate curvature = scan.SigmaCFromCurvature, extrapolated = scan.SigmaC;
        if (double.IsFinite(curvature.Value))
        {
            double disagreement = double.IsFinite(extrapolated.Value) ? extrapolated.Value - curvature.Value : 0;
            return new(new Estimate(curvature.Value, Math.Sqrt(Err(curvature) * Err(curvature) + disagreement * disagreement)), Curvature,
                extrapolated.Value, Extrapolation);
        }
        if (double.IsFinite(extrapolated.Value))
            return new(new Estimate(extrapolated.Value, Err(extrapolated)), Extrapolation, double.NaN, Curvature);
        return new(new Estimate(0.5 * (bracketLow + bracketHigh), fineStep / 2), Bracket, double.NaN, Curvature);
    }

    /// <summary>The value, its criterion and how far the other criterion lies from it (for the report's table).</summary>
    public string Summary => double.IsFinite(Disagreement)
        ? FormattableString.Invariant($"{SigmaC} ({Criterion}; disagreement {Disagreement:G2})")
        : FormattableString.Invariant($"{SigmaC} ({Criterion}; the other criterion gave none)");

    public override string ToString() => FormattableString.Invariant($"{SigmaC} ({Criterion}")
        + (double.IsFinite(Other) ? FormattableString.Invariant($"; {OtherCriterion}: {Other:F4}") : "") + ")";
}
