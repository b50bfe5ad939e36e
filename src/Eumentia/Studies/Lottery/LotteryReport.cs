using System.Globalization;
using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Reports;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// report.html for the lottery study (the shared <see cref="Report"/>; every chart also under figures/ as SVG, PNG, PDF and CSV):
/// the findings with errors over seeds, IPR / distance ratio / kurtosis / non-Gaussianity / test accuracy against the
/// share of weights remaining for every method and data set, the cavity method's predictive power and scatter plots
/// of Δκ against |w|, and receptive-field mosaics of the first seed along the IMP trajectory and for the baselines.
/// </summary>
public static class LotteryReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="runDir">Where the files of a (data set, seed, method, level) run lie (null if nowhere).</param>
    public static void Write(LotterySpec spec, LotteryAnalysisResult a, string outDir, Func<string, ulong, string, int, string?> runDir)
    {
        var headline = a.Findings.Where(f => Headline.Contains(f.Id)).OrderBy(f => Array.IndexOf(Headline, f.Id)).ThenBy(f => f.Data).ToArray();
        var report = new Report("Iterative magnitude pruning and local receptive fields").Headline(Summary(spec, a, headline));
        report.Section("What was run", $"Data sets {string.Join(", ", spec.Data)}; {spec.Seeds} seeds; IMP with rewinding and the baselines {string.Join(", ", spec.Baselines)}. " +
            "Every setting is listed in the Spec section at the end.");
        report.Section("What is measured",
            "IMP with rewinding on a fully connected network, after Redman, Wang, Ingrosso & Goldt (arXiv:2412.06545); " +
            "baselines at the same sparsity: one-shot magnitude pruning, random pruning (same count per layer), shuffled (each unit keeps IMP's number " +
            "of survivors at random sites; emptied units stay empty) and the IMP mask on a fresh initialisation (reinit).\n\n" +
            "IPR = Σw⁴/(Σw²)² of each first-layer unit's incoming weights: large = localised (1 for a single input, 3/(k+2) on average for k Gaussian weights). " +
            "IPR ignores where the weights sit and rises with pruning alone, so it is compared at matched sparsity; the normalised IPR = IPR·(k+2)/3 " +
            "(k = the unit's surviving inputs) is 1 for random weights on any support and is fair across methods that leave different fan-ins. " +
            "Unit statistics average the live units (at least one surviving input); emptied units are left out. " +
            "Distance ratio = the w²-weighted mean squared distance between a unit's inputs over its value for the same weights at random sites: " +
            "1 = no spatial structure, small = local, whatever the fan-in. " +
            "Neighbour correlation = Σ over nearest-neighbour pairs of w_i w_j / (axes · Σw²): +1 smooth, −1 high-pass (neighbours of opposite sign), 0 scattered.\n\n" +
            "κ = excess kurtosis of a unit's pre-activation over the probe data, pooled over classes; NG = mean over classes of |κ within the class| " +
            "(zero on Gaussian inputs whatever the weights). Δκ, ΔNG (cavity) = their change when one weight alone is removed.\n\n" +
            "Error bars and ± are standard errors over seeds; verdicts need the mean two standard errors from the null value.");
        if (headline.Length > 0)
            report.Table(["id", "data", "quantity", "value (mean ± s.e.)", "verdict"],
                headline.Select(f => (IReadOnlyList<string>)[f.Id, f.Data, f.Quantity, f.Value.ToString(), a.QualifiedVerdict(f)]),
                "The paper's headline claims; every claim in full below. Locality across methods is judged by the distance ratio: " +
                "IPR does not see where weights sit (see the imp-vs-*-ipr rows).");
        report.Table(["data", "id", "claim", "quantity", "value (mean ± s.e., n seeds)", "null", "verdict"],
            a.Findings.Select(f => (IReadOnlyList<string>)[f.Data, f.Id, f.Claim, f.Quantity, f.Value.ToString(), $"{f.Null.ToString(Inv)} (claim: {(f.ExpectAbove ? "above" : "below")})", a.QualifiedVerdict(f)]),
            "The paper's claims tested on each data set.");

        var datas = a.Summary.Select(s => s.Data).Distinct().ToArray();
        var methods = a.Summary.Select(s => s.Method).Distinct().OrderBy(LotteryAnalysis.MethodOrder).ToArray();
        report.Section("Against sparsity");
        foreach (var (key, label, pick) in new (string, string, Func<SummaryRow, Estimate>)[]
        {
            ("ipr", "mean IPR of first-layer units", s => s.Ipr),
            ("ipr-normalised", "mean IPR·(k+2)/3 (1 = random weights on the same support)", s => s.IprNormalised),
            ("distance-ratio", "mean distance ratio (1 = no spatial structure)", s => s.DistanceRatio),
            ("window-excess", "mean window excess (0 = shuffled positions, 1 = all weight near the peak)", s => s.WindowExcess),
            ("neighbour-correlation", "mean neighbour correlation of the weights (−1 high-pass, 0 scattered, +1 smooth)", s => s.NeighbourCorrelation),
            ("kurtosis", "mean pooled pre-activation excess kurtosis κ", s => s.Kurtosis),
            ("non-gaussianity", "mean within-class non-Gaussianity NG", s => s.NonGaussianity),
            ("accuracy", "test accuracy", s => s.Accuracy),
        })
        {
            var figure = new Figure(Math.Min(3, datas.Length)) { Title = label };
            foreach (var data in datas)
            {
                var plot = new Plot { Title = data, XLabel = "share of prunable weights remaining", YLabel = label.Split(" (")[0], XScale = AxisScale.Log };
                foreach (var m in methods)
                {
                    var rows = a.Summary.Where(s => s.Data == data && s.Method == m).OrderBy(s => s.Level).ToArray();
                    if (rows.Length > 0)
                        plot.Points(rows.Select(s => s.Density.Value).ToArray(), rows.Select(s => pick(s).Value).ToArray(), rows.Select(s => pick(s).Error).ToArray(), label: m, line: true);
                }
                figure.Add(plot);
            }
            report.Figure(figure.File(key, 420, 320), $"{label} against the share of weights left, per method (level 0 is the dense network shared by all).");
        }

        report.Section("Cavity method",
            "AUC of Δκ (and ΔNG) for the weights the next IMP round prunes, among the survivors of each level: 0.5 = no information, " +
            "above 0.5 = IMP removes the weights whose removal raises their unit's kurtosis. Scatter: Δκ against |w| for a sample of surviving " +
            "weights of the first seed at three levels.");
        var auc = new Plot { Title = "cavity prediction of the next pruning", XLabel = "IMP level", YLabel = "AUC" }.HorizontalLine(0.5);
        foreach (var d in datas)
        {
            var rows = a.Summary.Where(s => s.Data == d && s.Method == LotteryRun.Imp).OrderBy(s => s.Level).ToArray();
            auc.Points(rows.Select(s => (double)s.Level).ToArray(), rows.Select(s => s.CavityAuc.Value).ToArray(), rows.Select(s => s.CavityAuc.Error).ToArray(), label: $"{d} Δκ", line: true);
            auc.Points(rows.Select(s => (double)s.Level).ToArray(), rows.Select(s => s.CavityNgAuc.Value).ToArray(), rows.Select(s => s.CavityNgAuc.Error).ToArray(), label: $"{d} ΔNG", line: true);
        }
        report.Figure(auc.File("cavity-auc"), "How well each weight's cavity effect predicts that the next IMP round prunes it.");
        foreach (var data in datas)
            if (CavityScatter(runDir, a, data) is { } scatter)
                report.Figure(scatter.File($"cavity-{data}", 380, 300), $"{data}: Δκ against |w|; pruned next in orange.");

        report.Section("Receptive fields",
            "First-layer weights of hidden units (rows) of the first seed, on the input grid: blue negative, red positive " +
            "(each tile scaled to its largest |w|), grey pruned. Columns: IMP levels, then the baselines at the deepest level they ran.");
        foreach (var data in datas)
            if (ReceptiveFields(spec, a, runDir, data) is { } mosaic)
                report.Figure(mosaic with { Name = $"receptive-fields-{data}" }, $"{data}: receptive fields along IMP and for the baselines.");

        report.Section("Spec", "Tables: results.csv (every data, seed, method, level), summary.csv (means and standard errors over seeds), findings.json.");
        report.Code(JsonSerializer.Serialize(spec, JsonDefaults.Options));
        report.Write(Path.Combine(outDir, "report.html"));
    }

    /// <summary>The findings that answer the paper's claims directly, in the order the report lists them.</summary>
    static readonly string[] Headline =
    [
        "ipr-nlgp-vs-gp", "ipr-gap-grows", "ipr-normalised-nlgp-vs-gp", "locality-nlgp-vs-gp", "imp-vs-oneshot-locality", "imp-vs-random-locality",
        "imp-vs-shuffled-locality", "kurtosis-moves-with-inputs", "kurtosis-shift-nlgp-vs-gp", "non-gaussianity-grows", "non-gaussianity-nlgp-vs-gp", "cavity-predicts",
    ];

    /// <summary>The headline: each of the paper's headline claims with its value and verdict, per data set.</summary>
    static Headline Summary(LotterySpec spec, LotteryAnalysisResult a, IReadOnlyList<Finding> headline)
    {
        // A tally, then one line per claim with every data set's value and verdict (the quantities are in the tables below).
        var lines = new List<string>();
        if (headline.Count == 0) lines.Add("No headline claim could be tested (too few levels or seeds).");
        else lines.Add($"{headline.Count} tests of the paper's headline claims: " +
            string.Join(", ", headline.GroupBy(f => f.Verdict).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}")) + ".");
        // Every verdict holds in the regime the dense networks reached; a contradiction outside the strongly localised
        // regime leaves the claim undecided where the paper's mechanism acts.
        foreach (var regime in headline.Select(f => a.RegimeOf(f.Data)).Distinct())
            if (regime.Regime != LocalisationRegime.Unmeasured)
                lines.Add($"Regime: {RegimeText(regime)}.");
        foreach (var claim in headline.GroupBy(f => f.Id))
            lines.Add($"{claim.First().Claim.TrimEnd('.')}: " + string.Join("; ", claim.Select(f => $"{f.Data} {NumberText.WithError(f.Value.Value, f.Value.Error)}, {a.QualifiedVerdict(f)}")) + ".");
        var values = new
        {
            spec.Data, spec.Seeds,
            Claims = headline.Select(f => new
            {
                f.Id, f.Data, f.Claim, f.Quantity, Mean = f.Value.Value, MeanSe = f.Value.Error, Seeds = f.Value.N, f.Null, f.Verdict,
                QualifiedVerdict = a.QualifiedVerdict(f), Regime = a.RegimeOf(f.Data).Regime.ToString().ToLowerInvariant(),
            }).ToArray(),
        };
        return new Headline("lottery", lines, values);
    }

    static string RegimeText(LotteryRegime r) =>
        $"the dense {r.Source} networks' distance ratio is {r.DenseDistanceRatio} against {LotteryRegime.StrongThreshold.ToString(Inv)} for sharply local fields, " +
        r.Regime switch
        {
            LocalisationRegime.Strong => "so the verdicts hold where the paper's mechanism acts",
            LocalisationRegime.Weak => "a weakly localised regime: a contradicted claim is contradicted here and undecided where the dense network localises sharply",
            _ => "too close to the threshold to say which regime the verdicts hold in",
        };

    static Figure? CavityScatter(Func<string, ulong, string, int, string?> runDir, LotteryAnalysisResult a, string data)
    {
        var seed = a.Rows.Where(r => r.Data == data).Min(r => r.Seed);
        var levels = a.Rows.Where(r => r.Data == data && r.Seed == seed && r.Method == LotteryRun.Imp).Select(r => r.Level).Order().ToArray();
        var figure = new Figure(3) { Title = $"{data}: cavity effect Δκ against |w|" };
        foreach (int level in Pick(levels, 3))
        {
            if (runDir(data, seed, LotteryRun.Imp, level) is not { } dir || !File.Exists(Path.Combine(dir, "cavity.csv"))) continue;
            var path = Path.Combine(dir, "cavity.csv");
            var t = CsvTable.Read(path);
            int w = t.Column("weight", "weights"), d = t.Column("delta_kurtosis", "cavity effects"), p = t.Column("pruned_next", "pruning labels");
            var plot = new Plot { Title = $"level {level}", XLabel = "|w|", YLabel = "Δκ", XScale = AxisScale.Log };
            foreach (var pruned in new[] { false, true })
            {
                var rows = Enumerable.Range(0, t.Rows.Count).Where(r => (t.Rows[r][p] == "1") == pruned).ToArray();
                plot.Points(rows.Select(r => Math.Abs(t.Number(r, w))).ToArray(), rows.Select(r => t.Number(r, d)).ToArray(),
                    label: pruned ? "pruned next" : "kept", colour: pruned ? "#D55E00" : "#9a9a9a", marker: MarkerShape.Circle, markerSize: 3);
            }
            figure.Add(plot);
        }
        return figure.Count > 0 ? figure : null;
    }

    static FigureFile? ReceptiveFields(LotterySpec spec, LotteryAnalysisResult a, Func<string, ulong, string, int, string?> runDir, string data)
    {
        var seed = a.Rows.Where(r => r.Data == data).Min(r => r.Seed);
        var impLevels = a.Rows.Where(r => r.Data == data && r.Seed == seed && r.Method == LotteryRun.Imp).Select(r => r.Level).Order().ToArray();
        if (impLevels.Length == 0) return null;
        var columns = Pick(impLevels, 5).Select(l => (Method: LotteryRun.Imp, Level: l)).ToList();
        int impColumns = columns.Count;
        int compared = a.Rows.Where(r => r.Data == data && r.Seed == seed && r.Method != LotteryRun.Imp).Select(r => r.Level).DefaultIfEmpty(-1).Max();
        foreach (var m in spec.Baselines)
            if (a.Rows.Any(r => r.Data == data && r.Seed == seed && r.Method == m && r.Level == compared)) columns.Add((m, compared));
        var weights = columns.Select(c => runDir(data, seed, c.Method, c.Level) is { } dir ? LoadFirstLayer(Path.Combine(dir, LotteryRun.WeightsFile)) : null).ToArray();
        if (weights.Any(w => w is null)) return null;
        var (units, inputs, _, _) = weights[0]!.Value;
        var grid = spec.IsSynthetic(data) ? new InputGrid(spec.Side, spec.Dimension == 1 ? 1 : spec.Side, true) : InputGrid.Infer(inputs);
        // The first RfUnits units still alive at IMP's last level, so each row follows one unit through the trajectory.
        var last = weights[impColumns - 1]!.Value;
        var shown = Enumerable.Range(0, units).Where(i => Enumerable.Range(0, inputs).Any(j => last.Weight[i * inputs + j] != 0)).Take(spec.RfUnits).ToArray();
        double[] Tile(int row, int col)
        {
            var (_, n, w, mask) = weights[col]!.Value;
            int unit = shown[row];
            return Enumerable.Range(0, n).Select(j => mask is not null && mask[unit * n + j] == 0 ? double.NaN : w[unit * n + j]).ToArray();
        }
        var titles = columns.Select(c => c.Method == LotteryRun.Imp ? $"IMP {c.Level}" : $"{c.Method} {c.Level}").ToArray();
        return ReceptiveFieldMosaic.File($"receptive-fields-{data}", $"{data}: receptive fields, seed {seed}", titles, shown.Select(u => $"unit {u}").ToArray(), Tile, grid);
    }

    static (int Units, int Inputs, float[] Weight, float[]? Mask)? LoadFirstLayer(string path)
    {
        if (!File.Exists(path)) return null;
        var t = SafeTensors.Read(path);
        if (!t.TryGetValue("layers.0.weight", out var w)) return null;
        return (w.Shape[0], w.Shape[1], w.Data, t.TryGetValue("layers.0.weight_mask", out var m) ? m.Data : null);
    }

    /// <summary>Up to <paramref name="count"/> values spread evenly over a sorted list, always with its first and last.</summary>
    static int[] Pick(int[] sorted, int count) => sorted.Length <= count ? sorted
        : Enumerable.Range(0, count).Select(k => sorted[(int)Math.Round(k * (sorted.Length - 1) / (double)(count - 1))]).Distinct().ToArray();
}
