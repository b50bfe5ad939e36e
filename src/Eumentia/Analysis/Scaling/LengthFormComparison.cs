using System.Globalization;

namespace Eumentia.Analysis.Scaling;

/// <summary>
/// BKT against a power law for the growth of a length towards p_c, on the same points and the same constraint on p_c:
/// ln ξ = ln A + b/√|p − p_c| against ln ξ = ln A − ν ln|p − p_c|. Both have three parameters, so their χ² compare
/// directly: Δχ² = χ²(power law) − χ²(BKT) &gt; 0 favours BKT. Its uncertainty comes from replicate data sets (a bootstrap
/// over seeds: the whole set of lengths recomputed from resampled seeds, both forms refitted with the original
/// errors); the 95 % percentile interval of Δχ² decides: above 0, BKT; below 0, the power law; straddling 0, undecided;
/// and so is a difference smaller than <see cref="MinimumDeltaChi2"/> whatever its interval.
/// Neither form is accepted where its χ²/dof is far above 1: where both are (χ²/dof &gt; 3) the verdict is "neither", and
/// which misfit is less bad is said beside it.
/// </summary>
/// <param name="Bkt">The BKT fit to the original data.</param>
/// <param name="PowerLaw">The power-law fit to the same data.</param>
/// <param name="DeltaChi2">χ²(power law) − χ²(BKT) on the original data.</param>
/// <param name="Lower">2.5 % quantile of Δχ² over the replicates.</param>
/// <param name="Upper">97.5 % quantile.</param>
/// <param name="Replicates">Replicates both forms could be fitted to.</param>
/// <param name="Preferred">"bkt", "power-law", "undecided" or "neither" (both forms miss their points).</param>
/// <param name="Verdict">The comparison in words.</param>
public sealed record LengthFormComparison(BktLengthFit Bkt, BktLengthFit PowerLaw, double DeltaChi2, double Lower, double Upper, int Replicates,
    string Preferred, string Verdict)
{
    /// <summary>A fit whose χ²/dof exceeds this misses its points by far more than their errors.</summary>
    public const double AcceptableChi2PerDof = 3;

    /// <summary>
    /// Fits both forms to <paramref name="data"/> and to each of <paramref name="replicates"/> replicate data sets
    /// (<paramref name="replicate"/>(r); null skips one), with the same <paramref name="options"/> (Form aside, no
    /// bootstrap inside the fits).
    /// </summary>
    public static LengthFormComparison Compare(ObservationSet data, int replicates, Func<int, ObservationSet?> replicate, BktLengthOptions options)
    {
        var o = options with { BootstrapSamples = 0 };
        var bkt = BktLengthFitter.Fit(data, o with { Form = LengthForm.Bkt });
        var power = BktLengthFitter.Fit(data, o with { Form = LengthForm.PowerLaw });
        var deltas = new List<double>();
        var quick = o with { Profile = false };
        for (int r = 0; r < replicates; r++)
        {
            if (replicate(r) is not { } rep) continue;
            try
            {
                double d = BktLengthFitter.Fit(rep, quick with { Form = LengthForm.PowerLaw }).Quality.Chi2 - BktLengthFitter.Fit(rep, quick with { Form = LengthForm.Bkt }).Quality.Chi2;
                if (double.IsFinite(d)) deltas.Add(d);
            }
            catch (EumentiaException) { }
        }
        deltas.Sort();
        double lower = Quantile(deltas, 0.025), upper = Quantile(deltas, 0.975);
        double delta = power.Quality.Chi2 - bkt.Quality.Chi2;
        bool misfits = bkt.Quality.Chi2PerDof > AcceptableChi2PerDof && power.Quality.Chi2PerDof > AcceptableChi2PerDof;
        string preferred = Decide(delta, lower, upper, deltas.Count, misfits);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        string Chi(BktLengthFit f) => $"χ²/dof {F(f.Quality.Chi2PerDof)}";
        string interval = deltas.Count < 2 ? "no bootstrap interval" : $"95 % interval [{F(lower)}, {F(upper)}] over {deltas.Count} seed resamples";
        string verdict = preferred switch
        {
            "bkt" => $"BKT growth fits N* better than a power law: Δχ² = {F(delta)} ({interval}; BKT {Chi(bkt)}, power law {Chi(power)})",
            "power-law" => $"a power law fits N* better than BKT growth: Δχ² = {F(delta)} ({interval}; BKT {Chi(bkt)}, power law {Chi(power)})",
            _ => $"undecided between BKT and power-law growth: Δχ² = {F(delta)} ({interval}" +
                (lower > 0 || upper < 0 ? $", but |Δχ²| < {MinimumDeltaChi2}" : ", straddling 0") + $"; BKT {Chi(bkt)}, power law {Chi(power)})",
        };
        if (misfits)
        {
            string better = Decide(delta, lower, upper, deltas.Count, false) switch { "bkt" => "BKT is the less bad", "power-law" => "the power law is the less bad", _ => "neither is better" };
            verdict = $"neither BKT nor power-law growth fits N* within errors (BKT {Chi(bkt)}, power law {Chi(power)}); {better}: Δχ² = {F(delta)} ({interval})";
        }
        return new LengthFormComparison(bkt, power, delta, lower, upper, deltas.Count, preferred, verdict);
    }

    /// <summary>
    /// The smallest |Δχ²| that counts as a preference: 2, a likelihood ratio of e between two fits with as many
    /// parameters (ΔAIC = 2, "positive" evidence). A bootstrap interval can exclude 0 on a difference far smaller than
    /// that when both forms fit within errors, which is no evidence for either.
    /// </summary>
    public const double MinimumDeltaChi2 = 2;

    /// <summary>
    /// "neither" where both forms miss their points (<paramref name="bothMisfit"/>: a ranking of two misfits is no
    /// evidence for either); "bkt" where the 95 % interval lies above 0 and Δχ² ≥ 2, "power-law" where it lies below 0
    /// and Δχ² ≤ −2; else "undecided".
    /// </summary>
    public static string Decide(double delta, double lower, double upper, int replicates, bool bothMisfit = false) =>
        bothMisfit ? "neither"
        : replicates < 2 || !double.IsFinite(delta) ? "undecided"
        : lower > 0 && delta >= MinimumDeltaChi2 ? "bkt"
        : upper < 0 && delta <= -MinimumDeltaChi2 ? "power-law"
        : "undecided";

    static double Quantile(List<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double x = q * (sorted.Count - 1);
        int i = (int)Math.Floor(x);
        return i + 1 < sorted.Count ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
