using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>One (data set, method, level) averaged over seeds.</summary>
public sealed record SummaryRow(string Data, string Method, int Level, Estimate Density, Estimate Accuracy, Estimate Ipr, Estimate IprNormalised, Estimate DistanceRatio,
    Estimate NeighbourCorrelation, Estimate WindowExcess, Estimate Kurtosis, Estimate KurtosisWithin, Estimate NonGaussianity, Estimate CavityAuc, Estimate CavityNgAuc, Estimate CavitySpearman);

/// <summary>
/// One claim of the paper tested on one data set: the quantity, its mean and standard error over seeds, and a verdict:
/// "supported" when the mean lies more than two standard errors from the null value on the claimed side,
/// "contradicted" when it does so on the other side, "inconclusive" otherwise, "single seed" without an error.
/// </summary>
public sealed record Finding(string Id, string Data, string Claim, string Quantity, double Null, bool ExpectAbove, Estimate Value, string Verdict);

public sealed record LotteryAnalysisResult(IReadOnlyList<LevelMeasurement> Rows, IReadOnlyList<SummaryRow> Summary, IReadOnlyList<Finding> Findings)
{
    /// <summary>The localisation regime <paramref name="data"/>'s verdicts hold in (see <see cref="LotteryRegime"/>).</summary>
    public LotteryRegime RegimeOf(string data) => LotteryRegime.Of(Rows, data);

    /// <summary>A finding's verdict with the regime it holds in, as the report and the summary print it.</summary>
    public string QualifiedVerdict(Finding f) => RegimeOf(f.Data).Qualify(f.Verdict);
}

/// <summary>
/// All runs of the study → results.csv (one row per data, seed, method, level), summary.csv (means ± standard errors
/// over seeds) and findings.json (the paper's claims with errors). Level 0 (the dense network) is shared by every
/// method, so the summary repeats it under each method to start every curve from the same point.
/// </summary>
public static class LotteryAnalysis
{
    public static LotteryAnalysisResult Analyze(IReadOnlyList<LevelMeasurement> rows)
    {
        var methods = rows.Select(r => r.Method).Distinct().ToArray();
        var expanded = rows.Concat(rows.Where(r => r.Method == LotteryRun.Imp && r.Level == 0)
            .SelectMany(r => methods.Where(m => m != LotteryRun.Imp).Select(m => r with { Method = m }))).ToList();
        var summary = expanded.GroupBy(r => (r.Data, r.Method, r.Level))
            .Select(g => new SummaryRow(g.Key.Data, g.Key.Method, g.Key.Level, Estimate.MeanOf(g.Select(r => r.Density)), Estimate.MeanOf(g.Select(r => r.TestAccuracy)),
                Estimate.MeanOf(g.Select(r => r.IprMean)), Estimate.MeanOf(g.Select(r => r.IprNormalisedMean)), Estimate.MeanOf(g.Select(r => r.DistanceRatioMean)),
                Estimate.MeanOf(g.Select(r => r.NeighbourCorrelationMean)), Estimate.MeanOf(g.Select(r => r.WindowExcessMean)), Estimate.MeanOf(g.Select(r => r.KurtosisMean)),
                Estimate.MeanOf(g.Select(r => r.KurtosisWithinMean)), Estimate.MeanOf(g.Select(r => r.NonGaussianityMean)),
                Estimate.MeanOf(g.Select(r => r.CavityAuc)), Estimate.MeanOf(g.Select(r => r.CavityNgAuc)), Estimate.MeanOf(g.Select(r => r.CavitySpearman))))
            .OrderBy(s => s.Data).ThenBy(s => MethodOrder(s.Method)).ThenBy(s => s.Level).ToList();
        return new LotteryAnalysisResult(rows, summary, Findings(rows).ToList());
    }

    public static int MethodOrder(string method) => Array.IndexOf(["imp", "oneshot", "random", "shuffled", "reinit"], method) is var i and >= 0 ? i : 99;

    static IEnumerable<Finding> Findings(IReadOnlyList<LevelMeasurement> rows)
    {
        // Levels measured before the window excess existed get no window findings: their findings stay what they were.
        bool window = rows.Any(r => double.IsFinite(r.WindowExcessMean));
        var datas = rows.Select(r => r.Data).Distinct().ToArray();
        foreach (var data in datas)
        {
            var imp = rows.Where(r => r.Data == data && r.Method == LotteryRun.Imp).ToList();
            int last = imp.Max(r => r.Level);
            var seeds = imp.Select(r => r.Seed).Distinct().Order().ToArray();
            LevelMeasurement? At(ulong seed, string method, int level) => rows.FirstOrDefault(r => r.Data == data && r.Seed == seed && r.Method == method && r.Level == level);
            Estimate PerSeed(Func<ulong, double?> f) => Estimate.MeanOf(seeds.Select(s => f(s) ?? double.NaN));
            double? Change(ulong s, Func<LevelMeasurement, double> f) => At(s, LotteryRun.Imp, last) is { } a && At(s, LotteryRun.Imp, 0) is { } b ? f(a) - f(b) : null;
            // The deepest level at which baselines ran.
            int compared = rows.Where(r => r.Data == data && r.Method != LotteryRun.Imp).Select(r => r.Level).DefaultIfEmpty(-1).Max();

            yield return Make("ipr-rises", data, "IPR of the first-layer units rises along the IMP trajectory (pruning alone raises it too: compare with the control at matched sparsity)",
                $"IPR(level {last}) / IPR(level 0), IMP", 1, true, PerSeed(s => At(s, LotteryRun.Imp, last)?.IprMean / At(s, LotteryRun.Imp, 0)?.IprMean));
            yield return Make("distance-ratio-falls", data, "Receptive fields become spatially local along the IMP trajectory (distance ratio below its dense value)",
                $"distance ratio(level {last}) − (level 0), IMP", 0, false, PerSeed(s => Change(s, r => r.DistanceRatioMean)));
            if (window) yield return Make("window-excess-rises", data, "Receptive fields become spatially local along the IMP trajectory (more of w² near each unit's peak than shuffled positions give)",
                $"window excess(level {last}) − (level 0), IMP", 0, true, PerSeed(s => Change(s, r => r.WindowExcessMean)));
            if (compared > 0)
                foreach (var baseline in LotterySpec.BaselineNames.Where(b => rows.Any(r => r.Data == data && r.Method == b)))
                {
                    yield return Make($"imp-vs-{baseline}-ipr", data, $"IMP's tickets have a higher IPR than {baseline} at matched sparsity",
                        $"IPR(IMP) − IPR({baseline}) at level {compared}", 0, true, PerSeed(s => At(s, LotteryRun.Imp, compared)?.IprMean - At(s, baseline, compared)?.IprMean));
                    yield return Make($"imp-vs-{baseline}-ipr-normalised", data, $"IMP's tickets have a higher IPR than {baseline} relative to random weights on each unit's own support",
                        $"IPR·(k+2)/3 (IMP) − ({baseline}) at level {compared}", 0, true,
                        PerSeed(s => At(s, LotteryRun.Imp, compared)?.IprNormalisedMean - At(s, baseline, compared)?.IprNormalisedMean));
                    yield return Make($"imp-vs-{baseline}-locality", data, $"IMP's receptive fields are spatially more local (smaller distance ratio) than {baseline} at matched sparsity",
                        $"distance ratio(IMP) − ({baseline}) at level {compared}", 0, false,
                        PerSeed(s => At(s, LotteryRun.Imp, compared)?.DistanceRatioMean - At(s, baseline, compared)?.DistanceRatioMean));
                    if (window) yield return Make($"imp-vs-{baseline}-window", data, $"IMP's receptive fields hold more of their weight near their peak (window excess) than {baseline} at matched sparsity",
                        $"window excess(IMP) − ({baseline}) at level {compared}", 0, true,
                        PerSeed(s => At(s, LotteryRun.Imp, compared)?.WindowExcessMean - At(s, baseline, compared)?.WindowExcessMean));
                }
            // Non-Gaussian pre-activations inherit the sign of the inputs' own excess kurtosis (negative for the NLGP's
            // saturated erf); "more non-Gaussian" means further in that direction. Inputs without one (the Gaussian control)
            // give the pooled κ no direction to move in, and are tested by the within-class NG below.
            double inputKurtosis = Mean(imp.Select(r => r.InputKurtosis));
            if (Math.Abs(inputKurtosis) > InputKurtosisThreshold)
                yield return Make("kurtosis-moves-with-inputs", data,
                    $"The pooled excess kurtosis κ of the first-layer pre-activations moves along IMP in the direction of the inputs' own (κ_input = {inputKurtosis.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)})",
                    $"κ(level {last}) − κ(level 0), pooled over classes, IMP", 0, inputKurtosis > 0, PerSeed(s => Change(s, r => r.KurtosisMean)));
            yield return Make("non-gaussianity-grows", data, "The within-class non-Gaussianity mean_c |κ_c| of the pre-activations grows along the IMP trajectory",
                $"NG(level {last}) − NG(level 0), IMP", 0, true, PerSeed(s => Change(s, r => r.NonGaussianityMean)));
            if (compared > 0 && rows.Any(r => r.Data == data && r.Method == "random"))
                yield return Make("imp-vs-random-non-gaussianity", data, "IMP's pre-activations are more non-Gaussian than those of random pruning at matched sparsity",
                    $"NG(IMP) − NG(random) at level {compared}", 0, true,
                    PerSeed(s => At(s, LotteryRun.Imp, compared)?.NonGaussianityMean - At(s, "random", compared)?.NonGaussianityMean));
            yield return Make("cavity-predicts", data, "Weights whose removal raises their unit's pooled kurtosis (Δκ > 0) are the ones the next IMP round prunes",
                "AUC of Δκ for 'pruned next', mean over levels", 0.5, true, PerSeed(s => Mean(imp.Where(r => r.Seed == s).Select(r => r.CavityAuc))));
            yield return Make("cavity-ng-predicts", data, "Weights whose removal raises their unit's within-class non-Gaussianity are the ones the next IMP round prunes",
                "AUC of ΔNG for 'pruned next', mean over levels", 0.5, true, PerSeed(s => Mean(imp.Where(r => r.Seed == s).Select(r => r.CavityNgAuc))));
        }

        // The control: the same covariance without the higher-order statistics. Seeds pair up (same noise, same
        // initialisation), and levels match in sparsity, so nlgp − gp differences are taken per seed and level.
        if (datas.Contains("nlgp") && datas.Contains("gp"))
        {
            var seeds = rows.Where(r => r.Data == "nlgp").Select(r => r.Seed).Intersect(rows.Where(r => r.Data == "gp").Select(r => r.Seed)).Order().ToArray();
            int last = Math.Min(rows.Where(r => r.Data == "nlgp").Max(r => r.Level), rows.Where(r => r.Data == "gp").Max(r => r.Level));
            LevelMeasurement? At(string data, ulong seed, int level) => rows.FirstOrDefault(r => r.Data == data && r.Seed == seed && r.Method == LotteryRun.Imp && r.Level == level);
            double? Gap(ulong s, int level, Func<LevelMeasurement, double> f) => At("nlgp", s, level) is { } n && At("gp", s, level) is { } g ? f(n) - f(g) : null;
            Estimate AlongTrajectory(Func<LevelMeasurement, double> f) =>
                Estimate.MeanOf(seeds.Select(s => Mean(Enumerable.Range(1, last).Select(l => Gap(s, l, f) ?? double.NaN))));
            const string pair = "nlgp − gp";
            yield return Make("dense-ipr-nlgp-vs-gp", pair, "Already the dense network is more localised on NLGP inputs than on the Gaussian control (Ingrosso & Goldt)",
                "IPR at level 0, nlgp − gp", 0, true, Estimate.MeanOf(seeds.Select(s => Gap(s, 0, r => r.IprMean) ?? double.NaN)));
            if (window) yield return Make("dense-window-nlgp-vs-gp", pair, "Already the dense network's receptive fields are spatially more local on NLGP inputs than on the control (Ingrosso & Goldt)",
                "window excess at level 0, nlgp − gp", 0, true, Estimate.MeanOf(seeds.Select(s => Gap(s, 0, r => r.WindowExcessMean) ?? double.NaN)));
            if (window) yield return Make("dense-distance-ratio-nlgp-vs-gp", pair, "Already the dense network's receptive fields are spatially more local on NLGP inputs than on the control (distance ratio)",
                "distance ratio at level 0, nlgp − gp", 0, false, Estimate.MeanOf(seeds.Select(s => Gap(s, 0, r => r.DistanceRatioMean) ?? double.NaN)));
            yield return Make("ipr-nlgp-vs-gp", pair, "Along IMP, IPR is higher on NLGP inputs than on the Gaussian control at every matched sparsity",
                $"IPR nlgp − gp, mean over levels 1..{last}", 0, true, AlongTrajectory(r => r.IprMean));
            yield return Make("ipr-normalised-nlgp-vs-gp", pair, "Along IMP, IPR relative to random weights on the same support is higher on NLGP inputs than on the control",
                $"IPR·(k+2)/3 nlgp − gp, mean over levels 1..{last}", 0, true, AlongTrajectory(r => r.IprNormalisedMean));
            yield return Make("ipr-gap-grows", pair, "The IPR gap between NLGP and the control opens during IMP (IPR rises more on NLGP)",
                $"IPR gap (mean over levels 1..{last}) − gap at level 0", 0, true,
                Estimate.MeanOf(seeds.Select(s => Mean(Enumerable.Range(1, last).Select(l => Gap(s, l, r => r.IprMean) ?? double.NaN)) - (Gap(s, 0, r => r.IprMean) ?? double.NaN))));
            yield return Make("locality-nlgp-vs-gp", pair, "Along IMP, receptive fields are spatially more local on NLGP inputs than on the control at matched sparsity",
                $"distance ratio nlgp − gp, mean over levels 1..{last}", 0, false, AlongTrajectory(r => r.DistanceRatioMean));
            if (window) yield return Make("window-nlgp-vs-gp", pair, "Along IMP, receptive fields hold more weight near their peak on NLGP inputs than on the control at matched sparsity",
                $"window excess nlgp − gp, mean over levels 1..{last}", 0, true, AlongTrajectory(r => r.WindowExcessMean));
            double nlgpInput = Mean(rows.Where(r => r.Data == "nlgp").Select(r => r.InputKurtosis));
            if (Math.Abs(nlgpInput) > InputKurtosisThreshold)
                yield return Make("kurtosis-shift-nlgp-vs-gp", pair, "The pooled κ moves further in the NLGP inputs' direction on NLGP than on the control along IMP",
                    $"[κ(level {last}) − κ(level 0)] nlgp − gp", 0, nlgpInput > 0,
                    Estimate.MeanOf(seeds.Select(s => Gap(s, last, r => r.KurtosisMean) - Gap(s, 0, r => r.KurtosisMean) ?? double.NaN)));
            yield return Make("non-gaussianity-nlgp-vs-gp", pair, "The non-Gaussianity of the pre-activations grows more along IMP on NLGP inputs than on the control",
                $"[NG(level {last}) − NG(level 0)] nlgp − gp", 0, true, Estimate.MeanOf(seeds.Select(s => Gap(s, last, r => r.NonGaussianityMean) - Gap(s, 0, r => r.NonGaussianityMean) ?? double.NaN)));
        }
    }

    /// <summary>Inputs whose mean marginal excess kurtosis is smaller than this count as Gaussian (the control reads about 0.00 ± 0.05).</summary>
    const double InputKurtosisThreshold = 0.1;

    public static Finding Make(string id, string data, string claim, string quantity, double nullValue, bool above, Estimate value)
    {
        string verdict = value.N == 0 ? "no data"
            : !double.IsFinite(value.Error) || value.Error == 0 ? "single seed"
            : Math.Abs(value.Z(nullValue)) <= 2 ? "inconclusive"
            : (value.Value > nullValue) == above ? "supported" : "contradicted";
        return new Finding(id, data, claim, quantity, nullValue, above, value, verdict);
    }

    static double Mean(IEnumerable<double> v)
    {
        var a = v.Where(double.IsFinite).ToArray();
        return a.Length > 0 ? a.Average() : double.NaN;
    }

    /// <summary>Writes results.csv, summary.csv and findings.json into <paramref name="outDir"/>.</summary>
    public static void Write(LotteryAnalysisResult a, string outDir)
    {
        CsvTable.WriteValues(Path.Combine(outDir, "results.csv"), ["data", "seed", "method", "level", "remaining", "prunable", "density", "steps", "seconds", "test_loss", "test_accuracy", "live_units", "fan_in_mean",
             "ipr_mean", "ipr_mean_se", "ipr_median", "ipr_normalised_mean", "ipr_normalised_mean_se", "distance_ratio_mean", "distance_ratio_mean_se", "neighbour_correlation_mean", "neighbour_correlation_mean_se", "window_excess_mean", "window_excess_mean_se", "kurtosis_mean", "kurtosis_mean_se", "kurtosis_median",
             "kurtosis_within_mean", "kurtosis_within_mean_se", "non_gaussianity_mean", "non_gaussianity_mean_se", "input_kurtosis", "cavity_auc", "cavity_ng_auc", "cavity_spearman", "cavity_mean_pruned", "cavity_mean_kept", "cavity_positive_pruned", "cavity_positive_kept"],
            a.Rows.OrderBy(r => r.Data).ThenBy(r => r.Seed).ThenBy(r => MethodOrder(r.Method)).ThenBy(r => r.Level).Select(r => new object?[]
            {
                r.Data, r.Seed, r.Method, r.Level, r.Remaining, r.Prunable, r.Density, r.Steps, r.Seconds, r.TestLoss, r.TestAccuracy, r.LiveUnits, r.FanInMean,
                r.IprMean, r.IprSem, r.IprMedian, r.IprNormalisedMean, r.IprNormalisedSem, r.DistanceRatioMean, r.DistanceRatioSem, r.NeighbourCorrelationMean, r.NeighbourCorrelationSem, r.WindowExcessMean, r.WindowExcessSem, r.KurtosisMean, r.KurtosisSem, r.KurtosisMedian,
                r.KurtosisWithinMean, r.KurtosisWithinSem, r.NonGaussianityMean, r.NonGaussianitySem, r.InputKurtosis, r.CavityAuc, r.CavityNgAuc, r.CavitySpearman, r.CavityMeanPruned, r.CavityMeanKept, r.CavityPositivePruned, r.CavityPositiveKept,
            }));
        var estimates = new[] { "density", "test_accuracy", "ipr", "ipr_normalised", "distance_ratio", "neighbour_correlation", "window_excess", "kurtosis", "kurtosis_within", "non_gaussianity", "cavity_auc", "cavity_ng_auc", "cavity_spearman" };
        CsvTable.WriteValues(Path.Combine(outDir, "summary.csv"), new[] { "data", "method", "level", "seeds" }.Concat(estimates.SelectMany(e => new[] { e, e + "_se" })).ToArray(),
            a.Summary.Select(s => new object?[] { s.Data, s.Method, s.Level, s.Ipr.N }
                .Concat(new[] { s.Density, s.Accuracy, s.Ipr, s.IprNormalised, s.DistanceRatio, s.NeighbourCorrelation, s.WindowExcess, s.Kurtosis, s.KurtosisWithin, s.NonGaussianity, s.CavityAuc, s.CavityNgAuc, s.CavitySpearman }.SelectMany(e => new object?[] { e.Value, e.Error }))));
        AtomicFile.WriteAllText(Path.Combine(outDir, "findings.json"), FindingsJson(a.Findings));
    }

    /// <summary>The findings as JSON, each value as {mean, sem, n}: the shape findings files had before the study's
    /// estimate became the library's <see cref="Estimate"/>, kept so that existing files and readers agree.</summary>
    public static string FindingsJson(IEnumerable<Finding> findings) => JsonSerializer.Serialize(findings.Select(f => new
    {
        f.Id, f.Data, f.Claim, f.Quantity, f.Null, f.ExpectAbove,
        Value = new { Mean = f.Value.Value, Sem = f.Value.Error, N = f.Value.N ?? 0 },
        f.Verdict,
    }), JsonDefaults.Options);
}
