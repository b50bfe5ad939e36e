namespace Eumentia.Studies.Criticality;

/// <summary>One σ_w of a scan: its ρ_l curves per weight draw (a theory curve is a single "draw").</summary>
public sealed record ScanPoint(double SigmaW, IReadOnlyList<double[]> PerDraw);

/// <summary>Where the scan's fits look: the power-law window and the plateau window (layers).</summary>
public sealed record ScanWindows(int PowerFrom, int PowerTo, int PlateauFrom, int PlateauTo, double Floor = 1e-11);

/// <summary>Per-σ_w diagnostics of a scan (on the mean curves).</summary>
public sealed record ScanRow(double SigmaW, double Curvature, double Slope, double Plateau, double DecayLength);

/// <summary>
/// The critical point and exponents measured from one scan, each with its bootstrap error; also the
/// critical points at which the β and ν∥ fits are straightest (a consistency check on σ_c).
/// </summary>
public sealed record ScanExponents(Estimate SigmaC, Estimate Delta, Estimate Beta, Estimate NuParallel,
    Estimate SigmaCFromBeta, Estimate SigmaCFromNu, IReadOnlyList<ScanRow> Rows);

/// <summary>
/// The critical point and the exponents of an absorbing transition from ρ_l curves at several σ_w
/// (depth is time):
///  • σ_c: where the log-log curvature of ρ_l changes sign (ordered: bends down; active: levels off),
///    by a line through the curvatures of the (up to) four σ_w nearest the sign change;
///  • δ: minus the log-log slope at σ_c, interpolated the same way (ρ_l ~ l^−δ);
///  • β: slope of ln ρ* against ln(σ_w − σ_c′) over the active σ_w (ρ* the plateau);
///  • ν∥: minus the slope of ln ξ against ln(σ_c′ − σ_w) over the ordered σ_w (ξ the exponential decay length).
/// These two fits are very sensitive to the critical point, and the curvature criterion has corrections to
/// scaling of its own; so each takes its σ_c′ anywhere between the last ordered and the first active σ_w
/// (the bracket the curvature found) as the value making its log-log line straightest.
/// Errors: the whole chain recomputed on bootstrap resamples of the weight draws of every σ_w.
/// </summary>
public static class ScanAnalysis
{
    public static ScanExponents Analyse(IReadOnlyList<ScanPoint> scan, ScanWindows windows, int replicates = 200, ulong seed = 0)
    {
        if (scan.Count < 2) throw new ArgumentException("a scan needs at least two sigma_w");
        var ordered = scan.OrderBy(p => p.SigmaW).ToArray();
        double[] sigmas = ordered.Select(p => p.SigmaW).ToArray();
        var sets = ordered.Select(p => p.PerDraw).ToArray();
        var estimates = DrawBootstrap.Estimates(sets, means => Exponents(sigmas, means, windows), 6, replicates, seed);
        var rows = sets.Select((s, i) =>
        {
            var mean = DrawBootstrap.Mean(s);
            return new ScanRow(sigmas[i], CurveFits.Curvature(mean, windows.PowerFrom, windows.PowerTo),
                CurveFits.PowerLaw(mean, windows.PowerFrom, windows.PowerTo).Slope,
                CurveFits.Plateau(mean, windows.PlateauFrom, windows.PlateauTo), CurveFits.DecayLength(mean, windows.Floor));
        }).ToArray();
        return new ScanExponents(estimates[0], estimates[1], estimates[2], estimates[3], estimates[4], estimates[5], rows);
    }

    /// <summary>[σ_c, δ, β, ν∥, σ_c′(β), σ_c′(ν∥)] from one set of mean curves (NaN for what the scan cannot give).</summary>
    static double[] Exponents(double[] sigmas, double[][] means, ScanWindows w)
    {
        var curvature = means.Select(m => CurveFits.Curvature(m, w.PowerFrom, w.PowerTo)).ToArray();
        var slope = means.Select(m => CurveFits.PowerLaw(m, w.PowerFrom, w.PowerTo).Slope).ToArray();
        double sigmaC = CriticalPoint(sigmas, curvature, out var near);
        if (!double.IsFinite(sigmaC)) return [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN];
        var (s, i) = Polynomial.Line(near.Select(k => sigmas[k]).ToArray(), near.Select(k => slope[k]).ToArray());
        double delta = -(s * sigmaC + i);
        double lastOrdered = sigmas.Where(x => x < sigmaC).DefaultIfEmpty(double.NaN).Max();
        double firstActive = sigmas.Where(x => x > sigmaC).DefaultIfEmpty(double.NaN).Min();
        var above = Enumerable.Range(0, sigmas.Length).Where(k => sigmas[k] > sigmaC).ToArray();
        var (beta, fromBeta) = StraightestPowerLaw(above.Select(k => sigmas[k]).ToArray(),
            above.Select(k => CurveFits.Plateau(means[k], w.PlateauFrom, w.PlateauTo)).ToArray(), lastOrdered, sigmaC, firstActive, +1);
        var below = Enumerable.Range(0, sigmas.Length).Where(k => sigmas[k] < sigmaC).ToArray();
        var (nu, fromNu) = StraightestPowerLaw(below.Select(k => sigmas[k]).ToArray(),
            below.Select(k => CurveFits.DecayLength(means[k], w.Floor)).ToArray(), lastOrdered, sigmaC, firstActive, -1);
        return [sigmaC, delta, beta, -nu, fromBeta, fromNu];
    }

    /// <summary>
    /// The slope of ln y against ln(side · (x − t)) for the origin t in [lo, hi] (excluding the data's own x)
    /// that leaves the smallest residual; the guess t₀ when the points cannot tell (fewer than three).
    /// </summary>
    static (double Slope, double Origin) StraightestPowerLaw(double[] x, double[] y, double lo, double guess, double hi, int side)
    {
        var keep = Enumerable.Range(0, x.Length).Where(k => y[k] > 0 && double.IsFinite(y[k])).ToArray();
        x = keep.Select(k => x[k]).ToArray();
        y = keep.Select(k => Math.Log(y[k])).ToArray();
        if (x.Length < 2) return (double.NaN, double.NaN);
        (double Slope, double Residual) Fit(double t)
        {
            var u = x.Select(v => Math.Log(side * (v - t))).ToArray();
            var (slope, intercept) = Polynomial.Line(u, y);
            double residual = 0;
            for (int k = 0; k < u.Length; k++) residual += Math.Pow(y[k] - slope * u[k] - intercept, 2);
            return (slope, residual);
        }
        if (x.Length < 3 || !double.IsFinite(lo) || !double.IsFinite(hi)) return (Fit(guess).Slope, guess);
        // Keep the origin strictly on the far side of every data point.
        double nearest = side > 0 ? x.Min() : x.Max();
        if (side > 0) hi = Math.Min(hi, nearest);
        else lo = Math.Max(lo, nearest);
        double margin = 1e-3 * (hi - lo);
        double best = guess, bestResidual = double.PositiveInfinity;
        for (int g = 0; g <= 200; g++)
        {
            double t = lo + margin + (hi - lo - 2 * margin) * g / 200.0;
            double r = Fit(t).Residual;
            if (r < bestResidual) { bestResidual = r; best = t; }
        }
        return (Fit(best).Slope, best);
    }

    /// <summary>
    /// The σ_w where the curvature changes sign from negative to positive (first such change going up),
    /// from a line through up to two points on each side; NaN when the scan does not bracket it.
    /// </summary>
    public static double CriticalPoint(double[] sigmas, double[] curvature, out int[] near)
    {
        near = [];
        int k = -1;
        for (int i = 0; i + 1 < sigmas.Length; i++)
            if (curvature[i] < 0 && curvature[i + 1] >= 0) { k = i; break; }
        if (k < 0) return double.NaN;
        near = Enumerable.Range(Math.Max(0, k - 1), Math.Min(sigmas.Length, k + 3) - Math.Max(0, k - 1))
            .Where(i => double.IsFinite(curvature[i])).ToArray();
        var (s, i0) = Polynomial.Line(near.Select(i => sigmas[i]).ToArray(), near.Select(i => curvature[i]).ToArray());
        double root = -i0 / s;
        // A noisy line may put its root outside the bracket; the bracket is what the data know.
        return s > 0 && root >= sigmas[k] && root <= sigmas[k + 1] ? root
            : sigmas[k] - curvature[k] * (sigmas[k + 1] - sigmas[k]) / (curvature[k + 1] - curvature[k]);
    }
}
