using System.Globalization;
using System.Net;
using System.Text;
using Eumentia.Theory;

namespace Eumentia.Studies.Criticality;

/// <summary>The study's self-contained report.html: summary, exponent table with verdicts, and SVG figures inline.</summary>
public static class CriticalityReport
{
    public static string Html(CriticalityResults r)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Eumentia: criticality</title><style>")
            .Append("body{font-family:sans-serif;max-width:1180px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}td.l{text-align:left}")
            .Append(".figs{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;max-width:560px;color:#444}")
            .Append(".ok{color:#1a7f37}.no{color:#b35900}</style></head><body>\n");
        html.Append("<h1>Absorbing phase transitions at the edge of chaos</h1>\n");
        var c = r.Critical;
        string decay = c.DecayExponent == 1
            ? P($"κ = {c.Kappa:F6} (ρ_l ≈ 1/(κ l) = {c.DecayAmplitude:G4}/l at criticality).")
            : P($"kinked activation: ρ_l ≈ {c.DecayAmplitude:G4}/l² at criticality.");
        html.Append("<p>").Append(P($"Preset <b>{r.Spec.Preset}</b>, activation <b>{r.Spec.Activation}</b>, σ_b = {r.Spec.SigmaB}; run time {r.Seconds:F0} s. "))
            .Append(P($"Mean-field critical point σ_w,c = {r.SigmaC:F6}, q* = {c.LengthFixedPoint:F6}, ")).Append(decay).Append("</p>\n");

        html.Append("<h2>Verdicts</h2><ul>\n");
        foreach (var v in r.Verdicts)
            html.Append(P($"<li><b>{Label(v.Architecture, r)}</b>: <span class=\"{(v.Consistent ? "ok" : "no")}\">{Esc(v.Text)}</span></li>"));
        html.Append("</ul>\n");
        html.Append(ExponentTableHtml(r));
        html.Append(CriticalPointsHtml(r));
        html.Append(CollapsesHtml(r));
        if (r.Notes.Count > 0)
        {
            html.Append("<h2>Notes</h2><ul>");
            foreach (var n in r.Notes) html.Append("<li>").Append(Esc(n)).Append("</li>");
            html.Append("</ul>\n");
        }

        html.Append("<h2>Figures</h2><div class=\"figs\">\n");
        Figure(html, PhaseDiagram(r), "Correlation depth scale ξ_c over (σ_w, σ_b) from the mean-field maps (colour, log scale); it diverges on the critical line χ₁ = 1 (white).");
        Figure(html, ScanFigure(r.Theory, $"Exact infinite-width ρ_l", AsymptoteSeries(r)), "Exact mean-field iteration of ρ_l = 1 − c_l at σ_w = σ_w,c (1 + offset); dashed: the asymptote ρ_l = 1/(κ l).");
        foreach (var s in r.Scans)
            Figure(html, ScanFigure(s, $"{s.Label}: ρ_l", []), $"{s.Label}: ρ_l averaged over weight draws (bars: standard errors) for σ_w around the critical point.");
        foreach (var col in r.Collapses)
        {
            Figure(html, CollapseFigure(col, col.Result.PredictedA, col.Result.PredictedB, $"predicted ({col.Predicted.Name})"),
                P($"{col.Label}: ρ L^a against l / L^b at the {col.Predicted.Name} exponents a = {col.Result.PredictedA:G4}, b = {col.Result.PredictedB:G4} (quality {col.Result.QualityAtPredicted:G3}; ≈ 1 is a collapse within errors)."));
            Figure(html, CollapseFigure(col, col.Result.A.Value, col.Result.B.Value, "best fit"),
                P($"{col.Label}: the same at the best-collapsing exponents a = {col.Result.A}, b = {col.Result.B} (quality {col.Result.Quality:G3})."));
        }
        if (r.Training.Count > 0)
        {
            Figure(html, TrainingMap(r), "Test accuracy after training (colour) against σ_w and depth; white: depth = 6 ξ_c(σ_w), the mean-field trainability bound (Schoenholz et al. 2017).");
            Figure(html, TrainingLines(r), "Test accuracy against σ_w / σ_w,c, one line per depth: the boundary is where deep nets train, but it is not enough on its own.");
        }
        html.Append("</div>\n<p style=\"font-size:12px;color:#666\">Tables: critical_line.csv, phase_diagram.csv, exponents.csv, exponents.json, scans.csv, curves.csv, training.csv. Probe runs: probes/&lt;key&gt;/.</p>\n</body></html>\n");
        return html.ToString();
    }

    static string ExponentTableHtml(CriticalityResults r)
    {
        var html = new StringBuilder("<h2>Exponents</h2><table><tr><th>architecture</th><th>exponent</th><th>measured</th><th>from</th>");
        foreach (var c in UniversalityClass.All) html.Append("<th>").Append(Esc(c.Name)).Append(" (z)</th>");
        html.Append("</tr>\n");
        foreach (var row in r.Exponents)
        {
            html.Append(P($"<tr><td class=\"l\">{Label(row.Architecture, r)}</td><td class=\"l\">{Symbol(row.Exponent)}</td><td>{row.Measured}</td><td class=\"l\">{Esc(row.Source)}</td>"));
            for (int k = 0; k < UniversalityClass.All.Count; k++)
                html.Append(P($"<td>{row.ClassValues[k]:G4} ({(row.Measured.IsMissing ? "–" : ExponentTable.Z(row.Measured, row.ClassValues[k]).ToString("F1", CultureInfo.InvariantCulture))})</td>"));
            html.Append("</tr>\n");
        }
        html.Append(P($"</table><p style=\"font-size:12px\">z = (measured − class) / √(σ² + ({ExponentTable.Systematic} · class)²): the bootstrap error over weight draws plus an allowance for corrections to scaling.</p>\n"));
        return html.ToString();
    }

    static string CriticalPointsHtml(CriticalityResults r)
    {
        var html = new StringBuilder("<h2>Critical points</h2><table><tr><th>architecture</th><th>σ_c (ρ* → 0)</th><th>shift from mean field</th><th>σ_c (curvature)</th><th>σ_c′ (ν∥ fit)</th></tr>\n");
        foreach (var s in new[] { r.Theory }.Concat(r.Scans))
        {
            var e = s.Exponents;
            string shift = e.SigmaC.IsMissing ? "–" : P($"{100 * (e.SigmaC.Value / s.MeanFieldSigmaC - 1):+0.00;-0.00}% ± {100 * e.SigmaC.Error / s.MeanFieldSigmaC:F2}%");
            html.Append(P($"<tr><td class=\"l\">{Esc(s.Label)}</td><td>{e.SigmaC}</td><td>{shift}</td><td>{e.SigmaCFromCurvature}</td><td>{e.SigmaCFromNu}</td></tr>\n"));
        }
        return html.Append("</table>\n").ToString();
    }

    static string CollapsesHtml(CriticalityResults r)
    {
        var html = new StringBuilder("<h2>Finite-size collapses</h2><table><tr><th>collapse</th><th>a (ρ L^a)</th><th>b (l / L^b)</th><th>δ = a/b</th><th>quality</th><th>predicted a, b</th><th>quality there</th></tr>\n");
        foreach (var c in r.Collapses)
            html.Append(P($"<tr><td class=\"l\">{Esc(c.Label)}</td><td>{c.Result.A}</td><td>{c.Result.B}</td><td>{c.Result.Delta}</td><td>{c.Result.Quality:G3}</td><td>{c.Result.PredictedA:G4}, {c.Result.PredictedB:G4} ({Esc(c.Predicted.Name)})</td><td>{c.Result.QualityAtPredicted:G3}</td></tr>\n"));
        return html.Append("</table>\n").ToString();
    }

    static string PhaseDiagram(CriticalityResults r)
    {
        var xs = r.PhaseDiagram.Select(p => p.SigmaW).Distinct().Order().ToArray();
        var ys = r.PhaseDiagram.Select(p => p.SigmaB).Distinct().Order().ToArray();
        var z = ys.Select(b => xs.Select(w => r.PhaseDiagram.First(p => p.SigmaW == w && p.SigmaB == b).CorrelationDepthScale).ToArray()).ToArray();
        var line = new Series("σ_w,c(σ_b)", r.Line.Select(p => (p.SigmaW, p.SigmaB, 0.0)).ToArray());
        return new SvgChart { Title = "Phase diagram (mean field)", XLabel = "σ_w", YLabel = "σ_b" }.Heatmap(xs, ys, z, "ξ_c", logColour: true, [line]);
    }

    static Series[] AsymptoteSeries(CriticalityResults r)
    {
        if (!(r.Critical.DecayAmplitude > 0 && double.IsFinite(r.Critical.DecayAmplitude))) return [];
        int depth = r.Theory.Curves[0].Mean.Length - 1;
        return [new Series("asymptote", CriticalityOutputs.Sampled(depth + 1).Where(l => l >= 1)
            .Select(l => ((double)l, r.Critical.DecayAmplitude * Math.Pow(l, -r.Critical.DecayExponent), 0.0)).ToArray(), Dashed: true)];
    }

    static string ScanFigure(ScanOutcome s, string title, Series[] extra)
    {
        var series = s.Curves.Select(c => new Series(P($"σ_w/σ_c {c.SigmaW / s.MeanFieldSigmaC:F3}"),
            CriticalityOutputs.Sampled(c.Mean.Length).Where(l => l >= 1).Select(l => ((double)l, c.Mean[l], c.Error[l])).ToArray())).Concat(extra).ToArray();
        return new SvgChart { Title = title, XLabel = "layer l", YLabel = "ρ_l = 1 − c_l", LogX = true, LogY = true }.Plot(series);
    }

    static string CollapseFigure(CollapseOutcome c, double a, double b, string which)
    {
        var series = c.Curves.Select(curve => new Series(P($"L = {curve.Size:G4}"),
            CriticalityOutputs.Sampled(curve.Mean.Length).Where(l => l >= 4)
                .Select(l => (l / Math.Pow(curve.Size, b), curve.Mean[l] * Math.Pow(curve.Size, a), curve.Error[l] * Math.Pow(curve.Size, a))).ToArray())).ToArray();
        return new SvgChart { Title = $"{c.Architecture} collapse, {which}", XLabel = P($"l / L^{b:G3}"), YLabel = P($"ρ L^{a:G3}"), LogX = true, LogY = true }.Plot(series);
    }

    static string TrainingMap(CriticalityResults r)
    {
        var xs = r.Training.Select(t => t.SigmaW).Distinct().Order().ToArray();
        var ys = r.Training.Select(t => (double)t.Depth).Distinct().Order().ToArray();
        var z = ys.Select(d => xs.Select(w => r.Training.Where(t => t.SigmaW == w && t.Depth == d).Average(t => t.TestAccuracy)).ToArray()).ToArray();
        var activation = Activation.Parse(r.Spec.Activation);
        double lo = xs[0], hi = xs[^1];
        var bound = Enumerable.Range(0, 80).Select(i => lo + (hi - lo) * i / 79.0)
            .Select(w => (w, 6 * new MeanField(activation, w, r.Spec.SigmaB, 1.0, r.Spec.Order).CorrelationDepthScale, 0.0)).ToArray();
        return new SvgChart { Title = "Training near the boundary", XLabel = "σ_w", YLabel = "depth" }
            .Heatmap(xs, ys, z, "test accuracy", logColour: false, [new Series("6 ξ_c", bound)]);
    }

    static string TrainingLines(CriticalityResults r)
    {
        var series = r.Training.GroupBy(t => t.Depth).OrderBy(g => g.Key).Select(g => new Series($"depth {g.Key}",
            g.GroupBy(t => t.Factor).OrderBy(f => f.Key).Select(f => (f.Key, f.Average(t => t.TestAccuracy), StdErr(f.Select(t => t.TestAccuracy).ToArray()))).ToArray(),
            Markers: true)).ToArray();
        return new SvgChart { Title = "Test accuracy against σ_w", XLabel = "σ_w / σ_w,c", YLabel = "test accuracy" }.Plot(series);
    }

    static double StdErr(double[] x)
    {
        if (x.Length < 2) return 0;
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1) / x.Length);
    }

    static void Figure(StringBuilder html, string svg, string caption) =>
        html.Append("<figure>").Append(svg).Append("<figcaption>").Append(Esc(caption)).Append("</figcaption></figure>\n");

    static string Label(string architecture, CriticalityResults r) =>
        Esc(new[] { r.Theory }.Concat(r.Scans).FirstOrDefault(s => s.Architecture == architecture)?.Label ?? architecture);

    static string Symbol(string exponent) => exponent switch { "delta" => "δ", "beta" => "β", _ => "ν∥" };

    static string Esc(string s) => WebUtility.HtmlEncode(s);
    static string P(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
