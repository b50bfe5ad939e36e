using System.CommandLine;
using Eumentia.Analysis.Scaling;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Reports;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia fit`: scaling-law fits L(N) = A N^-alpha and E + A N^-alpha to any CSV, with errors (profile
/// likelihood, bootstrap over seeds), local slopes, model comparison (AIC, BIC, extrapolation), and
/// fit.json, CSV tables, SVG figures and report.html in --out.
/// </summary>
public static class FitCommand
{
    public static Command Create()
    {
        var input = new AnalysisInput("out/fit", 200);
        var model = new Option<string>("--model") { Description = "power (A N^-alpha), offset (E + A N^-alpha), both, or bkt-length (xi = A exp(b / sqrt|p - p_c|) against --param).", DefaultValueFactory = _ => "both" };
        var control = new Option<string?>("--param", "--x") { Description = "Control-parameter column, for --model bkt-length." };
        var side = new Option<string>("--side") { Description = "bkt-length: where p_c lies relative to the data: auto, above, below.", DefaultValueFactory = _ => "auto" };
        var holdout = new Option<int>("--holdout") { Description = "Largest sizes held out to test extrapolation (0: none).", DefaultValueFactory = _ => 2 };
        var window = new Option<int>("--slope-window") { Description = "Sizes per local-slope estimate.", DefaultValueFactory = _ => 2 };
        var alphaMax = new Option<double>("--alpha-max") { Description = "Largest |alpha| searched.", DefaultValueFactory = _ => 10.0 };
        var cmd = new Command("fit", "Fit scaling laws L(N) to a CSV: exponents with errors, local slopes, model comparison, figures.");
        input.AddTo(cmd);
        cmd.Add(model); cmd.Add(control); cmd.Add(side); cmd.Add(holdout); cmd.Add(window); cmd.Add(alphaMax);
        cmd.SetAction(parse =>
        {
            string which = parse.GetValue(model)!.Trim().ToLowerInvariant();
            if (which is "bkt-length" or "bkt") return BktLength(parse, input, parse.GetValue(control), parse.GetValue(side)!);
            var data = input.Read(parse);
            var models = which == "both" ? new[] { ScalingLawModel.PowerLaw, ScalingLawModel.OffsetPowerLaw } : [ScalingLawModels.Parse(which)];
            double aMax = parse.GetValue(alphaMax);
            if (!(aMax > 1e-3)) throw new UsageException($"--alpha-max is {aMax}; it must exceed 0.001");
            int h = parse.GetValue(holdout);
            if (h < 0) throw new UsageException($"--holdout is {h}; it must be 0 or more");
            int sizeCount = data.Sizes().Length, parameters = models.Max(m => m.ParameterCount());
            if (h > 0 && sizeCount - h <= parameters && parse.GetResult(holdout) is { Implicit: false })
                throw new UsageException($"--holdout {h}: {data.Source} has {sizeCount} sizes, and a fit of {parameters} parameters needs {parameters + 1} left " +
                                         $"after the held-out ones: at most --holdout {Math.Max(0, sizeCount - parameters - 1)}");
            var options = new ScalingLawOptions(AlphaMax: aMax, BootstrapSamples: parse.GetValue(input.Bootstrap), Seed: parse.GetValue(input.RngSeed));
            var fits = models.Select(m => ScalingLawFitter.Fit(data, m, options)).ToArray();
            var comparison = ScalingModelComparison.Compare(data, fits, h, options);
            var slopes = LocalSlopes.Compute(data, parse.GetValue(window), options.BootstrapSamples, options.Seed);

            string dir = parse.GetValue(input.Out)!;
            Directory.CreateDirectory(dir);
            string sizeName = data.Columns["size"], yName = data.Columns["observable"];
            JsonDefaults.Write(Path.Combine(dir, "fit.json"), new { command = AnalysisInput.CommandLine(parse), fits, comparison, local_slopes = slopes });
            CsvTable.Write(Path.Combine(dir, "fit_points.csv"),
                ["size", "mean_ln_y", "sigma_ln_y", "replicates", .. fits.Select(f => $"model_ln_y_{f.Model.Replace('-', '_')}")],
                fits[0].Points.Select((p, i) => (IReadOnlyList<string>)[AnalysisInput.Num(p.Size), AnalysisInput.Num(p.MeanLn), AnalysisInput.Num(p.Sigma), p.Replicates.ToString(),
                    .. fits.Select(f => AnalysisInput.Num(f.Points[i].ModelLn))]));
            CsvTable.Write(Path.Combine(dir, "fit_parameters.csv"), ["model", "parameter", "value", "value_se", "se_method", "profile_low", "profile_high", "chi2_per_dof", "aic", "bic"],
                fits.SelectMany(f => f.Parameters.Select(p => (IReadOnlyList<string>)[f.Model, p.Name, AnalysisInput.Num(p.Value), AnalysisInput.Num(p.Error), p.ErrorMethod,
                    AnalysisInput.Num(p.Profile?.Lower ?? double.NaN), AnalysisInput.Num(p.Profile?.Upper ?? double.NaN),
                    AnalysisInput.Num(f.Quality.Chi2PerDof), AnalysisInput.Num(f.Quality.Aic), AnalysisInput.Num(f.Quality.Bic)])));
            CsvTable.Write(Path.Combine(dir, "local_slopes.csv"), ["size", "size_low", "size_high", "slope", "slope_se", "slope_propagated_se", "slope_bootstrap_se"],
                slopes.Select(s => (IReadOnlyList<string>)[AnalysisInput.Num(s.Size), AnalysisInput.Num(s.SizeLow), AnalysisInput.Num(s.SizeHigh), AnalysisInput.Num(s.Slope),
                    AnalysisInput.Num(s.Error), AnalysisInput.Num(s.PropagatedError), AnalysisInput.Num(s.BootstrapError)]));
            var fitFigure = AnalysisFigures.ScalingLaw(data, fits, sizeName, yName).File("fit", 700, 480);
            var slopeFigure = AnalysisFigures.LocalSlopes(slopes, fits, sizeName).File("local_slopes", 700, 400);

            var report = new Report($"Scaling-law fit of {yName} against {sizeName}")
                .Section("Inputs", $"{data.Source}: {data.Observations.Count} rows, {fits[0].Points.Count} sizes, {data.SeedLabels.Count} seeds; errors from {fits[0].Quality.Weights}.")
                .Code(AnalysisInput.CommandLine(parse))
                .Section("Fits").Figure(fitFigure, "Data (per-size mean of ln L over seeds, with its standard error) and the fitted laws.")
                .Table(["model", "parameter", "value", "error", "method", "χ²/dof"], fits.SelectMany(f => f.Parameters.Select(p =>
                    (IReadOnlyList<string>)[f.Formula, p.Name, AnalysisInput.Short(p.Value), AnalysisInput.Short(p.Error), p.ErrorMethod, AnalysisInput.Short(f.Quality.Chi2PerDof)])))
                .Section("Model comparison", $"Best by AIC: {comparison.BestByAic}; by BIC: {comparison.BestByBic}; by extrapolation to the {h} largest sizes: {comparison.BestByExtrapolation ?? "not tested"}.")
                .Table(["model", "χ²/dof", "AIC", "BIC", "extrapolation rms Δln L"], comparison.Scores.Select(s =>
                    (IReadOnlyList<string>)[s.Model, AnalysisInput.Short(s.Chi2PerDof), AnalysisInput.Short(s.Aic), AnalysisInput.Short(s.Bic), s.Extrapolation is null ? "—" : AnalysisInput.Short(s.Extrapolation.RmsLnError)]))
                .Section("Local slopes").Figure(slopeFigure, "Local exponent d ln L / d ln N between neighbouring sizes, with errors.");
            report.Write(Path.Combine(dir, "report.html"));

            var o = parse.InvocationConfiguration.Output;
            foreach (var f in fits)
            {
                o.WriteLine($"{f.Formula}: chi2/dof = {AnalysisInput.Short(f.Quality.Chi2PerDof)}, AIC = {AnalysisInput.Short(f.Quality.Aic)}, BIC = {AnalysisInput.Short(f.Quality.Bic)}; {f.Convergence.Message}");
                foreach (var p in f.Parameters) o.WriteLine($"  {p.Name,-6} = {AnalysisInput.Num(p.Value)} ± {AnalysisInput.Short(p.Error)} ({p.ErrorMethod})");
            }
            o.WriteLine($"best by AIC: {comparison.BestByAic}; by BIC: {comparison.BestByBic}; by extrapolation: {comparison.BestByExtrapolation ?? "not tested"}");
            o.WriteLine($"wrote {dir}/fit.json, fit_parameters.csv, fit_points.csv, local_slopes.csv, report.html and figures/ (fit, local_slopes: .svg .png .pdf .csv)");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>--model bkt-length: xi(p) = A exp(b / sqrt|p - p_c|) fitted to crossover scales (--y) against --param.</summary>
    static int BktLength(ParseResult parse, AnalysisInput input, string? controlColumn, string sideText)
    {
        if (controlColumn is null) throw new UsageException("--model bkt-length needs --param, the column of the control parameter p");
        var side = sideText.Trim().ToLowerInvariant() switch
        {
            "auto" => BktSide.Auto, "above" => BktSide.Above, "below" => BktSide.Below,
            _ => throw new UsageException($"--side is '{sideText}': use auto, above or below"),
        };
        var data = input.Read(parse, controlColumn, sizeColumn: parse.GetValue(input.Size) ?? controlColumn);
        var fit = BktLengthFitter.Fit(data, new BktLengthOptions(side, BootstrapSamples: parse.GetValue(input.Bootstrap), Seed: parse.GetValue(input.RngSeed)));
        string dir = parse.GetValue(input.Out)!;
        Directory.CreateDirectory(dir);
        string yName = data.Columns["observable"];
        JsonDefaults.Write(Path.Combine(dir, "fit.json"), new { command = AnalysisInput.CommandLine(parse), bkt_length = fit });
        CsvTable.Write(Path.Combine(dir, "fit_points.csv"), [controlColumn, "mean_ln_y", "sigma_ln_y", "replicates", "model_ln_y"],
            fit.Points.Select(p => (IReadOnlyList<string>)[AnalysisInput.Num(p.Control), AnalysisInput.Num(p.MeanLn), AnalysisInput.Num(p.Sigma), p.Replicates.ToString(), AnalysisInput.Num(p.ModelLn)]));
        var figure = AnalysisFigures.BktLength(fit, controlColumn, yName).File("bkt_length", 700, 460);
        new Report($"BKT length of {yName} against {controlColumn}")
            .Section("Inputs", $"{data.Source}: {data.Observations.Count} rows, {fit.Points.Count} values of {controlColumn}; errors from {fit.Quality.Weights}.")
            .Code(AnalysisInput.CommandLine(parse))
            .Section("Fit", $"{fit.Formula}, p_c {fit.Side} the data; chi2/dof = {AnalysisInput.Short(fit.Quality.Chi2PerDof)}; {fit.Convergence.Message}.")
            .Figure(figure, "Crossover scales (mean of ln over seeds, with its error) and the fitted BKT divergence.")
            .Table(["parameter", "value", "error", "method", "profile interval"], fit.Parameters.Select(p => (IReadOnlyList<string>)[p.Name, AnalysisInput.Short(p.Value),
                AnalysisInput.Short(p.Error), p.ErrorMethod, p.Profile is null ? "—" : $"[{AnalysisInput.Short(p.Profile.Lower)}, {AnalysisInput.Short(p.Profile.Upper)}]"]))
            .Write(Path.Combine(dir, "report.html"));
        var o = parse.InvocationConfiguration.Output;
        o.WriteLine($"{fit.Formula} (p_c {fit.Side} the data): chi2/dof = {AnalysisInput.Short(fit.Quality.Chi2PerDof)}; {fit.Convergence.Message}");
        foreach (var p in fit.Parameters) o.WriteLine($"  {p.Name,-5} = {AnalysisInput.Num(p.Value)} ± {AnalysisInput.Short(p.Error)} ({p.ErrorMethod})");
        o.WriteLine($"wrote {dir}/fit.json, fit_points.csv, bkt_length.svg, report.html");
        return ExitCodes.Ok;
    }
}
