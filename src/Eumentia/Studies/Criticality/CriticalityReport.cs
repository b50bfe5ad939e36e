using System.Globalization;
using Eumentia.Analysis.Collapse;
using Eumentia.IO;
using Eumentia.Reports;
using Eumentia.Theory;

namespace Eumentia.Studies.Criticality;

/// <summary>The study's self-contained report.html (through Eumentia.Reports): headline, verdicts, tables and figures (each also under figures/).</summary>
public static partial class CriticalityReport
{
    /// <summary>ξ_c is infinite on the critical line; the phase diagram's colours stop here.</summary>
    const double DepthScaleCap = 1e4;

    public static Report Build(CriticalityResults r)
    {
        var c = r.Critical;
        var report = new Report("Absorbing phase transitions at the edge of chaos").Headline(Summary(r));
        report.Section("What was run", P($"Preset {r.Spec.Preset}, activation {r.Spec.Activation}, σ_b = {r.Spec.SigmaB}, seed {r.Spec.Seed}, run time {r.Seconds:F0} s. ")
            + P($"Mean-field critical point σ_w,c = {r.SigmaC:F6}, q* = {c.LengthFixedPoint:F6}, ")
            + (c.DecayExponent == 1 ? P($"κ = {c.Kappa:F6}: ρ_l ≈ 1/(κ l) = {c.DecayAmplitude:G4}/l at criticality.")
                : P($"kinked activation: ρ_l ≈ {c.DecayAmplitude:G4}/l² at criticality.")));
        report.Text("Every setting of the study (CriticalitySpec; `criticality --help` names the options that change them):");
        report.Code(System.Text.Json.JsonSerializer.Serialize(r.Spec, JsonDefaults.Options));
        report.Section("Verdicts", string.Join("\n\n", r.Verdicts.Select(v => $"{Label(v.Architecture, r)}: {v.Text}.")));
        report.Table(["architecture", "exponent", "measured", "from", .. AbsorbingClass.All.Select(k => $"{ExponentTable.Display(k)} (z)")],
            r.Exponents.Select(row => (IReadOnlyList<string>)[Label(row.Architecture, r), Symbol(row.Exponent), row.Measured.ToString(), row.Source,
                .. AbsorbingClass.All.Select(k => row.Measured.IsMissing ? P($"{ExponentTable.Value(k, row.Exponent):G4}")
                    : P($"{ExponentTable.Value(k, row.Exponent):G4} ({ExponentTable.Z(row.Measured, k, row.Exponent):F1})"))]),
            P($"Exponents beside the classes; z = (measured − class) / √(σ² + σ_class² + ({ExponentTable.Systematic} · class)²): the bootstrap error over weight draws, the class value's literature error (multiplicative noise: 3–7 %) and an allowance for corrections to scaling. A class is excluded where its mean z² exceeds {ExponentTable.Exclusion:G}."));
        report.Table(["architecture", "σ_c (ρ* → 0)", "shift from mean field", "σ_c (curvature)", "σ_c′ (ν∥ fit)", "σ_c used for δ, β, ν∥ (error with the criteria's disagreement)"],
            new[] { r.Theory }.Concat(r.Scans).Select(s => (IReadOnlyList<string>)[s.Label, s.Exponents.SigmaC.ToString(), Shift(s),
                s.Exponents.SigmaCFromCurvature.ToString(), s.Exponents.SigmaCFromNu.ToString(),
                s.Adopted?.Summary ?? "each fit's own"]),
            "Critical points by three criteria. A CNN's exponents, decay and collapse are all read at one of them — where the late-time log-log curvature "
            + "changes sign, the DP simulator's criterion — whose error carries its disagreement with the plateau extrapolation as a systematic.");
        report.Table(["collapse", "a (ρ L^a)", "z (l / L^z)", "δ = a/z", "S", "predicted a, z", "S there"],
            r.Collapses.Select(k => (IReadOnlyList<string>)[k.Label, k.Result.A.ToString(), k.Result.Z.ToString(), k.Result.Delta.ToString(),
                P($"{k.Result.Quality:G3}"), P($"{k.Result.PredictedA:G4}, {k.Result.PredictedZ:G4} ({ExponentTable.Display(k.Predicted)})"), P($"{k.Result.QualityAtPredicted:G3}")]),
            "Finite-size collapses (Houdayer–Hartmann S ≈ 1: a collapse within the errors).");
        if (r.Notes.Count > 0) report.Section("Notes", string.Join("\n\n", r.Notes));

        report.Section("Figures");
        report.Figure(PhaseDiagram(r).File("phase-diagram"), P($"Correlation depth scale ξ_c over (σ_w, σ_b) from the mean-field maps (log colour, capped at {DepthScaleCap:G0}); it diverges on the critical line χ₁ = 1 (black on white)."));
        report.Figure(Curves(r.Theory, "Exact infinite-width ρ_{l}", r).File("rho-theory"), "Exact mean-field iteration of ρ_l = 1 − c_l at σ_w = σ_w,c (1 + offset), coloured by σ_w / σ_w,c (black: the critical curve); dashed: the asymptote of the critical curve.");
        foreach (var s in r.Scans)
            report.Figure(Curves(s, $"{s.Label}: ρ_{{l}}", null).File($"rho-{s.Architecture}"), $"{s.Label}: ρ_l averaged over weight draws (bars: standard errors) for σ_w around the critical point, coloured by σ_w / σ_w,c (black: the mean-field σ_w,c).");
        foreach (var k in r.Collapses.Where(k => k.Result.Fitted is not null))
        {
            var figure = new Figure(2) { Title = Typeset(k.Label) };
            figure.Add(Collapse(k, k.Result.PredictedA, k.Result.PredictedZ, $"at {ExponentTable.Display(k.Predicted)} exponents"));
            figure.Add(Collapse(k, k.Result.A.Value, k.Result.Z.Value, "at the best-collapsing exponents"));
            string size = SizeSymbol(k.Architecture);
            report.Figure(figure.File($"collapse-{k.Architecture}"), P($"{k.Label}: ρ {size}^a against l / {size}^z at the predicted exponents (left, S = {k.Result.QualityAtPredicted:G3}) and the best ones (right, S = {k.Result.Quality:G3})."));
        }
        foreach (var d in r.Decays)
        {
            var figure = new Figure(2) { Title = Typeset(P($"{d.Label}: decay at σ_w = {d.SigmaW:F4}")) };
            figure.Add(DecayCurves(d));
            figure.Add(EffectiveExponent(d, r));
            report.Figure(figure.File($"decay-{d.Architecture}"), P($"{d.Label}, {d.Points.Count} layers sampled: left, ρ averaged over all draws (absorbed ones count as 0), over survivors, and the survival probability P(l); right, δ_eff(l) = −d ln ρ / d ln l with bootstrap errors, the window [{d.WindowFrom}, {d.WindowTo}] (L^z = {d.FiniteSizeTime:F0}) and the classes' δ. Plateau δ = {d.Delta}."));
        }
        SharedAgainstLocal(report, r);
        if (r.Training.Count > 0)
        {
            report.Figure(TrainingMap(r).File("training-map"), "Test accuracy after training (colour) against σ_w and depth; black on white: depth = 6 ξ_c(σ_w), the mean-field trainability bound (Schoenholz et al. 2017), which diverges at σ_w,c and leaves the frame there. Networks below the curve can train; the accuracy inside it shows that being under the bound is necessary, not sufficient.");
            report.Figure(TrainingLines(r).File("training-lines"), "Test accuracy against σ_w / σ_w,c, one line per depth: the boundary is where deep nets train, but it is not enough on its own.");
        }
        report.Text("Tables: critical_line.csv, phase_diagram.csv, exponents.csv, exponents.json, scans.csv, decay.csv, curves.csv, training.csv. Probe runs: probes/<key>/. Each figure: figures/<name>.svg, .png, .pdf and .csv.");
        return report;
    }

    /// <summary>The headline: the critical point(s) and each architecture's exponent verdict.</summary>
    public static Headline Summary(CriticalityResults r)
    {
        var lines = new List<string> { P($"Mean-field critical point ({r.Spec.Activation}, σ_b = {r.Spec.SigmaB}): σ_w,c = {r.SigmaC:F5}.") };
        foreach (var s in r.Scans.Where(s => !s.Exponents.SigmaC.IsMissing))
            lines.Add($"{s.Label}: σ_c = {s.Exponents.SigmaC} ({Shift(s)} from mean field).");
        foreach (var v in r.Verdicts) lines.Add($"{Label(v.Architecture, r)}: {v.Text}.");
        var values = new
        {
            r.Spec.Activation, r.Spec.SigmaB, SigmaWCritical = r.SigmaC,
            Scans = r.Scans.Select(s => new { s.Architecture, s.Label, SigmaC = s.Exponents.SigmaC.Value, SigmaCSe = s.Exponents.SigmaC.Error }).ToArray(),
            Exponents = r.Exponents.Select(e => new { e.Architecture, e.Exponent, e.Measured.Value, ValueSe = e.Measured.Error, e.Source }).ToArray(),
            Verdicts = r.Verdicts.Select(v => new { v.Architecture, v.Closest, v.Consistent, v.Text }).ToArray(),
        };
        return new Headline("criticality", lines, values);
    }

    /// <summary>The size of a collapse's networks: the width N of an MLP, the side L of a lattice.</summary>
    static string SizeSymbol(string architecture) => architecture.StartsWith("mlp", StringComparison.Ordinal) ? "N" : "L";

    static Plot PhaseDiagram(CriticalityResults r)
    {
        var xs = r.PhaseDiagram.Select(p => p.SigmaW).Distinct().Order().ToArray();
        var ys = r.PhaseDiagram.Select(p => p.SigmaB).Distinct().Order().ToArray();
        var values = new double[ys.Length, xs.Length];
        foreach (var p in r.PhaseDiagram)
            values[Array.IndexOf(ys, p.SigmaB), Array.IndexOf(xs, p.SigmaW)] = Math.Min(p.CorrelationDepthScale, DepthScaleCap);
        var lineX = r.Line.Select(p => p.SigmaW).ToArray();
        var lineY = r.Line.Select(p => p.SigmaB).ToArray();
        // Black over a white halo: readable on every viridis colour, and its legend swatch on the white legend.
        return new Plot { Title = "Phase diagram (mean field)", XLabel = "σ_{w}", YLabel = "σ_{b}", Legend = LegendPosition.Outside }
            .Heatmap(xs, ys, values, "ξ_{c} (layers)", AxisScale.Log)
            .Line(lineX, lineY, colour: "#ffffff", width: 4.5)
            .Line(lineX, lineY, "σ_{w,c}(σ_{b})", "#000000", width: 2);
    }

    static Plot Curves(ScanOutcome s, string title, CriticalityResults? asymptoteOf)
    {
        var plot = new Plot { Title = title, XLabel = "layer l", YLabel = "ρ_{l} = 1 − c_{l}", XScale = AxisScale.Log, YScale = AxisScale.Log, Legend = LegendPosition.Outside };
        // σ_w is ordered: a sequential map by σ_w / σ_w,c, and the critical curve itself in black.
        var ordered = s.Curves.OrderBy(curve => curve.SigmaW).ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            var (sigmaW, mean, error) = ordered[i];
            var layers = CriticalityOutputs.Sampled(mean.Length).Where(l => l >= 1 && mean[l] > 0).ToArray();
            double factor = sigmaW / s.MeanFieldSigmaC;
            bool critical = Math.Abs(factor - 1) < 1e-9;
            string label = critical ? "σ_{w} = σ_{w,c}" : P($"σ_{{w}} / σ_{{w,c}} = {factor:F3}");
            string colour = critical ? "#000000" : Palette.Sequential(i, ordered.Length);
            if (error.Any(e => e > 0))
                plot.Points(layers.Select(l => (double)l).ToArray(), layers.Select(l => mean[l]).ToArray(), layers.Select(l => error[l]).ToArray(), label, colour, MarkerShape.Circle, line: true, markerSize: 2);
            else
                plot.Line(layers.Select(l => (double)l).ToArray(), layers.Select(l => mean[l]).ToArray(), label, colour, width: critical ? 2.4 : 1.6);
        }
        if (asymptoteOf is { } r && double.IsFinite(r.Critical.DecayAmplitude) && r.Critical.DecayAmplitude > 0)
        {
            var layers = CriticalityOutputs.Sampled(s.Curves[0].Mean.Length).Where(l => l >= 1).Select(l => (double)l).ToArray();
            plot.Line(layers, layers.Select(l => r.Critical.DecayAmplitude * Math.Pow(l, -r.Critical.DecayExponent)).ToArray(),
                r.Critical.DecayExponent == 1 ? "asymptote 1/(κ l)" : "asymptote A/l^{2}", "#D55E00", "6 4");
        }
        return plot;
    }

    static Plot Collapse(CollapseOutcome k, double a, double z, string title)
    {
        string n = SizeSymbol(k.Architecture);
        var plot = new Plot { Title = title, XLabel = P($"l / {n}^{{{z:G3}}}"), YLabel = P($"ρ {n}^{{{a:G3}}}"), XScale = AxisScale.Log, YScale = AxisScale.Log };
        var sizes = k.Curves.OrderBy(curve => curve.Size).ToArray();
        for (int i = 0; i < sizes.Length; i++)
        {
            var (size, mean, error) = sizes[i];
            var layers = CriticalityOutputs.Sampled(mean.Length).Where(l => l >= 4 && mean[l] > 0).ToArray();
            double scale = Math.Pow(size, a);
            plot.Points(layers.Select(l => l / Math.Pow(size, z)).ToArray(), layers.Select(l => mean[l] * scale).ToArray(),
                layers.Select(l => error[l] * scale).ToArray(), P($"{n} = {size:G4}"), Palette.Sequential(i, sizes.Length), (MarkerShape)(i % 5), line: true, markerSize: 3);
        }
        return plot;
    }

    static Plot DecayCurves(DecayOutcome d)
    {
        var points = d.Points.Where(p => p.Rho > 0).ToArray();
        var x = points.Select(p => (double)p.Layer).ToArray();
        return new Plot { Title = "order parameter and survival", XLabel = "layer l", YLabel = "ρ and P(l)", XScale = AxisScale.Log, YScale = AxisScale.Log, Legend = LegendPosition.BottomLeft }
            .Points(x, points.Select(p => p.Rho).ToArray(), points.Select(p => p.RhoError).ToArray(), "ρ (all draws)", line: true, markerSize: 2)
            .Line(x, points.Select(p => p.RhoSurvivors).ToArray(), "ρ (survivors)", dash: "6 4")
            .Line(x, points.Select(p => p.Survival).ToArray(), "survival P(l)", "#000000")
            .VerticalLine(d.WindowTo, "window end");
    }

    static Plot EffectiveExponent(DecayOutcome d, CriticalityResults r)
    {
        var points = d.Points.Where(p => double.IsFinite(p.DeltaEffective)).ToArray();
        var plot = new Plot { Title = "effective exponent", XLabel = "layer l", YLabel = "δ_{eff}(l)", XScale = AxisScale.Log, Legend = LegendPosition.Auto, YMin = -0.5, YMax = 2.5 }
            .Points(points.Select(p => (double)p.Layer).ToArray(), points.Select(p => p.DeltaEffective).ToArray(),
                points.Select(p => double.IsFinite(p.DeltaError) ? p.DeltaError : 0).ToArray(), "δ_{eff}", line: true, markerSize: 2)
            .VerticalLine(d.WindowFrom, null).VerticalLine(d.WindowTo, "window");
        // Mean field and DP only: MN's δ = 1.10 ± 0.05 lies within a tenth of mean field's and would add a line, not a
        // distinction (β and ν∥ tell them apart, in the class table); the figure stays what earlier studies drew.
        foreach (var c in new[] { AbsorbingClass.MeanField, AbsorbingClass.DirectedPercolation1D, AbsorbingClass.DirectedPercolation2D })
            plot.HorizontalLine(c.Delta, P($"{ExponentTable.Display(c)} δ = {c.Delta:G4}"), c == AbsorbingClass.MeanField ? "#888888" : c == AbsorbingClass.DirectedPercolation1D ? "#c0392b" : "#2471a3");
        return plot;
    }

    /// <summary>
    /// Shared against local filters on the same lattice: the decay at each one's σ_c, δ_eff(l) beside the DP and
    /// mean-field lines, and the draw-to-draw spread of ln ρ against the lattice size (self-averaging).
    /// </summary>
    static void SharedAgainstLocal(Report report, CriticalityResults r)
    {
        foreach (var pair in r.Decays.GroupBy(d => d.Architecture.Replace("-local", "")).Where(g => g.Count() > 1))
        {
            var decays = pair.ToArray();
            var dp = pair.Key == "cnn2d" ? AbsorbingClass.DirectedPercolation2D : AbsorbingClass.DirectedPercolation1D;
            var rho = new Plot { Title = "ρ at σ_{c} (all draws)", XLabel = "layer l", YLabel = "ρ", XScale = AxisScale.Log, YScale = AxisScale.Log, Legend = LegendPosition.BottomLeft };
            var delta = new Plot { Title = "effective exponent", XLabel = "layer l", YLabel = "δ_{eff}(l)", XScale = AxisScale.Log, Legend = LegendPosition.Auto, YMin = -0.5, YMax = 2.0 };
            foreach (var d in decays)
            {
                string name = d.Architecture.EndsWith("-local") ? "local" : "shared";
                var alive = d.Points.Where(p => p.Rho > 0).ToArray();
                rho.Points(alive.Select(p => (double)p.Layer).ToArray(), alive.Select(p => p.Rho).ToArray(), alive.Select(p => p.RhoError).ToArray(),
                    P($"{name}, σ_{{w}} = {d.SigmaW:F4}"), line: true, markerSize: 2);
                var finite = d.Points.Where(p => double.IsFinite(p.DeltaEffective)).ToArray();
                delta.Points(finite.Select(p => (double)p.Layer).ToArray(), finite.Select(p => p.DeltaEffective).ToArray(),
                    finite.Select(p => double.IsFinite(p.DeltaError) ? p.DeltaError : 0).ToArray(), P($"{name}: δ = {d.Delta}"), line: true, markerSize: 2);
            }
            delta.HorizontalLine(dp.Delta, P($"{ExponentTable.Display(dp)} δ = {dp.Delta:G4}"), "#c0392b")
                .HorizontalLine(AbsorbingClass.MeanField.Delta, "mean field δ = 1", "#888888")
                .VerticalLine(decays[0].WindowTo, "window end");
            var figure = new Figure(2) { Title = P($"{pair.Key}: shared against local filters") };
            figure.Add(rho);
            figure.Add(delta);
            report.Figure(figure.File($"shared-against-local-{pair.Key}"), P($"The same {pair.Key} lattice (size {decays[0].Size:G4}) with one filter per layer shared by every site, and with every site drawing its own: ρ averaged over all draws at each one's σ_c (left) and δ_eff(l) = −d ln ρ / d ln l with bootstrap errors (right)."));
            var sizes = decays.SelectMany(d => d.SpreadBySize.Select(s => s.Size)).Distinct().Order().ToArray();
            report.Table(["filters", "layer", .. sizes.Select(size => P($"L = {size:G4}")), "last / first", P($"local noise: (L_max/L_min)^(−d/2)")],
                decays.Select(d => (IReadOnlyList<string>)[d.Architecture.EndsWith("-local") ? "local" : "shared", P($"{d.SpreadLayer}"),
                    .. sizes.Select(size => d.SpreadBySize.Where(s => s.Size == size).Select(s => P($"{s.LogSpread:F3}")).DefaultIfEmpty("–").First()),
                    P($"{d.SpreadBySize[^1].LogSpread / d.SpreadBySize[0].LogSpread:F2}"),
                    P($"{Math.Pow(d.SpreadBySize[^1].Size / d.SpreadBySize[0].Size, -(pair.Key == "cnn2d" ? 2 : 1) / 2.0):F2}")]),
                "Draw-to-draw standard deviation of ln ρ at one layer against the lattice size: noise independent from site to site self-averages (falls as L^{−d/2}); a disorder every site shares does not.");
        }
    }

    static Plot TrainingMap(CriticalityResults r)
    {
        var xs = r.Training.Select(t => t.SigmaW).Distinct().Order().ToArray();
        var ys = r.Training.Select(t => (double)t.Depth).Distinct().Order().ToArray();
        var values = new double[ys.Length, xs.Length];
        for (int j = 0; j < ys.Length; j++)
            for (int i = 0; i < xs.Length; i++)
                values[j, i] = r.Training.Where(t => t.SigmaW == xs[i] && t.Depth == ys[j]).Select(t => t.TestAccuracy).DefaultIfEmpty(double.NaN).Average();
        var activation = r.Activation;
        // The bound runs across the whole frame: from the first cell's left edge to the last cell's right edge.
        double left = xs.Length > 1 ? xs[0] - (xs[1] - xs[0]) / 2 : xs[0] - 0.5, right = xs.Length > 1 ? xs[^1] + (xs[^1] - xs[^2]) / 2 : xs[0] + 0.5;
        var grid = Enumerable.Range(0, 160).Select(i => left + (right - left) * i / 159.0).ToArray();
        // The bound diverges at σ_w,c; capped a little above the frame so the line leaves it steeply instead of ending inside.
        var bound = grid.Select(w => 6 * new MeanField(activation, w, r.Spec.SigmaB, 1.0, r.Spec.Order).CorrelationDepthScale)
            .Select(d => Math.Min(d, 4 * ys[^1])).ToArray();
        // The frame is exactly the cells (no empty band above them); black over a white halo reads on every colour.
        return new Plot { Title = "Training near the boundary", XLabel = "σ_{w}", YLabel = "depth (layers)", YScale = ys.Length > 1 && ys[^1] / ys[0] >= 4 ? AxisScale.Log : AxisScale.Linear, Legend = LegendPosition.Outside }
            .Heatmap(xs, ys, values, "test accuracy", min: 0, max: 1)
            .Line(grid, bound, colour: "#ffffff", width: 4.5)
            .Line(grid, bound, "depth = 6 ξ_{c}(σ_{w})", "#000000", width: 2);
    }

    static Plot TrainingLines(CriticalityResults r)
    {
        var plot = new Plot { Title = "Test accuracy against σ_{w}", XLabel = "σ_{w} / σ_{w,c}", YLabel = "test accuracy", Legend = LegendPosition.Outside };
        var depths = r.Training.Select(t => t.Depth).Distinct().Order().ToArray();
        foreach (var g in r.Training.GroupBy(t => t.Depth).OrderBy(g => g.Key))
        {
            var byFactor = g.GroupBy(t => t.Factor).OrderBy(f => f.Key).ToArray();
            plot.Points(byFactor.Select(f => f.Key).ToArray(), byFactor.Select(f => f.Average(t => t.TestAccuracy)).ToArray(),
                byFactor.Select(f => StdErr(f.Select(t => t.TestAccuracy).ToArray())).ToArray(), $"depth {g.Key}",
                Palette.Sequential(Array.IndexOf(depths, g.Key), depths.Length), line: true);
        }
        return plot.VerticalLine(1.0, "σ_{w,c}");
    }

    static string Shift(ScanOutcome s) => s.Exponents.SigmaC.IsMissing ? "–"
        : P($"{100 * (s.Exponents.SigmaC.Value / s.MeanFieldSigmaC - 1):+0.00;-0.00}% ± {100 * s.Exponents.SigmaC.Error / s.MeanFieldSigmaC:F2}%");

    static double StdErr(double[] x)
    {
        if (x.Length < 2) return 0;
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1) / x.Length);
    }

    static string Label(string architecture, CriticalityResults r) =>
        new[] { r.Theory }.Concat(r.Scans).FirstOrDefault(s => s.Architecture == architecture)?.Label ?? architecture;

    static string Symbol(string exponent) => exponent switch { "delta" => "δ", "beta" => "β", _ => "ν∥" };

    static string P(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Plain-text symbols ("σ_w,c", "ρ_l") as plot markup with real subscripts ("σ_{w,c}", "ρ_{l}") for titles built from labels.</summary>
    static string Typeset(string text) => SymbolWithIndex().Replace(text, "$1_{$2}");

    [System.Text.RegularExpressions.GeneratedRegex(@"([σρξδνκ])_([a-z]+(?:,[a-z]+)?)")]
    private static partial System.Text.RegularExpressions.Regex SymbolWithIndex();
}
