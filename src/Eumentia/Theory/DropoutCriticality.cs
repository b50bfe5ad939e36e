namespace Eumentia.Theory;

/// <summary>
/// The edge of chaos of one keep probability k = 1 − p: the field dropout applies, the two candidate lines (χ₁ = 1 and
/// the peak of ξ_c), what the study's observable ρ_l sees on the line, and the leading-order forms of both.
/// </summary>
/// <param name="Keep">k = 1 − p.</param>
/// <param name="Field">h = ρ_{l+1} at ρ_l = 0 and q = q*: the correlation map's value at the would-be absorbing state.</param>
/// <param name="SigmaWChi1">σ_w where χ₁ = σ_w² E[φ'(√q* z)²] = 1, q* the dropout length map's fixed point.</param>
/// <param name="SigmaWPeak">σ_w where ξ_c is largest: the dropout-aware critical line (a pseudo-critical, Widom-like line).</param>
/// <param name="PeakDepthScale">ξ_c there: finite for every k &lt; 1.</param>
/// <param name="PeakRho">ρ* = 1 − c* there: the plateau a probe's ρ_l settles to instead of decaying to 0.</param>
/// <param name="Kappa">κ of ρ_{l+1} ≈ h + χ₁ ρ_l − κ ρ_l² at σ_w(χ₁ = 1).</param>
/// <param name="LeadingRho">√(h/κ): ρ* on χ₁ = 1 to leading order in h.</param>
/// <param name="LeadingDepthScale">1 / (2√(κh)): ξ_c on χ₁ = 1 to leading order in h.</param>
/// <param name="SigmaWNoDropout">σ_w,c without dropout (k = 1): the line the study uses.</param>
public sealed record DropoutCriticalPoint(double Keep, double Field, double SigmaWChi1, double SigmaWPeak, double PeakDepthScale, double PeakRho,
    double Kappa, double LeadingRho, double LeadingDepthScale, double SigmaWNoDropout);

/// <summary>
/// Mean-field signal propagation with dropout (keep k on the hidden units, independent masks per input; Schoenholz,
/// Gilmer, Ganguli &amp; Sohl-Dickstein, "Deep information propagation", ICLR 2017, section 5). Dropout puts 1/k on the
/// diagonal of the covariance only, q_{l+1} = σ_w²/k E[φ²] + σ_b², so two identical inputs decorrelate: the correlation
/// map no longer has c = 1 as a fixed point. Written for ρ = 1 − c near the would-be absorbing state ρ = 0 at q*,
///   ρ_{l+1} = h + χ₁ ρ_l − κ ρ_l² + O(ρ³),   h = σ_w² (1/k − 1) E[φ(√q* z)²] / q* = (1 − k)(1 − σ_b²/q*),
/// the closed form for h from q* = σ_w²/k E[φ²] + σ_b². In the language of absorbing phase transitions h is an external
/// field conjugate to ρ (spontaneous creation of activity): the absorbing state is gone, and with it the phase transition,
/// but the critical point leaves a crossover. With ε = χ₁ − 1 the fixed point is ρ* = (ε + √(ε² + 4κh)) / 2κ and the
/// slope there χ_c = 1 + ε − 2κρ* = 1 − √(ε² + 4κh), so ξ_c = −1/ln χ_c ≈ 1/√(ε² + 4κh) — finite everywhere (as
/// Schoenholz et al. found), largest where ε = 0 to leading order, i.e. on the χ₁ = 1 line of the dropout q*; the exact
/// peak moves from it by O(h) through the σ_w dependence of κ and h. On that line ρ* = √(h/κ) (mean-field exponent
/// β/σ = 1/2 of the field) and ξ_c = 1/(2√(κh)) (ν∥/σ = 1/2). So what the study's observable sees with dropout: at the
/// line, ρ_l follows the critical 1/(κ l) decay while l ≪ l× ≈ 1/√(κh) and then settles on ρ* ≈ √(h/κ) instead of
/// decaying to 0; off the line it settles within ξ_c layers. As k → 1 (h → 0) both lines tend to the study's σ_w,c.
/// Training with dropout (the phases study) sits at this line, not at the k = 1 one.
/// </summary>
public static class DropoutCriticality
{
    /// <summary>h = (1 − k)(1 − σ_b²/q*) at this field's σ_w: ρ_{l+1} for ρ_l = 0 at the length fixed point.</summary>
    public static double Field(MeanField field)
    {
        double q = field.LengthFixedPoint();
        return (1 - field.Keep) * (1 - field.SigmaB * field.SigmaB / q);
    }

    /// <summary>The dropout-aware critical point at keep <paramref name="keep"/>.</summary>
    public static DropoutCriticalPoint At(Activation activation, double sigmaB, double keep, int order = 96)
    {
        if (!(keep > 0 && keep <= 1)) throw new UsageException($"keep probability must lie in (0, 1], got {keep}");
        double noDropout = CriticalLine.SigmaW(activation, sigmaB, 1.0, order);
        double chi1Line = CriticalLine.SigmaW(activation, sigmaB, keep, order);
        var atLine = new MeanField(activation, chi1Line, sigmaB, keep, order);
        double h = Field(atLine), kappa = atLine.Kappa;
        if (keep == 1)
            return new DropoutCriticalPoint(keep, 0, chi1Line, chi1Line, double.PositiveInfinity, 0, kappa, 0, double.PositiveInfinity, noDropout);
        double peak = PeakOfDepthScale(sigmaW => new MeanField(activation, sigmaW, sigmaB, keep, order).CorrelationDepthScale, chi1Line);
        var atPeak = new MeanField(activation, peak, sigmaB, keep, order);
        return new DropoutCriticalPoint(keep, h, chi1Line, peak, atPeak.CorrelationDepthScale, atPeak.RhoFixedPoint, kappa,
            Math.Sqrt(h / kappa), 1 / (2 * Math.Sqrt(kappa * h)), noDropout);
    }

    /// <summary>
    /// The σ_w of the largest ξ_c near <paramref name="start"/>: a bracket widened until ξ_c falls on both sides, then
    /// golden-section search (ξ_c is smooth and single-peaked across the line).
    /// </summary>
    static double PeakOfDepthScale(Func<double, double> depthScale, double start)
    {
        double step = 0.02 * start, low = start - step, high = start + step;
        for (int i = 0; i < 40 && depthScale(low) >= depthScale(start); i++) low -= step *= 1.5;
        step = 0.02 * start;
        for (int i = 0; i < 40 && depthScale(high) >= depthScale(start); i++) high += step *= 1.5;
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = high - ratio * (high - low), b = low + ratio * (high - low), fa = depthScale(a), fb = depthScale(b);
        while (high - low > 1e-9 * start)
        {
            if (fa > fb) { high = b; b = a; fb = fa; a = high - ratio * (high - low); fa = depthScale(a); }
            else { low = a; a = b; fa = fb; b = low + ratio * (high - low); fb = depthScale(b); }
        }
        return (low + high) / 2;
    }
}
