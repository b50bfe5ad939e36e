using System.Globalization;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Scaling;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Reports;

namespace Eumentia.Studies.Phases;

/// <summary>
/// Writes the phases study's outputs into a directory: curves.csv (L(N) per cell with errors), phases.csv
/// (phase, reason, α with error, N*), boundaries.csv, bkt.json (length fits and collapses per cut, full
/// precision), and report.html with the phase diagrams, boundaries, loss curves, α map and BKT figures.
/// </summary>
public static class PhasesReport
{
    static readonly string[] PhaseNames = Enum.GetValues<Phase>().Select(Phases.Name).ToArray();
    static readonly string[] PhaseColours = ["#009E73", "#D55E00", "#7F7F7F", "#E8E8E8"];

    static string F(double v) => double.IsFinite(v) ? CsvTable.Format(v) : "";
    static string G(double v, string format = "G4") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <param name="spec">The sweep spec the runs came from (YAML), shown under "What was run"; null when unknown.</param>
    public static void Write(PhasesAnalysisResult result, string outDir, string title, IReadOnlyList<string> notes, string? spec = null)
    {
        Directory.CreateDirectory(outDir);
        CsvTable.Write(Path.Combine(outDir, "curves.csv"),
            ["width", "depth", "p_train", "p_eval", "train_size", "test_loss_mean", "test_loss_se", "test_accuracy_mean", "seeds"],
            result.Cells.SelectMany(c => c.Curve.Sizes.Select((n, i) => (IReadOnlyList<string>)
                [I(c.Curve.Key.Width), I(c.Curve.Key.Depth), F(c.Curve.Key.PTrain), F(c.Curve.Key.PEval), F(n), F(c.Curve.Mean[i]), F(c.Curve.StdErr[i]),
                 F(c.Curve.MeanAccuracy[i]), I(c.Curve.PerSeed.Count)])));
        CsvTable.Write(Path.Combine(outDir, "phases.csv"),
            ["width", "depth", "p_train", "p_eval", "phase", "alpha", "alpha_se", "fit_chi2_per_dof", "n_star", "ln_n_star_se", "n_star_low", "n_star_high", "reason"],
            result.Cells.Select(c => (IReadOnlyList<string>)
                [I(c.Curve.Key.Width), I(c.Curve.Key.Depth), F(c.Curve.Key.PTrain), F(c.Curve.Key.PEval), Phases.Name(c.Verdict.Phase),
                 F(c.Alpha), F(c.AlphaError), F(c.Fit?.Quality.Chi2PerDof ?? double.NaN),
                 F(c.Crossover?.NStar ?? double.NaN), F(c.Crossover?.LnNStarError ?? double.NaN), F(c.Crossover?.Lower ?? double.NaN), F(c.Crossover?.Upper ?? double.NaN),
                 c.Verdict.Reason]));
        CsvTable.Write(Path.Combine(outDir, "boundaries.csv"), ["width", "depth", "p_train", "between", "p_eval", "half_width"],
            result.Boundaries.Select(b => (IReadOnlyList<string>)[I(b.Width), I(b.Depth), F(b.PTrain), b.Between, F(b.PEval), F(b.HalfWidth)]));
        JsonDefaults.Write(Path.Combine(outDir, "bkt.json"), result.Cuts);

        var report = new Report(title).Headline(Summary(result));
        report.Section("What was run", string.Join("\n\n", notes));
        if (spec is not null) report.Text("The preset's spec, every training setting (before the overrides above):").Code(spec);
        var shapes = result.Cells.Select(c => (c.Curve.Key.Width, c.Curve.Key.Depth)).Distinct().OrderBy(s => s.Width).ThenBy(s => s.Depth).ToList();

        report.Section("Phase diagrams",
            "Each cell is one (p_train, p_eval) point, classified from its L(N) by the rules in phases.csv's reason column: " +
            "amentia when L stays near ln 10 at every N, dementia when L rises significantly beyond a minimum at N*, eumentia when the " +
            "power-law exponent α is clearly positive, undetermined otherwise.");
        var diagrams = new Figure(Math.Min(2, shapes.Count));
        foreach (var (w, d) in shapes)
        {
            var cells = result.Cells.Where(c => c.Curve.Key.Width == w && c.Curve.Key.Depth == d).ToList();
            var pt = cells.Select(c => c.Curve.Key.PTrain).Distinct().Order().ToArray();
            var pe = cells.Select(c => c.Curve.Key.PEval).Distinct().Order().ToArray();
            var grid = new int[pt.Length, pe.Length];
            for (int i = 0; i < pt.Length; i++) for (int j = 0; j < pe.Length; j++) grid[i, j] = (int)Phase.Undetermined;
            foreach (var c in cells) grid[Array.IndexOf(pt, c.Curve.Key.PTrain), Array.IndexOf(pe, c.Curve.Key.PEval)] = (int)c.Verdict.Phase;
            diagrams.Add(new Plot { Title = $"width {w}, depth {d}", XLabel = "p_{eval}", YLabel = "p_{train}" }.Categories(pe, pt, grid, PhaseNames, PhaseColours));
        }
        report.Figure(diagrams.File("phase-diagrams"), "Phases over (p_eval, p_train) for each network shape.");

        if (result.Boundaries.Count > 0)
        {
            // Fixed limits: boundaries often sit on a few grid lines, and the whole unit square is the diagram.
            double ptMax = result.Cells.Max(c => c.Curve.Key.PTrain);
            var overlay = new Plot { Title = "Phase boundaries", XLabel = "p_{eval}", XMin = 0, XMax = 1, YMin = -0.05, YMax = ptMax + 0.05, YLabel = "p_{train}" };
            int k = 0;
            foreach (var g in result.Boundaries.GroupBy(b => (b.Width, b.Depth, b.Between)).OrderBy(g => g.Key.Width).ThenBy(g => g.Key.Depth))
            {
                var pts = g.OrderBy(b => b.PTrain).ToList();
                overlay.Points(pts.Select(b => b.PEval).ToArray(), pts.Select(b => b.PTrain).ToArray(), null,
                    $"{g.Key.Between.Replace('|', '→')}, width {g.Key.Width}, depth {g.Key.Depth}", Palette.Category(k++), line: true, xError: pts.Select(b => b.HalfWidth).ToArray());
            }
            report.Figure(overlay.File("phase-boundaries"), "Boundaries along p_eval at each p_train (midpoints between neighbouring cells of different phases; the horizontal bars are half the grid spacing, their resolution), all shapes overlaid.");
            report.Table(["width", "depth", "p_train", "boundary", "p_eval", "±"],
                result.Boundaries.Select(b => (IReadOnlyList<string>)[I(b.Width), I(b.Depth), G(b.PTrain), b.Between.Replace('|', '→'), G(b.PEval), G(b.HalfWidth)]));
        }

        report.Section("Loss curves L(N)", "Test cross-entropy against training-set size, mean over seeds with standard errors; dashed: ln 10.");
        foreach (var (w, d) in shapes)
        {
            var fig = new Figure(2) { Title = $"width {w}, depth {d}" };
            foreach (var line in result.Cells.Where(c => c.Curve.Key.Width == w && c.Curve.Key.Depth == d).GroupBy(c => c.Curve.Key.PTrain).OrderBy(g => g.Key))
            {
                var plot = new Plot { Title = $"p_{{train}} = {G(line.Key)}", XLabel = "training-set size N", YLabel = LossLabel, XScale = AxisScale.Log, YScale = AxisScale.Log };
                var list = line.OrderBy(c => c.Curve.Key.PEval).ToList();
                for (int i = 0; i < list.Count; i++)
                {
                    var c = list[i];
                    plot.Points(c.Curve.Sizes, c.Curve.Mean, c.Curve.StdErr, $"p_{{eval}} = {G(c.Curve.Key.PEval)} ({Phases.Name(c.Verdict.Phase)[..3]})", Palette.Sequential(i, list.Count), line: true, markerSize: 5);
                }
                plot.HorizontalLine(Math.Log(10), "chance, ln 10");
                plot.Legend = LegendPosition.Outside;
                fig.Add(plot);
            }
            report.Figure(fig.File($"loss-curves-w{w}-d{d}", 560, 380), $"L(N) at every (p_train, p_eval) for width {w}, depth {d}.");
        }

        report.Section("The exponent α across the eumentia phase",
            "α from L = A N^-α fitted in log space (variable projection; errors by seed bootstrap). Quasi-long-range order predicts an α that varies continuously with (p_train, p_eval); the table and map show what the data give.");
        foreach (var (w, d) in shapes)
        {
            var eu = result.Cells.Where(c => c.Curve.Key.Width == w && c.Curve.Key.Depth == d).ToList();
            var pt = eu.Select(c => c.Curve.Key.PTrain).Distinct().Order().ToArray();
            var pe = eu.Select(c => c.Curve.Key.PEval).Distinct().Order().ToArray();
            var alpha = new double[pt.Length, pe.Length];
            for (int i = 0; i < pt.Length; i++) for (int j = 0; j < pe.Length; j++) alpha[i, j] = double.NaN;
            foreach (var c in eu.Where(c => c.Verdict.Phase == Phase.Eumentia)) alpha[Array.IndexOf(pt, c.Curve.Key.PTrain), Array.IndexOf(pe, c.Curve.Key.PEval)] = c.Alpha;
            report.Figure(new Plot { Title = $"α in the eumentia phase, width {w}, depth {d}", XLabel = "p_{eval}", YLabel = "p_{train}" }.Heatmap(pe, pt, alpha, "α").File($"alpha-w{w}-d{d}"),
                "Fitted decay exponent (blank: not eumentia).");
        }
        report.Table(["width", "depth", "p_train", "p_eval", "phase", "α", "± (bootstrap)", "χ²/dof", "N*", "N* 68 % interval"],
            result.Cells.Select(c => (IReadOnlyList<string>)[I(c.Curve.Key.Width), I(c.Curve.Key.Depth), G(c.Curve.Key.PTrain), G(c.Curve.Key.PEval),
                Phases.Name(c.Verdict.Phase), G(c.Alpha, "F3"), G(c.AlphaError, "F3"), G(c.Fit?.Quality.Chi2PerDof ?? double.NaN, "F2"),
                c.Crossover is { } x ? G(x.NStar, "F0") : "", c.Crossover is { } y ? $"{G(y.Lower, "F0")}–{G(y.Upper, "F0")}" : ""]), "Every cell: phase, power-law exponent and crossover scale.");

        report.Section("BKT analysis along p_eval cuts",
            "For each p_train whose cut crosses from eumentia into dementia: N*(p_eval) fitted by N* = A exp(b / sqrt|p − p_c|), and the collapse of L(p_eval, N) with N as the size in the BKT form (y N^-Δ against (p − p_c)(ln N/N0)^(1/σ)) against the power-law form (y N^-ζ/ν against (p − p_c) N^(1/ν)), compared by the Houdayer–Hartmann quality S.");
        if (result.Cuts.Count == 0) report.Text("No cut crosses from eumentia into dementia in this grid.");
        foreach (var cut in result.Cuts)
        {
            string where = $"width {cut.Width}, depth {cut.Depth}, p_train {G(cut.PTrain)}";
            string stem = $"w{cut.Width}-d{cut.Depth}-ptrain{G(cut.PTrain)}";
            if (cut.LengthFit is { } lf)
            {
                report.Figure(AnalysisFigures.BktLength(lf, "p_{eval}", "N*").File($"bkt-length-{stem}"), $"N*(p_eval) and the BKT fit at {where}.");
                report.Table(["parameter", "value", "error", "method"], lf.Parameters.Select(p => (IReadOnlyList<string>)[p.Name, G(p.Value, "G6"), G(p.Error, "G3"), p.ErrorMethod]),
                    $"BKT length fit at {where}: χ²/dof = {G(lf.Quality.Chi2PerDof, "F2")}; {lf.Convergence.Message}.");
            }
            else report.Text($"{where}: no BKT length fit ({cut.LengthFitError}).");
            if (cut.ConstrainedLengthFit is { } cf && cut.PcBounds is { Lower: var lo, Upper: var hi })
            {
                report.Figure(AnalysisFigures.BktLength(cf, "p_{eval}", "N*").File($"bkt-length-constrained-{stem}"),
                    $"N*(p_eval) and the BKT fit with p_c held in the boundary interval [{G(lo)}, {G(hi)}] at {where}.");
                report.Table(["parameter", "value", "error", "method"], cf.Parameters.Select(p => (IReadOnlyList<string>)[p.Name, G(p.Value, "G6"), G(p.Error, "G3"), p.ErrorMethod]),
                    $"BKT length fit with p_c constrained to [{G(lo)}, {G(hi)}] (the last eumentia and first dementia p_eval) at {where}: χ²/dof = {G(cf.Quality.Chi2PerDof, "F2")}; {cf.Convergence.Message}.");
            }
            else report.Text($"{where}: no constrained BKT length fit ({cut.ConstrainedLengthFitError}).");
            if (cut.BoundedLengthFit is { } bf)
                report.Table(["parameter", "value", "error", "method"], bf.Parameters.Select(p => (IReadOnlyList<string>)[p.Name, G(p.Value, "G6"), G(p.Error, "G3"), p.ErrorMethod]),
                    $"BKT length fit with p_c bounded to [0, {G(cut.PcBounds!.Upper)}] (p_eval ≥ 0, below the first dementia cell) at {where}: χ²/dof = {G(bf.Quality.Chi2PerDof, "F2")}; {bf.Convergence.Message}.");
            if (cut.GrowthComparison is { } growth)
                report.Table(["form", "p_c", "coefficient", "χ²/dof"],
                    [Row(growth.Bkt), Row(growth.PowerLaw)],
                    $"How N* grows towards the boundary at {where}, BKT (b) against a power law (ν), p_c bounded as above: {growth.Verdict}.");
            else report.Text($"{where}: no BKT against power-law growth comparison ({cut.GrowthComparisonError}).");
            if (cut.BktCollapse is { } bkt && cut.PowerCollapse is { } pow && cut.Comparison is { } cmp)
            {
                report.Figure(AnalysisFigures.Collapse(bkt, CollapseForms.Create("bkt"), "p_{eval}", "L", "N", "nats").File($"collapse-bkt-{stem}"), $"BKT collapse at {where}: S = {G(bkt.Quality.S, "F3")}.");
                report.Figure(AnalysisFigures.Collapse(pow, CollapseForms.Create("power-law"), "p_{eval}", "L", "N", "nats").File($"collapse-power-law-{stem}"), $"Power-law collapse at {where}: S = {G(pow.Quality.S, "F3")}.");
                report.Table(["form", "S", "parameters"], [
                    (IReadOnlyList<string>)["bkt", G(bkt.Quality.S, "F3"), string.Join(", ", bkt.Parameters.Select(p => $"{p.Name} = {G(p.Value)} ± {G(p.Error, "G2")}"))],
                    ["power-law", G(pow.Quality.S, "F3"), string.Join(", ", pow.Parameters.Select(p => $"{p.Name} = {G(p.Value)} ± {G(p.Error, "G2")}"))]],
                    $"{cmp.Verdict}");
            }
            else report.Text($"{where}: no collapse ({cut.CollapseError}).");
        }
        report.Write(Path.Combine(outDir, "report.html"));
    }

    static IReadOnlyList<string> Row(BktLengthFit f)
    {
        var k = f.Parameter(BktLengthFit.Coefficient(f.Form));
        return [f.Form == LengthForm.Bkt ? "BKT" : "power law", NumberText.WithError(f["p_c"], f.Parameter("p_c").Error), $"{k.Name} = {NumberText.WithError(k.Value, k.Error)}", G(f.Quality.Chi2PerDof, "F2")];
    }

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    const string LossLabel = "test loss L (nats)";

    /// <summary>The headline: cells per phase, every boundary with its resolution, and each cut's BKT-against-power-law verdict.</summary>
    public static Headline Summary(PhasesAnalysisResult result)
    {
        var counts = Enum.GetValues<Phase>().ToDictionary(Phases.Name, p => result.Cells.Count(c => c.Verdict.Phase == p));
        var lines = new List<string> { $"{result.Cells.Count} cells: " + string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}")) + "." };
        foreach (var kind in result.Boundaries.GroupBy(b => (b.Width, b.Depth, b.Between)).OrderBy(g => g.Key.Width).ThenBy(g => g.Key.Depth))
            lines.Add($"Boundary {kind.Key.Between.Replace('|', '→')} (width {kind.Key.Width}, depth {kind.Key.Depth}): " + string.Join(", ", kind.OrderBy(b => b.PTrain)
                .Select(b => $"p_eval = {NumberText.WithError(b.PEval, b.HalfWidth)} at p_train {G(b.PTrain)}")) + " (± half the grid spacing).");
        if (result.Boundaries.Count == 0) lines.Add("No phase boundary inside the grid.");
        foreach (var cut in result.Cuts)
        {
            lines.Add($"Width {cut.Width}, depth {cut.Depth}, p_train {G(cut.PTrain)}: " + (cut.Comparison is { } cmp
                ? $"{cmp.Verdict}."
                : $"no collapse comparison ({cut.CollapseError ?? cut.LengthFitError})."));
            lines.Add($"Width {cut.Width}, depth {cut.Depth}, p_train {G(cut.PTrain)}, growth of N*: " + (cut.GrowthComparison is { } g
                ? $"{g.Verdict}."
                : $"no comparison ({cut.GrowthComparisonError})."));
        }
        if (result.Cuts.Count == 0) lines.Add("No p_train cut crosses from eumentia into dementia, so no BKT test.");
        var values = new
        {
            Cells = result.Cells.Count,
            PhaseCounts = counts,
            Boundaries = result.Boundaries.Select(b => new { b.Width, b.Depth, b.PTrain, Between = b.Between.Replace("|", " -> "), b.PEval, PEvalHalfWidth = b.HalfWidth }).ToArray(),
            Cuts = result.Cuts.Select(c => new
            {
                c.Width, c.Depth, c.PTrain,
                PCritical = c.LengthFit?["p_c"] ?? double.NaN, PCriticalSe = c.LengthFit?.Parameter("p_c").Error ?? double.NaN,
                PcLower = c.PcBounds?.Lower ?? double.NaN, PcUpper = c.PcBounds?.Upper ?? double.NaN,
                PCriticalConstrained = c.ConstrainedLengthFit?["p_c"] ?? double.NaN, BConstrained = c.ConstrainedLengthFit?["b"] ?? double.NaN,
                BConstrainedSe = c.ConstrainedLengthFit?.Parameter("b").Error ?? double.NaN, Chi2PerDofConstrained = c.ConstrainedLengthFit?.Quality.Chi2PerDof ?? double.NaN,
                PCriticalBounded = c.BoundedLengthFit?["p_c"] ?? double.NaN, PCriticalBoundedSe = c.BoundedLengthFit?.Parameter("p_c").Error ?? double.NaN,
                Chi2PerDofBounded = c.BoundedLengthFit?.Quality.Chi2PerDof ?? double.NaN,
                SBkt = c.Comparison?.SA ?? double.NaN, SPowerLaw = c.Comparison?.SB ?? double.NaN, c.Comparison?.Winner, DeltaChi2 = c.Comparison?.DeltaChi2 ?? double.NaN,
                c.Comparison?.Verdict,
                GrowthChi2PerDofBkt = c.GrowthComparison?.Bkt.Quality.Chi2PerDof ?? double.NaN,
                GrowthChi2PerDofPowerLaw = c.GrowthComparison?.PowerLaw.Quality.Chi2PerDof ?? double.NaN,
                GrowthNu = c.GrowthComparison?.PowerLaw["nu"] ?? double.NaN, GrowthNuSe = c.GrowthComparison?.PowerLaw.Parameter("nu").Error ?? double.NaN,
                GrowthDeltaChi2 = c.GrowthComparison?.DeltaChi2 ?? double.NaN, GrowthDeltaChi2Lower = c.GrowthComparison?.Lower ?? double.NaN,
                GrowthDeltaChi2Upper = c.GrowthComparison?.Upper ?? double.NaN, GrowthPreferred = c.GrowthComparison?.Preferred,
            }).ToArray(),
        };
        return new Headline("phases", lines, values);
    }
}
