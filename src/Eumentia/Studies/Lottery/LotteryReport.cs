using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// report.html for the lottery study, self-contained (every chart an inline SVG, also written as its own .svg file):
/// the findings with errors over seeds, IPR / spatial spread / kurtosis / test accuracy against the share of weights
/// remaining for every method and data set, the cavity method's predictive power and scatter plots of Δκ against
/// |w|, and receptive-field maps of the first seed along the IMP trajectory and for the baselines.
/// </summary>
public static class LotteryReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(LotterySpec spec, LotteryAnalysisResult a, string outDir)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Eumentia — lottery tickets and local receptive fields</title><style>")
            .Append("body{font-family:sans-serif;max-width:1500px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px}")
            .Append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:left}th{background:#f3f3f3}.supported{color:#1a7f37}.contradicted{color:#b42318}")
            .Append(".inconclusive{color:#8a6d00}figure{display:inline-block;margin:6px;vertical-align:top}pre{background:#f7f7f7;padding:8px;font-size:12px;overflow:auto}</style></head><body>")
            .Append("<h1>Iterative magnitude pruning and local receptive fields</h1>")
            .Append("<p>IMP with rewinding on a fully connected network, after Redman, Wang, Ingrosso &amp; Goldt (arXiv:2412.06545). ")
            .Append("IPR = Σw⁴/(Σw²)² of each first-layer unit's incoming weights: <b>large = localised</b> (1 for a single input, about 3/n for n Gaussian weights). ")
            .Append("Distance ratio = w²-weighted mean squared distance between a unit's inputs over its value for the same weights at random sites: ")
            .Append("<b>1 = no spatial structure, small = local</b>, whatever the fan-in. ")
            .Append("κ = excess kurtosis of a unit's pre-activation over the probe data, pooled over classes; NG = mean over classes of |κ within the class| ")
            .Append("(zero on Gaussian inputs whatever the weights). Δκ, ΔNG (cavity) = their change when one weight alone is removed. ")
            .Append("Error bars and ± are standard errors over seeds.</p>");

        html.Append("<h2>Findings</h2><table><tr><th>data</th><th>id</th><th>claim</th><th>quantity</th><th>value (mean ± s.e., n seeds)</th><th>null</th><th>verdict</th></tr>");
        foreach (var f in a.Findings)
            html.Append($"<tr><td>{E(f.Data)}</td><td>{E(f.Id)}</td><td>{E(f.Claim)}</td><td>{E(f.Quantity)}</td><td>{E(f.Value.ToString())}</td><td>{f.Null.ToString(Inv)} ({(f.ExpectAbove ? "claim: above" : "claim: below")})</td><td class=\"{f.Verdict.Replace(' ', '-')}\">{E(f.Verdict)}</td></tr>");
        html.Append("</table>");

        var datas = a.Summary.Select(s => s.Data).Distinct().ToArray();
        var methods = a.Summary.Select(s => s.Method).Distinct().OrderBy(LotteryAnalysis.MethodOrder).ToArray();
        html.Append("<h2>Locality, non-Gaussianity and accuracy against sparsity</h2>");
        foreach (var (key, label, pick) in new (string, string, Func<SummaryRow, Estimate>)[]
        {
            ("ipr", "mean IPR of first-layer units", s => s.Ipr),
            ("distance-ratio", "mean distance ratio (1 = no spatial structure)", s => s.DistanceRatio),
            ("kurtosis", "mean pooled pre-activation excess kurtosis", s => s.Kurtosis),
            ("non-gaussianity", "mean within-class non-Gaussianity NG", s => s.NonGaussianity),
            ("accuracy", "test accuracy", s => s.Accuracy),
        })
        {
            html.Append($"<h3>{E(label)}</h3>");
            foreach (var data in datas)
            {
                var series = methods.Select((m, k) => new PlotSeries(m, Svg.Palette[k % Svg.Palette.Length],
                    a.Summary.Where(s => s.Data == data && s.Method == m).Select(s => new PlotPoint(s.Density.Mean, pick(s).Mean, pick(s).Sem)).ToArray()))
                    .Where(s => s.Points.Count > 0).ToArray();
                Figure(html, outDir, $"{key}-{data}.svg", Svg.LinePlot($"{data}: {label}", "share of prunable weights remaining (log)", label, series, logX: true, reverseX: true));
            }
        }

        html.Append("<h2>Cavity method</h2><p>AUC of Δκ for the weights the next IMP round prunes, among the survivors of each level ")
            .Append("(0.5 = Δκ carries no information; above 0.5 = IMP removes the weights whose removal raises their unit's kurtosis). ")
            .Append("Scatter: Δκ against |w| for a sample of surviving weights of the first seed; red = pruned by the next round.</p>");
        var aucSeries = datas.SelectMany((d, k) => new[]
        {
            new PlotSeries($"{d} Δκ", Svg.Palette[(2 * k) % Svg.Palette.Length],
                a.Summary.Where(s => s.Data == d && s.Method == LotteryRun.Imp).Select(s => new PlotPoint(s.Level, s.CavityAuc.Mean, s.CavityAuc.Sem)).ToArray()),
            new PlotSeries($"{d} ΔNG", Svg.Palette[(2 * k + 1) % Svg.Palette.Length],
                a.Summary.Where(s => s.Data == d && s.Method == LotteryRun.Imp).Select(s => new PlotPoint(s.Level, s.CavityNgAuc.Mean, s.CavityNgAuc.Sem)).ToArray()),
        }).ToArray();
        Figure(html, outDir, "cavity-auc.svg", Svg.LinePlot("cavity prediction of the next pruning", "IMP level", "AUC", aucSeries));
        foreach (var data in datas) CavityScatters(html, outDir, a, data);

        html.Append("<h2>Receptive fields</h2><p>First-layer weights of hidden units (rows) of the first seed, drawn on the input grid; ")
            .Append("blue negative, red positive (each tile scaled to its largest |w|), grey pruned.</p>");
        foreach (var data in datas) ReceptiveFields(html, outDir, spec, a, data);

        html.Append("<h2>Spec</h2><pre>").Append(E(JsonSerializer.Serialize(spec, TrainRun.Json))).Append("</pre>");
        html.Append("<p>Tables: results.csv (every data, seed, method, level), summary.csv (means and standard errors over seeds), findings.json.</p></body></html>");
        AtomicFile.WriteAllText(Path.Combine(outDir, "report.html"), html.ToString());
    }

    static void CavityScatters(StringBuilder html, string outDir, LotteryAnalysisResult a, string data)
    {
        var seed = a.Rows.Where(r => r.Data == data).Min(r => r.Seed);
        var levels = a.Rows.Where(r => r.Data == data && r.Seed == seed && r.Method == LotteryRun.Imp).Select(r => r.Level).Order().ToArray();
        foreach (int level in Pick(levels, 3))
        {
            var path = Path.Combine(LotteryStudy.RunDir(outDir, data, seed), LotteryRun.Imp, $"level-{level:00}", "cavity.csv");
            if (!File.Exists(path)) continue;
            var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Select(c => (W: double.Parse(c[2], Inv), D: double.Parse(c[3], Inv), P: c[5] == "1")).ToArray();
            var series = new[]
            {
                new PlotSeries("kept", "#7f7f7f", rows.Where(r => !r.P).Select(r => new PlotPoint(Math.Abs(r.W), r.D)).ToArray()),
                new PlotSeries("pruned next", "#D55E00", rows.Where(r => r.P).Select(r => new PlotPoint(Math.Abs(r.W), r.D)).ToArray()),
            };
            Figure(html, outDir, $"cavity-{data}-level-{level:00}.svg", Svg.Scatter($"{data}, level {level}: Δκ against |w|", "|w| (log)", "Δκ", series, logX: true));
        }
    }

    static void ReceptiveFields(StringBuilder html, string outDir, LotterySpec spec, LotteryAnalysisResult a, string data)
    {
        var seed = a.Rows.Where(r => r.Data == data).Min(r => r.Seed);
        string runDir = LotteryStudy.RunDir(outDir, data, seed);
        var impLevels = a.Rows.Where(r => r.Data == data && r.Seed == seed && r.Method == LotteryRun.Imp).Select(r => r.Level).Order().ToArray();
        if (impLevels.Length == 0) return;
        var columns = Pick(impLevels, 5).Select(l => (Method: LotteryRun.Imp, Level: l)).ToList();
        int compared = a.Rows.Where(r => r.Data == data && r.Seed == seed && r.Method != LotteryRun.Imp).Select(r => r.Level).DefaultIfEmpty(-1).Max();
        foreach (var m in spec.Baselines)
            if (a.Rows.Any(r => r.Data == data && r.Seed == seed && r.Method == m && r.Level == compared)) columns.Add((m, compared));
        var weights = columns.Select(c => LoadFirstLayer(Path.Combine(runDir, c.Method, $"level-{c.Level:00}", "weights.safetensors"))).ToArray();
        if (weights.Any(w => w is null)) return;
        var (units, inputs, _, _) = weights[0]!.Value;
        var grid = spec.IsSynthetic(data) ? new InputGrid(spec.Side, spec.Dimension == 1 ? 1 : spec.Side, true) : InputGrid.Infer(inputs);
        // Units that are still alive at IMP's last level, the first RfUnits of them, so each row follows one unit.
        var last = weights[Math.Min(columns.Count(c => c.Method == LotteryRun.Imp), weights.Length) - 1]!.Value;
        var shown = Enumerable.Range(0, units).Where(i => Enumerable.Range(0, inputs).Any(j => last.Weight[i * inputs + j] != 0)).Take(spec.RfUnits).ToArray();
        double[] Tile(int col, int unit)
        {
            var (_, n, w, mask) = weights[col]!.Value;
            return Enumerable.Range(0, n).Select(j => mask is not null && mask[unit * n + j] == 0 ? double.NaN : w[unit * n + j]).ToArray();
        }
        var titles = columns.Select(c => c.Method == LotteryRun.Imp ? $"IMP {c.Level}" : $"{c.Method} {c.Level}").ToArray();
        // A 1-D input is a strip of L cells per unit; a 2-D one an L×L tile.
        int cellWidth = grid.Height == 1 ? Math.Max(2, 256 / grid.Width) : Math.Max(2, 84 / grid.Width);
        int cellHeight = grid.Height == 1 ? 12 : cellWidth;
        var svg = Svg.HeatmapGrid($"{data}: receptive fields, seed {seed}", titles, shown.Select(u => $"unit {u}").ToArray(),
            (r, c) => Tile(c, shown[r]), grid.Width, grid.Height, cellWidth, cellHeight);
        Figure(html, outDir, $"receptive-fields-{data}.svg", svg);
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

    static void Figure(StringBuilder html, string outDir, string file, string svg)
    {
        AtomicFile.WriteAllText(Path.Combine(outDir, file), svg);
        html.Append("<figure>").Append(svg).Append("</figure>");
    }

    static string E(string s) => WebUtility.HtmlEncode(s);
}
