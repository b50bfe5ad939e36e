using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.Data.Synthetic;
using Eumentia.IO;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// One quantity of the gain scan, computed per seed from the IMP trajectories of the NLGP (n) and of its Gaussian
/// control (c) on the same seed, levels matched in sparsity; averaged over seeds with its standard error.
/// </summary>
public sealed record GainQuantity(string Key, string Label, Func<GainTrajectories, double> PerSeed);

/// <summary>The IMP levels 0..Last of one seed on the NLGP and on the control (same noise, same initialisation).</summary>
public sealed record GainTrajectories(IReadOnlyList<LevelMeasurement> Nlgp, IReadOnlyList<LevelMeasurement> Control)
{
    public int Last => Math.Min(Nlgp.Count, Control.Count) - 1;
    public double Gap(Func<LevelMeasurement, double> f, int level) => f(Nlgp[level]) - f(Control[level]);
    public double Change(IReadOnlyList<LevelMeasurement> t, Func<LevelMeasurement, double> f) => f(t[Last]) - f(t[0]);
}

/// <summary>One gain: the theory's marginal excess kurtosis of the inputs, the IMP depth compared and every quantity.</summary>
public sealed record GainRow(double Gain, double KurtosisTheory, int Level, double Density, int Seeds, IReadOnlyDictionary<string, Estimate> Values);

public sealed record GainScanResult(IReadOnlyList<GainRow> Rows, IReadOnlyList<Finding> Findings);

/// <summary>
/// The test of "non-Gaussian input statistics are necessary for IMP to find local receptive fields" (Redman et al.):
/// the same study at several NLGP gains g. As g → 0 the NLGP becomes its own Gaussian control (erf is linear near 0),
/// so every NLGP − control gap must vanish there; as g grows the inputs become sign-like (marginal excess kurtosis → −2)
/// and the claim predicts a growing locality gap. A lottery study with <see cref="LotterySpec.Gains"/> runs the study at
/// every gain (their runs share one ledger) and writes each gain's own report in gain-{g}/.
/// </summary>
public static class GainScan
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly GainQuantity[] Quantities =
    [
        new("input_kurtosis_nlgp", "inputs' marginal excess kurtosis, NLGP (median over sites)", t => t.Nlgp[0].InputKurtosis),
        new("input_kurtosis_gp", "inputs' marginal excess kurtosis, control", t => t.Control[0].InputKurtosis),
        new("distance_ratio_gap", "distance ratio nlgp − gp at the last level", t => t.Gap(m => m.DistanceRatioMean, t.Last)),
        new("distance_ratio_gap_along", "distance ratio nlgp − gp, mean over levels 1..last",
            t => Enumerable.Range(1, Math.Max(0, t.Last)).Select(l => t.Gap(m => m.DistanceRatioMean, l)).DefaultIfEmpty(double.NaN).Average()),
        new("ipr_gap", "IPR nlgp − gp at the last level", t => t.Gap(m => m.IprMean, t.Last)),
        new("ipr_normalised_gap", "normalised IPR nlgp − gp at the last level", t => t.Gap(m => m.IprNormalisedMean, t.Last)),
        new("distance_ratio_change_nlgp", "distance ratio change along IMP, NLGP", t => t.Change(t.Nlgp, m => m.DistanceRatioMean)),
        new("distance_ratio_change_gp", "distance ratio change along IMP, control", t => t.Change(t.Control, m => m.DistanceRatioMean)),
        new("distance_ratio_nlgp", "distance ratio at the last level, NLGP", t => t.Nlgp[t.Last].DistanceRatioMean),
        new("distance_ratio_gp", "distance ratio at the last level, control", t => t.Control[t.Last].DistanceRatioMean),
        new("neighbour_correlation_nlgp", "neighbour correlation at the last level, NLGP", t => t.Nlgp[t.Last].NeighbourCorrelationMean),
        new("neighbour_correlation_gp", "neighbour correlation at the last level, control", t => t.Control[t.Last].NeighbourCorrelationMean),
        new("ng_growth_nlgp", "NG growth along IMP, NLGP", t => t.Change(t.Nlgp, m => m.NonGaussianityMean)),
        new("ng_growth_gp", "NG growth along IMP, control", t => t.Change(t.Control, m => m.NonGaussianityMean)),
        new("ng_growth_gap", "NG growth nlgp − gp", t => t.Change(t.Nlgp, m => m.NonGaussianityMean) - t.Change(t.Control, m => m.NonGaussianityMean)),
        new("test_accuracy_nlgp", "test accuracy at the last level, NLGP", t => t.Nlgp[t.Last].TestAccuracy),
        new("test_accuracy_gp", "test accuracy at the last level, control", t => t.Control[t.Last].TestAccuracy),
    ];

    public static string GainDir(string outDir, double gain) => Path.Combine(outDir, "gain-" + gain.ToString("R", Inv));

    /// <summary>
    /// The scan over every gain's finished levels (any methods; only IMP's are used): one row per gain, at the deepest
    /// IMP level every paired seed reached, and the findings across gains.
    /// </summary>
    public static GainScanResult Analyse(IReadOnlyList<(double Gain, IReadOnlyList<LevelMeasurement> Levels)> gains)
    {
        var rows = new List<GainRow>();
        var trajectories = new Dictionary<double, IReadOnlyDictionary<ulong, GainTrajectories>>();
        foreach (var (gain, levels) in gains.OrderBy(g => g.Gain))
        {
            var perSeed = Pair([.. levels.Where(m => m.Method == LotteryRun.Imp)]);
            if (perSeed.Count == 0) throw new EumentiaException($"gain {gain.ToString("R", Inv)} has no seed with both nlgp and gp finished");
            trajectories[gain] = perSeed;
            int last = perSeed.Values.Min(t => t.Last);
            var cut = perSeed.Values.Select(t => new GainTrajectories(t.Nlgp.Take(last + 1).ToList(), t.Control.Take(last + 1).ToList())).ToList();
            rows.Add(new GainRow(gain, NlgpTheory.ExcessKurtosis(gain), last, cut[0].Nlgp[last].Density, cut.Count,
                Quantities.ToDictionary(q => q.Key, q => Estimate.MeanOf(cut.Select(q.PerSeed)))));
        }
        return new GainScanResult(rows, Findings(rows, trajectories).ToList());
    }

    /// <summary>Per seed, the IMP trajectories (levels 0, 1, ... without gaps) on nlgp and gp; seeds missing either are left out.</summary>
    static Dictionary<ulong, GainTrajectories> Pair(IReadOnlyList<LevelMeasurement> imp)
    {
        IReadOnlyList<LevelMeasurement> Trajectory(string data, ulong seed)
        {
            var byLevel = imp.Where(m => m.Data == data && m.Seed == seed).ToDictionary(m => m.Level);
            return Enumerable.Range(0, byLevel.Count).TakeWhile(byLevel.ContainsKey).Select(l => byLevel[l]).ToList();
        }
        var result = new Dictionary<ulong, GainTrajectories>();
        foreach (var seed in imp.Select(m => m.Seed).Distinct().Order())
        {
            var t = new GainTrajectories(Trajectory("nlgp", seed), Trajectory("gp", seed));
            if (t.Nlgp.Count > 0 && t.Control.Count > 0) result[seed] = t;
        }
        return result;
    }

    /// <summary>
    /// The claim across gains: trends are slopes against the inputs' |κ| fitted per seed; the small-gain check asks for a
    /// gap within two standard errors of zero; and at each gain, whether the control localises at all.
    /// </summary>
    static IEnumerable<Finding> Findings(IReadOnlyList<GainRow> rows, IReadOnlyDictionary<double, IReadOnlyDictionary<ulong, GainTrajectories>> trajectories)
    {
        string G(double g) => g.ToString("G4", Inv);
        var low = rows[0];
        var high = rows[^1];
        foreach (var (key, name) in new[] { ("distance_ratio_gap_along", "distance ratio"), ("ipr_normalised_gap", "normalised IPR"), ("ng_growth_gap", "NG growth") })
        {
            var v = low.Values[key];
            string verdict = v.N == 0 ? "no data" : !double.IsFinite(v.Error) || v.Error == 0 ? "single seed" : Math.Abs(v.Z()) <= 2 ? "supported" : "contradicted";
            yield return new Finding($"gap-vanishes-{key.Replace('_', '-')}", $"g = {G(low.Gain)}",
                $"At the smallest gain (input κ = {low.KurtosisTheory.ToString("F3", Inv)}) the NLGP is nearly Gaussian: the {name} gap to the control is zero within two standard errors",
                $"{key} at g = {G(low.Gain)} (two-sided)", 0, false, v, verdict);
        }
        // Per seed, the least-squares slope of a gap over the gains against the inputs' |κ(g)| (0 for Gaussian inputs, 2 for
        // sign-like ones): every gain counts, and the same seed draws the same noise and initialisation at each of them.
        var common = trajectories.Values.Select(t => t.Keys).Aggregate((a, b) => a.Intersect(b).ToArray()).Order().ToArray();
        Estimate Slope(Func<GainTrajectories, double> f) => Estimate.MeanOf(common.Select(seed =>
        {
            var x = rows.Select(r => Math.Abs(r.KurtosisTheory)).ToArray();
            var y = rows.Select(r => f(Cut(trajectories[r.Gain][seed], r.Level))).ToArray();
            double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
            for (int k = 0; k < x.Length; k++) { sxy += (x[k] - mx) * (y[k] - my); sxx += (x[k] - mx) * (x[k] - mx); }
            return sxx > 0 ? sxy / sxx : double.NaN;
        }));
        string range = $"g = {G(low.Gain)} … {G(high.Gain)}";
        yield return LotteryAnalysis.Make("locality-gap-grows-with-gain", range,
            "The NLGP's receptive fields become more local than the control's as the inputs grow non-Gaussian (the distance-ratio gap falls with |κ|)",
            "d(distance_ratio_gap_along)/d|κ_input|, per-seed fit over gains", 0, false, Slope(Q("distance_ratio_gap_along")));
        yield return LotteryAnalysis.Make("ipr-normalised-gap-grows-with-gain", range,
            "The NLGP − control gap in normalised IPR grows with the inputs' non-Gaussianity",
            "d(ipr_normalised_gap)/d|κ_input|, per-seed fit over gains", 0, true, Slope(Q("ipr_normalised_gap")));
        yield return LotteryAnalysis.Make("ng-gap-grows-with-gain", range,
            "The extra growth of the within-class non-Gaussianity on the NLGP (over the control) grows with the inputs' non-Gaussianity",
            "d(ng_growth_gap)/d|κ_input|, per-seed fit over gains", 0, true, Slope(Q("ng_growth_gap")));
        // "Necessary" predicts that strongly non-Gaussian inputs give more local tickets than (nearly) Gaussian ones.
        yield return LotteryAnalysis.Make("non-gaussian-more-local-than-gaussian", range,
            $"IMP's tickets on the NLGP at the largest gain are more local than on the Gaussian control at the smallest gain (κ = {low.KurtosisTheory.ToString("F3", Inv)})",
            $"distance ratio after IMP: nlgp at g = {G(high.Gain)} − gp at g = {G(low.Gain)}, paired by seed", 0, false,
            Estimate.MeanOf(common.Select(seed => Cut(trajectories[high.Gain][seed], high.Level).Nlgp[high.Level].DistanceRatioMean
                - Cut(trajectories[low.Gain][seed], low.Level).Control[low.Level].DistanceRatioMean)));
        // "Necessary" fails wherever the control itself localises: its distance ratio falls along IMP.
        foreach (var row in rows)
            yield return LotteryAnalysis.Make("control-localises", $"g = {G(row.Gain)}",
                "IMP localises the Gaussian control too (if so, non-Gaussian inputs are not necessary for locality)",
                "distance_ratio_change_gp (level last − 0)", 0, false, row.Values["distance_ratio_change_gp"]);
    }

    static Func<GainTrajectories, double> Q(string key) => Quantities.Single(q => q.Key == key).PerSeed;

    static GainTrajectories Cut(GainTrajectories t, int last) => new(t.Nlgp.Take(last + 1).ToList(), t.Control.Take(last + 1).ToList());

    /// <summary>gain-scan.csv (every quantity with its standard error, per gain) and gain-findings.json.</summary>
    public static void Write(GainScanResult result, string dir)
    {
        var header = new[] { "gain", "input_kurtosis_theory", "level", "density", "seeds" }.Concat(Quantities.SelectMany(q => new[] { q.Key, q.Key + "_se" })).ToArray();
        CsvTable.WriteValues(Path.Combine(dir, "gain-scan.csv"), header, result.Rows.Select(r =>
            new object?[] { r.Gain, r.KurtosisTheory, r.Level, r.Density, r.Seeds }.Concat(Quantities.SelectMany(q => new object?[] { r.Values[q.Key].Value, r.Values[q.Key].Error }))));
        AtomicFile.WriteAllText(Path.Combine(dir, "gain-findings.json"), LotteryAnalysis.FindingsJson(result.Findings));
    }
}
