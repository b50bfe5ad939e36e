using System.CommandLine;
using System.Globalization;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Reports;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia collapse`: a finite-size-scaling data collapse of any CSV with a chosen form (power law, BKT,
/// depth-time or finite-size absorbing-state forms with free or class exponents), errors by the S + 1 rule
/// and the seed bootstrap, sensitivity tables, an optional comparison with a second form, and
/// collapse.json, CSV tables, SVG figures and report.html in --out.
/// </summary>
public static class CollapseCommand
{
    public static Command Create()
    {
        var input = new AnalysisInput("out/collapse", 100);
        var control = new Option<string>("--param", "--x") { Description = "Column holding the control parameter (p, sigma_w; the depth for finite-size forms).", Required = true };
        var form = new Option<string>("--form") { Description = $"Scaling form: {CollapseForms.Names}. Parameters: {CollapseForms.Help}.", DefaultValueFactory = _ => "power" };
        var master = new Option<string>("--master-curve") { Description = "How S estimates the master curve: cubic (a local cubic per curve; unbiased on coarse grids) or linear (Houdayer-Hartmann's straight line through the bracketing points, with unscaled errors: reproduces results made before cubic).", DefaultValueFactory = _ => "cubic" };
        var cls = new Option<string>("--class") { Description = "Fix exponents to a class: free, mean-field, dp1, dp2.", DefaultValueFactory = _ => "free" };
        var compare = new Option<string?>("--compare") { Description = "A second form fitted to the same data and compared by S." };
        var fix = new Option<string[]>("--fix") { Description = "Hold a parameter fixed: name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var start = new Option<string[]>("--start") { Description = "Start a parameter at name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var range = new Option<string[]>("--range") { Description = "Search range name=low:high (repeatable).", AllowMultipleArgumentsPerToken = false };
        var pMin = new Option<double?>("--param-min") { Description = "Smallest control value fitted." };
        var pMax = new Option<double?>("--param-max") { Description = "Largest control value fitted." };
        var minSize = new Option<double>("--min-size") { Description = "Smallest size fitted.", DefaultValueFactory = _ => 0.0 };
        var scaledWindow = new Option<double?>("--scaled-window") { Description = "Only points whose scaled variable has |x| <= W enter S (the others still shape the master curve): keeps corrections far from x = 0 out of the fit. Default: all points." };
        var corrections = new Option<bool>("--corrections") { Description = "Add the leading correction to scaling, y -> y (1 + c L^-omega) with c and omega free, to the form (and to the --compare form)." };
        var dropSmallest = new Option<bool>("--drop-smallest") { Description = "Refit with sizes L >= L_min for each successive L_min (3 sizes kept at least) and extrapolate every free parameter to L_min -> infinity linearly in L_min^-omega; writes drop_smallest.csv." };
        var omega = new Option<double>("--omega") { Description = "Correction exponent omega of the --drop-smallest extrapolation.", DefaultValueFactory = _ => 1.0 };
        var starts = new Option<int>("--starts") { Description = "Nelder-Mead starts of the global search.", DefaultValueFactory = _ => 12 };
        var replicateStarts = new Option<int>("--replicate-starts") { Description = "Errors: each seed-bootstrap replicate is re-optimised by a polish from the optimum plus this many random starts, the lower S kept; the errors are the replicates' spread (--error-spread) x sqrt(max(1, S)) x sqrt(n/(n-1)) for n seeds. 0 with --error-spread sd: the errors before 2026-12-07 (too small for BKT with sigma free on fine grids).", DefaultValueFactory = _ => new CollapseOptions().ReplicateStarts };
        var errorSpread = new Option<string>("--error-spread") { Description = "Errors: which spread of the bootstrap replicates is the error: trimmed (the standard deviation of the replicates within 20 half-widths of the 16-84 % range around the median, so that a replicate stuck in a far minimum of S does not set it) or sd (over all replicates, as before 2026-12-07). collapse.json records it as spread.", DefaultValueFactory = _ => SpreadName(new CollapseOptions().Spread) };
        var map = new Option<string?>("--map") { Description = "Quality map: S over a grid of two free parameters, name,name (the others at the optimum); writes quality_map.csv and figures/quality_map." };
        var mapPoints = new Option<int>("--map-points") { Description = "Grid points per axis of --map (± 4 errors around the optimum).", DefaultValueFactory = _ => 31 };
        var sensitivity = new Option<bool>("--sensitivity") { Description = "Refit over narrower windows and without the smallest sizes.", DefaultValueFactory = _ => true };
        var cmd = new Command("collapse", "Finite-size-scaling data collapse of a CSV: exponents with errors (seed bootstrap, each replicate re-optimised from --replicate-starts random starts, scaled by sqrt(S) where S > 1), quality S, sensitivity, figures.");
        input.AddTo(cmd, control);
        foreach (var o in new Option[] { form, master, cls, compare, fix, start, range, pMin, pMax, minSize, scaledWindow, corrections, dropSmallest, omega, starts, replicateStarts, errorSpread, map, mapPoints, sensitivity }) cmd.Add(o);
        cmd.SetAction(parse =>
        {
            string controlColumn = parse.GetValue(control)!;
            var data = input.Read(parse, controlColumn);
            bool corrected = parse.GetValue(corrections);
            ICollapseForm WithCorrections(ICollapseForm f) => corrected ? new CorrectedCollapseForm(f) : f;
            var primary = WithCorrections(CollapseForms.Create(parse.GetValue(form)!, parse.GetValue(cls)!));
            double extrapolationOmega = parse.GetValue(omega);
            if (!(extrapolationOmega > 0) || !double.IsFinite(extrapolationOmega)) throw new UsageException($"--omega {CsvTable.Format(extrapolationOmega)}: the correction exponent must be positive");
            int n = parse.GetValue(starts);
            if (n < 1) throw new UsageException($"--starts is {n}; it must be at least 1");
            int perReplicate = parse.GetValue(replicateStarts);
            if (perReplicate < 0) throw new UsageException($"--replicate-starts is {perReplicate}; it must be 0 (polish only) or more");
            var overrides = Overrides(parse.GetValue(fix) ?? [], parse.GetValue(start) ?? [], parse.GetValue(range) ?? []);
            double xWindow = parse.GetValue(scaledWindow) ?? double.PositiveInfinity;
            if (!(xWindow > 0)) throw new UsageException($"--scaled-window {CsvTable.Format(xWindow)}: the window |x| <= W needs a positive W");
            var masterCurve = parse.GetValue(master)!.Trim().ToLowerInvariant() switch
            {
                "cubic" => MasterCurve.Cubic,
                "linear" => MasterCurve.Linear,
                var unknown => throw new UsageException($"--master-curve {unknown}: use cubic or linear"),
            };
            string spreadName = parse.GetValue(errorSpread)!.Trim().ToLowerInvariant();
            var spread = Enum.GetValues<ReplicateSpread>().Where(k => SpreadName(k) == spreadName).Cast<ReplicateSpread?>().FirstOrDefault()
                ?? throw new UsageException($"--error-spread {spreadName}: use {string.Join(", ", Enum.GetValues<ReplicateSpread>().Select(SpreadName))}");
            var options = new CollapseOptions(overrides, n, parse.GetValue(input.Bootstrap), parse.GetValue(input.RngSeed),
                ControlMin: parse.GetValue(pMin) ?? double.NegativeInfinity, ControlMax: parse.GetValue(pMax) ?? double.PositiveInfinity, MinSize: parse.GetValue(minSize),
                Master: masterCurve, ScaledWindow: xWindow, ReplicateStarts: perReplicate, Spread: spread);
            var result = CollapseFitter.Fit(data, primary, options);

            CollapseResult? other = null;
            CollapseComparison? comparison = null;
            ICollapseForm? secondForm = null;
            if (parse.GetValue(compare) is string second)
            {
                secondForm = WithCorrections(CollapseForms.Create(second));
                // The second form gets only the overrides that name its own parameters.
                var names = CollapseFitter.Parameters(secondForm, CollapseData.From(data, secondForm.Curves), null).Select(p => p.Name).ToHashSet();
                other = CollapseFitter.Fit(data, secondForm, options with { Overrides = overrides.Where(o => names.Contains(o.Name)).ToArray() });
                comparison = CollapseComparison.Compare(result, other);
            }
            var drop = parse.GetValue(dropSmallest) ? DropSmallestStudy.Run(data, primary, options, extrapolationOmega) : null;
            var table = parse.GetValue(sensitivity) ? CollapseSensitivity.Table(data, primary, result, options) : [];
            CollapseQualityMap? qualityMap = null;
            if (parse.GetValue(map) is string mapped)
            {
                var mapNames = mapped.Split(',', StringSplitOptions.TrimEntries);
                if (mapNames.Length != 2) throw new UsageException($"--map {mapped}: expected two parameter names, name,name");
                qualityMap = CollapseQualityMap.Scan(data, primary, result, mapNames[0], mapNames[1], parse.GetValue(mapPoints), options);
            }

            string dir = parse.GetValue(input.Out)!;
            Directory.CreateDirectory(dir);
            string sizeName = data.Columns["size"], yName = data.Columns["observable"];
            JsonDefaults.Write(Path.Combine(dir, "collapse.json"), new { command = AnalysisInput.CommandLine(parse), collapse = result, compared_with = other, comparison, sensitivity = table, drop_smallest = drop });
            CsvTable.Write(Path.Combine(dir, "collapse_points.csv"), [sizeName, controlColumn, yName, yName + "_se", "replicates", "x_scaled", "y_scaled", "y_scaled_se"],
                result.Points.Select(p => (IReadOnlyList<string>)[AnalysisInput.Num(p.Size), AnalysisInput.Num(p.Control), AnalysisInput.Num(p.Y), AnalysisInput.Num(p.Dy),
                    p.Replicates.ToString(CultureInfo.InvariantCulture), AnalysisInput.Num(p.X), AnalysisInput.Num(p.ScaledY), AnalysisInput.Num(p.ScaledDy)]));
            var free = result.Parameters.Where(p => !p.Fixed).Select(p => p.Name).ToArray();
            CsvTable.Write(Path.Combine(dir, "sensitivity.csv"), ["param_min", "param_max", "min_size", "points", "quality_s", "interior", .. free.SelectMany(f => new[] { f.ToLowerInvariant(), f.ToLowerInvariant() + "_se" }), "failure"],
                table.Select(r => (IReadOnlyList<string>)[AnalysisInput.Num(r.ControlMin), AnalysisInput.Num(r.ControlMax), AnalysisInput.Num(r.MinSize), r.Points.ToString(CultureInfo.InvariantCulture),
                    AnalysisInput.Num(r.S), r.Interior ? "true" : "false",
                    .. free.SelectMany(f => r.Parameters.FirstOrDefault(p => p.Name == f) is { } e ? new[] { AnalysisInput.Num(e.Value), AnalysisInput.Num(e.Error) } : ["", ""]), r.Failure ?? ""]));
            if (drop is not null)
                CsvTable.Write(Path.Combine(dir, "drop_smallest.csv"), ["min_size", "sizes", "quality_s", .. free.SelectMany(f => new[] { f.ToLowerInvariant(), f.ToLowerInvariant() + "_se" }), "failure"],
                    drop.Rows.Select(r => (IReadOnlyList<string>)[AnalysisInput.Num(r.MinSize), r.Sizes.ToString(CultureInfo.InvariantCulture), AnalysisInput.Num(r.S),
                        .. free.SelectMany(f => r.Parameters.FirstOrDefault(p => p.Name == f) is { } e ? new[] { AnalysisInput.Num(e.Value), AnalysisInput.Num(e.Error) } : ["", ""]), r.Failure ?? ""])
                    .Append([$"inf (L_min^-{AnalysisInput.Num(drop.Omega)} -> 0)", "", "",
                        .. free.SelectMany(f => drop.Extrapolated.FirstOrDefault(p => p.Name == f) is { } e ? new[] { AnalysisInput.Num(e.Value), AnalysisInput.Num(e.Error) } : ["", ""]), ""]));
            FigureFile? mapFigure = null;
            if (qualityMap is not null)
            {
                var m = qualityMap;
                CsvTable.Write(Path.Combine(dir, "quality_map.csv"), [m.XParameter.ToLowerInvariant(), m.YParameter.ToLowerInvariant(), "quality_s"],
                    Enumerable.Range(0, m.Y.Count).SelectMany(iy => Enumerable.Range(0, m.X.Count).Select(ix => (IReadOnlyList<string>)[AnalysisInput.Num(m.X[ix]), AnalysisInput.Num(m.Y[iy]), AnalysisInput.Num(m.S[iy, ix])])));
                mapFigure = new Plot { Title = $"S of the {result.Form} collapse (others at the optimum)", XLabel = m.XParameter, YLabel = m.YParameter }
                    .Heatmap(m.X, m.Y, m.S, "S", AxisScale.Log)
                    .Points([result[m.XParameter]], [result[m.YParameter]], label: "optimum").File("quality_map", 560, 460);
            }
            var raw = AnalysisFigures.CollapseRaw(result, controlColumn, yName, sizeName).File("raw", 640, 460);
            var scaled = AnalysisFigures.CollapseScaled(result, primary, sizeName, controlColumn, yName).File("collapsed", 640, 460);
            var collapse = AnalysisFigures.Collapse(result, primary, controlColumn, yName, sizeName).File("collapse", 560, 420);
            var otherScaled = other is not null && secondForm is not null
                ? AnalysisFigures.CollapseScaled(other, secondForm, sizeName, controlColumn, yName).File($"collapsed_{other.Form}", 640, 460) : null;
            WriteReport(Path.Combine(dir, "report.html"), parse, data, result, other, comparison, table, drop, raw, scaled, collapse, otherScaled, mapFigure);

            var o = parse.InvocationConfiguration.Output;
            Print(o, result);
            if (other is not null) Print(o, other);
            if (comparison is not null) o.WriteLine(comparison.Verdict);
            if (drop is not null) PrintDropSmallest(o, drop);
            o.WriteLine($"wrote {dir}/collapse.json, collapse_points.csv, sensitivity.csv{(drop is null ? "" : ", drop_smallest.csv")}{(qualityMap is null ? "" : ", quality_map.csv")}, report.html and figures/ (raw, collapsed, collapse{(other is null ? "" : $", collapsed_{other.Form}")}{(qualityMap is null ? "" : ", quality_map")}: .svg .png .pdf .csv)");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static void Print(TextWriter o, CollapseResult r)
    {
        o.WriteLine($"{r.Form}: {r.Description}; S = {AnalysisInput.Short(r.Quality.S)} over {r.Quality.PointsUsed} of {r.Quality.Points} points{ScaledWindowNote(r.Window)} ({r.Quality.Errors}; {r.Master.ToString().ToLowerInvariant()} master curve){Fitness(r.Quality.S)}; {r.Convergence.Message}");
        foreach (var p in r.Parameters)
            o.WriteLine(p.Fixed ? $"  {p.Name,-7} = {AnalysisInput.Num(p.Value)} (fixed)"
                : $"  {p.Name,-7} = {AnalysisInput.Num(p.Value)} ± {AnalysisInput.Short(p.Error)} ({p.ErrorMethod}; S+1 interval [{AnalysisInput.Short(p.Profile?.Lower ?? double.NaN)}, {AnalysisInput.Short(p.Profile?.Upper ?? double.NaN)}])");
    }

    static void PrintDropSmallest(TextWriter o, DropSmallestStudy d)
    {
        o.WriteLine($"dropping the smallest sizes ({d.Form}):");
        foreach (var r in d.Rows)
            o.WriteLine(r.Failure is not null ? $"  L >= {AnalysisInput.Short(r.MinSize)}: failed ({r.Failure})"
                : $"  L >= {AnalysisInput.Short(r.MinSize)} ({r.Sizes} sizes): S = {AnalysisInput.Short(r.S)}; " + string.Join(", ", r.Parameters.Where(p => !p.Fixed).Select(p => $"{p.Name} = {AnalysisInput.Short(p.Value)} ± {AnalysisInput.Short(p.Error)}")));
        o.WriteLine(d.Extrapolated.Count == 0 ? "  too few fits to extrapolate"
            : $"  extrapolated linearly in L_min^-{AnalysisInput.Short(d.Omega)} to L_min -> infinity: " + string.Join(", ", d.Extrapolated.Select(e => $"{e.Name} = {AnalysisInput.Short(e.Value)} ± {AnalysisInput.Short(e.Error)}")));
    }

    static string ScaledWindowNote(CollapseWindow w) => double.IsPositiveInfinity(w.ScaledWindow) ? "" : $" (|x| <= {AnalysisInput.Short(w.ScaledWindow)})";

    /// <summary>What S says about the collapse, beside the number.</summary>
    static string Fitness(double s) => s > CollapseComparison.CollapsesBelow
        ? $": the form does not collapse these data within their errors (a collapse within errors has S ≈ 1-2), errors scaled by √S"
        : "";

    static void WriteReport(string path, ParseResult parse, ObservationSet data, CollapseResult result, CollapseResult? other, CollapseComparison? comparison,
        IReadOnlyList<SensitivityRow> table, DropSmallestStudy? drop, FigureFile raw, FigureFile scaled, FigureFile collapse, FigureFile? otherScaled, FigureFile? map)
    {
        static IReadOnlyList<string> Row(ParameterEstimate p) => [p.Name, AnalysisInput.Short(p.Value), p.Fixed ? "fixed" : AnalysisInput.Short(p.Error), p.ErrorMethod,
            p.Profile is null ? "—" : $"[{AnalysisInput.Short(p.Profile.Lower)}, {AnalysisInput.Short(p.Profile.Upper)}]",
            p.Bootstrap is null ? "—" : AnalysisInput.Short(p.Bootstrap.StandardError)];
        string[] headers = ["parameter", "value", "error", "method", "S + 1 interval", "bootstrap error"];
        var report = new Report($"Data collapse ({result.Form}) of {data.Columns["observable"]}")
            .Section("Inputs", $"{data.Source}: {data.Observations.Count} rows, {result.Quality.Curves} curves, {data.SeedLabels.Count} seeds; point errors from {result.Quality.Errors}.")
            .Code(AnalysisInput.CommandLine(parse))
            .Section("Collapse", $"Form: {result.Description}. Houdayer-Hartmann S = {AnalysisInput.Short(result.Quality.S)} over {result.Quality.PointsUsed} of {result.Quality.Points} points{ScaledWindowNote(result.Window)}. Optimiser: {result.Convergence.Message}; {result.Convergence.StartsAtOptimum} of {result.Convergence.Starts} starts reached the optimum.")
            .Figure(raw, "Raw data, one curve per " + (result.Curves == CurveAxis.Size ? "size." : "control value."))
            .Figure(scaled, "The same data in the scaling form's coordinates at the optimum.")
            .Figure(collapse, "Raw data and the collapse side by side, with the fitted parameters.")
            .Table(headers, result.Parameters.Select(Row), "Parameters of the collapse.");
        if (other is not null && comparison is not null && otherScaled is not null)
            report.Section("Comparison", comparison.Verdict).Figure(otherScaled, $"The data in the {other.Form} form's coordinates.").Table(headers, other.Parameters.Select(Row), $"Parameters of the {other.Form} collapse.");
        if (map is not null)
            report.Section("Quality map", "S over a grid of two free parameters, the others held at the optimum: a long valley is a strong correlation of the two.")
                .Figure(map, "Houdayer-Hartmann S over the grid (log colour scale); the point marks the optimum.");
        if (table.Count > 0)
        {
            var free = result.Parameters.Where(p => !p.Fixed).Select(p => p.Name).ToArray();
            report.Section("Sensitivity", "Refits on narrower windows of the control parameter around p_c and without the smallest sizes, errors by the S + 1 rule; a trustworthy exponent moves by less than its error.")
                .Table(["window", "min size", "points", "S", .. free], table.Select(r => (IReadOnlyList<string>)[
                    $"[{AnalysisInput.Short(r.ControlMin)}, {AnalysisInput.Short(r.ControlMax)}]", AnalysisInput.Short(r.MinSize), r.Points.ToString(CultureInfo.InvariantCulture),
                    r.Failure is null ? AnalysisInput.Short(r.S) : "failed",
                    .. free.Select(f => r.Parameters.FirstOrDefault(p => p.Name == f) is { } e ? $"{AnalysisInput.Short(e.Value)} ± {AnalysisInput.Short(e.Error)}" : "—")]));
        }
        if (drop is not null)
        {
            var free = result.Parameters.Where(p => !p.Fixed).Select(p => p.Name).ToArray();
            string Cell(ParameterEstimate? e) => e is null ? "—" : $"{AnalysisInput.Short(e.Value)} ± {AnalysisInput.Short(e.Error)}";
            report.Section("Dropping the smallest sizes", $"Refits with the sizes L ≥ L_min only; the last row extrapolates each parameter to L_min → ∞ by a weighted line in L_min^-{AnalysisInput.Short(drop.Omega)} (error scaled by √(χ²/dof) where above 1).")
                .Table(["L_min", "sizes", "S", .. free], drop.Rows.Select(r => (IReadOnlyList<string>)[AnalysisInput.Short(r.MinSize), r.Sizes.ToString(CultureInfo.InvariantCulture),
                    r.Failure is null ? AnalysisInput.Short(r.S) : "failed", .. free.Select(f => Cell(r.Parameters.FirstOrDefault(p => p.Name == f)))])
                    .Append(["∞", "", "", .. free.Select(f => drop.Extrapolated.FirstOrDefault(p => p.Name == f) is { } e ? $"{AnalysisInput.Short(e.Value)} ± {AnalysisInput.Short(e.Error)}" : "—")]));
        }
        report.Write(path);
    }

    /// <summary>--fix/--start name=value and --range name=low:high, merged per parameter.</summary>
    /// <summary>The name of a spread on the command line.</summary>
    static string SpreadName(ReplicateSpread spread) => spread switch
    {
        ReplicateSpread.StandardDeviation => "sd",
        ReplicateSpread.Trimmed => "trimmed",
        _ => throw new ArgumentOutOfRangeException(nameof(spread)),
    };

    internal static IReadOnlyList<ParameterOverride> Overrides(string[] fix, string[] start, string[] range)
    {
        var result = new Dictionary<string, ParameterOverride>(StringComparer.Ordinal);
        ParameterOverride Get(string name) => result.TryGetValue(name, out var o) ? o : new ParameterOverride(name);
        foreach (var (text, isFix) in fix.Select(f => (f, true)).Concat(start.Select(s => (s, false))))
        {
            var (name, value) = Split(text, isFix ? "--fix" : "--start");
            result[name] = Get(name) with { Value = Number(value, text), Fix = isFix };
        }
        foreach (var text in range)
        {
            var (name, value) = Split(text, "--range");
            var parts = value.Split(':');
            if (parts.Length != 2) throw new UsageException($"--range {text}: expected name=low:high");
            double lo = Number(parts[0], text), hi = Number(parts[1], text);
            if (!(lo < hi)) throw new UsageException($"--range {text}: low must be below high");
            result[name] = Get(name) with { Lower = lo, Upper = hi };
        }
        return result.Values.ToArray();
    }

    static (string Name, string Value) Split(string text, string option)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"{option} {text}: expected name=value");
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    static double Number(string s, string context) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new UsageException($"'{s}' in '{context}' is not a finite number");
}
