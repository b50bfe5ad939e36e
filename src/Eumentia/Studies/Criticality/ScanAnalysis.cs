using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>One σ_w of a scan: its ρ_l curves per weight draw (a theory curve is a single "draw").</summary>
public sealed record ScanPoint(double SigmaW, IReadOnlyList<double[]> PerDraw);

/// <summary>
/// Where the scan's fits look: the power-law window and the plateau window (layers), and the time offset t₀
/// of the power-law fits (ln(l + t₀) in place of ln l: the transient from the initial condition). The curvature
/// criterion looks at [CurvatureFrom, PowerTo] (0: the whole power window): the late end of the window, where a
/// crossover from early mean-field decay no longer bends the log-log line (the DP simulator's criterion).
/// </summary>
public sealed record ScanWindows(int PowerFrom, int PowerTo, int PlateauFrom, int PlateauTo, double Floor = CurveFits.Floor, double TimeOffset = 0,
    int CurvatureFrom = 0)
{
    /// <summary>The first layer of the curvature window.</summary>
    public int CurvatureStart => Math.Max(PowerFrom, CurvatureFrom);
}

/// <summary>Per-σ_w diagnostics of a scan (on the mean curves).</summary>
public sealed record ScanRow(double SigmaW, double Curvature, double Slope, double Plateau, double DecayLength);

/// <summary>
/// The critical point and exponents measured from one scan, each with its bootstrap error; also the
/// critical point by the curvature criterion and the one at which the ν∥ fit is straightest (checks on σ_c).
/// </summary>
public sealed record ScanExponents(Estimate SigmaC, Estimate Delta, Estimate Beta, Estimate NuParallel,
    Estimate SigmaCFromCurvature, Estimate SigmaCFromNu, IReadOnlyList<ScanRow> Rows);

/// <summary>
/// The critical point and the exponents of an absorbing transition from ρ_l curves at several σ_w
/// (depth is time):
///  • active σ_w: the top run of the scan whose mean ρ_l has settled at the end (log-log slope over the last
///    factor of two in depth above −<see cref="Stationary"/> minus twice its error, ρ above
///    <see cref="ActiveLevel"/>); the rest are ordered or critical;
///  • σ_c and β: ρ* = A (σ_w − σ_c)^β over the active σ_w (ρ* the plateau), σ_c anywhere between the last
///    non-active and the first active σ_w, chosen to make the log-log line straightest — the order
///    parameter extrapolated to zero, which is robust where the decay is not monotone;
///  • δ: minus the log-log slope of ρ_l over the power window, interpolated to σ_c (ρ_l ~ l^−δ);
///  • ν∥: minus the slope of ln ξ against ln(σ_c′ − σ_w) over the ordered σ_w, ξ the exponential decay length
///    of the typical ρ_l (exp of the mean of ln ρ_l, which rare slow draws cannot dominate), σ_c′ again
///    chosen in the bracket;
///  • σ_c by the textbook criterion: where the log-log curvature (over the late part of the window) changes sign.
/// Errors: the whole chain recomputed on bootstrap resamples of the weight draws of every σ_w.
/// </summary>
public static class ScanAnalysis
{
    /// <summary>
    /// The decay rate −d ln ρ / d ln l below which a curve counts as settled (active) at the end of the run,
    /// beyond twice the slope's own standard error: noisy curves (few channels, shared filters) get the
    /// benefit of the doubt; rising curves are active.
    /// </summary>
    public const double Stationary = 0.08;

    /// <summary>An active state's ρ* is of order 0.01–1; a mean below this at the end of the run is a dying one.</summary>
    public const double ActiveLevel = 1e-4;

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
            var typical = DrawBootstrap.Typical(s);
            return new ScanRow(sigmas[i], CurveFits.Curvature(mean, windows.CurvatureStart, windows.PowerTo, windows.TimeOffset),
                CurveFits.PowerLaw(mean, windows.PowerFrom, windows.PowerTo, windows.TimeOffset).Slope,
                CurveFits.Plateau(mean, windows.PlateauFrom, windows.PlateauTo), CurveFits.DecayLength(typical, windows.Floor));
        }).ToArray();
        return new ScanExponents(estimates[0], estimates[1], estimates[2], estimates[3], estimates[4], estimates[5], rows);
    }

    /// <summary>Whether ρ_l has stopped decaying over the last factor of two in depth, at a level an active state has.</summary>
    public static bool IsStationary(double[] mean, int depth)
    {
        if (CurveFits.Dies(mean, depth / 2, depth) || !(mean[depth] > ActiveLevel)) return false;
        var (slope, error) = CurveFits.PowerLawSlope(mean, Math.Max(1, depth / 2), depth);
        return slope > -(Stationary + 2 * (double.IsFinite(error) ? error : 0));
    }

    /// <summary>[σ_c, δ, β, ν∥, σ_c(curvature), σ_c′(ν∥)] from one set of mean curves (NaN for what the scan cannot give).</summary>
    static double[] Exponents(double[] sigmas, MeanCurves[] curves, ScanWindows w)
    {
        int n = sigmas.Length;
        var means = curves.Select(c => c.Mean).ToArray();
        var curvature = means.Select(m => CurveFits.Curvature(m, w.CurvatureStart, w.PowerTo, w.TimeOffset)).ToArray();
        var slope = means.Select(m => CurveFits.Dies(m, w.PowerFrom, w.PowerTo) ? double.NegativeInfinity
            : CurveFits.PowerLaw(m, w.PowerFrom, w.PowerTo, w.TimeOffset).Slope).ToArray();
        int firstActive = n;
        while (firstActive > 0 && IsStationary(means[firstActive - 1], w.PlateauTo)) firstActive--;
        // A curve that has settled on its plateau is active whatever the sign of its (near-zero) curvature: over a late window
        // a flat curve's curvature is noise, and a run of settled σ_w would otherwise outvote the crossing.
        double byCurvature = CriticalPoint(sigmas, curvature.Select((c, k) => k >= firstActive ? double.PositiveInfinity : c).ToArray(), out _);
        // The critical point lies above the last σ_w that still bends down (or dies) and below the first
        // settled one; unsettled curves that bend up are slow active ones near σ_c.
        int lastOrdered = Enumerable.Range(0, firstActive).LastOrDefault(k => curvature[k] < 0, -1);
        double lo = lastOrdered >= 0 ? sigmas[lastOrdered] : 2 * sigmas[0] - sigmas[Math.Min(1, n - 1)];
        double hi = firstActive < n ? sigmas[firstActive] : 2 * sigmas[^1] - sigmas[^2];
        var active = Enumerable.Range(firstActive, n - firstActive).ToArray();
        // With fewer than three settled σ_w the extrapolation has no leverage: take the curvature crossing
        // when it falls in the bracket, else the bracket's middle.
        double guess = double.IsFinite(byCurvature) && byCurvature >= lo && byCurvature <= hi ? byCurvature : 0.5 * (lo + hi);
        var (beta, sigmaC) = active.Length == 0 ? (double.NaN, guess)
            : StraightestPowerLaw(active.Select(k => sigmas[k]).ToArray(),
                active.Select(k => CurveFits.Plateau(means[k], w.PlateauFrom, w.PlateauTo)).ToArray(), lo, guess, hi, +1);
        if (!double.IsFinite(sigmaC)) return [double.NaN, double.NaN, beta, double.NaN, byCurvature, double.NaN];

        var below = Enumerable.Range(0, n).Where(k => sigmas[k] < sigmaC).ToArray();
        var (nu, fromNu) = StraightestPowerLaw(below.Select(k => sigmas[k]).ToArray(),
            below.Select(k => CurveFits.DecayLength(curves[k].Typical, w.Floor)).ToArray(), lo, sigmaC, hi, -1);
        return [sigmaC, -Interpolate(sigmas, slope, sigmaC), beta, -nu, byCurvature, fromNu];
    }

    /// <summary>y at x by linear interpolation between the finite neighbours that bracket x (the nearest finite one outside).</summary>
    static double Interpolate(double[] x, double[] y, double at)
    {
        var finite = Enumerable.Range(0, x.Length).Where(k => double.IsFinite(y[k])).ToArray();
        if (finite.Length == 0) return double.NaN;
        int right = finite.FirstOrDefault(k => x[k] >= at, -1), left = finite.LastOrDefault(k => x[k] <= at, -1);
        if (left < 0) return y[right];
        if (right < 0 || right == left) return y[left];
        return y[left] + (y[right] - y[left]) * (at - x[left]) / (x[right] - x[left]);
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
    /// The σ_w where the curvature changes sign from negative (ordered) to positive (active): the split of the
    /// ascending σ_w that agrees with the most signs (noise may flip a sign far from the transition), then a
    /// line through up to two points on each side; NaN when the best split leaves one side empty.
    /// </summary>
    public static double CriticalPoint(double[] sigmas, double[] curvature, out int[] near)
    {
        near = [];
        int k = -1, bestScore = -1;
        for (int split = -1; split < sigmas.Length; split++)
        {
            int score = 0;
            for (int i = 0; i < sigmas.Length; i++)
                if (i <= split ? curvature[i] < 0 : curvature[i] >= 0) score++;
            if (score > bestScore) (bestScore, k) = (score, split);
        }
        if (k < 0 || k >= sigmas.Length - 1) return double.NaN;
        if (!(curvature[k] < 0 && curvature[k + 1] >= 0)) return 0.5 * (sigmas[k] + sigmas[k + 1]);
        near = Enumerable.Range(Math.Max(0, k - 1), Math.Min(sigmas.Length, k + 3) - Math.Max(0, k - 1))
            .Where(i => double.IsFinite(curvature[i])).ToArray();
        // A curve that died in the window has curvature −∞: the bracket is all the data say, so take its middle.
        if (!double.IsFinite(curvature[k]) || !double.IsFinite(curvature[k + 1])) return 0.5 * (sigmas[k] + sigmas[k + 1]);
        var (s, i0) = Polynomial.Line(near.Select(i => sigmas[i]).ToArray(), near.Select(i => curvature[i]).ToArray());
        double root = -i0 / s;
        // A noisy line may put its root outside the bracket; the bracket is what the data know.
        return s > 0 && root >= sigmas[k] && root <= sigmas[k + 1] ? root
            : sigmas[k] - curvature[k] * (sigmas[k + 1] - sigmas[k]) / (curvature[k + 1] - curvature[k]);
    }
}
