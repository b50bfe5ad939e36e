using System.CommandLine;
using System.Globalization;
using Eumentia.IO;
using Eumentia.Studies;
using Eumentia.Theory;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia criticality`: the edge-of-chaos study (absorbing phase transitions in random deep nets) and its
/// mean-field theory, usable on its own: `theory` (one point), `line` (the critical line), `iterate`
/// (the exact infinite-width ρ_l).
/// </summary>
public static class CriticalityCommand
{
    public static Command Create()
    {
        // The study itself (`eumentia criticality --preset quick`), with the theory as subcommands.
        var cmd = StudyCommand.Create(StudyCatalog.Get("criticality"), new StudyOptions());
        cmd.Add(TheoryCommand());
        cmd.Add(LineCommand());
        cmd.Add(IterateCommand());
        cmd.Add(DropoutCommand());
        cmd.Add(CostCommand());
        return cmd;
    }

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    sealed record TheoryOptions(Option<string> Activation, Option<double> SigmaB, Option<double> Keep, Option<int> Order, Option<double> Tolerance)
    {
        public static TheoryOptions AddTo(Command cmd)
        {
            var o = new TheoryOptions(
                Opt("--activation", "tanh", "tanh, erf, relu, hardtanh, sin or linear."),
                Opt("--sigma-b", 0.3, "Bias standard deviation σ_b."),
                Opt("--keep", 1.0, "Dropout keep probability on hidden units (1 = no dropout)."),
                Opt("--order", 96, "Gauss–Hermite nodes per dimension to start from: theory and line double it until orders n and 2n agree to --tolerance (iterate uses it as given)."),
                Opt("--tolerance", 1e-10, "Relative agreement of orders n and 2n that theory and line require of σ_w,c, q*, κ, the decay amplitude and ξ_q."));
            cmd.Add(o.Activation);
            cmd.Add(o.SigmaB);
            cmd.Add(o.Keep);
            cmd.Add(o.Order);
            cmd.Add(o.Tolerance);
            return o;
        }

        public Activation ActivationOf(ParseResult parse) => Theory.Activation.Parse(parse.GetValue(Activation)!);
    }

    /// <summary>
    /// The study's own choices beyond its fields: --cnn-weights makes the preset's 1-D CNNs shared, local or both;
    /// --sampler sets how MLP layers and local CNN filters are drawn.
    /// </summary>
    sealed class StudyOptions : IStudyOptions
    {
        readonly Option<string?> cnnWeights = new("--cnn-weights")
        {
            Description = "CNN filters: shared (a standard CNN: one filter per layer for every site), local (a locally connected net: every site its own filter) or both (the preset's 1-D CNNs in both forms; the default).",
        };

        readonly Option<string?> sampler = new("--sampler")
        {
            Description = "How MLP layers and local CNN filters are drawn: preactivations (their exact Gaussian law given the layer below; the presets' default) or weights (every weight drawn). Shared CNN filters are always drawn as weights.",
        };

        public IEnumerable<Option> Options => [cnnWeights, sampler];

        public object Apply(ParseResult parse, object value)
        {
            var spec = (Studies.Criticality.CriticalitySpec)value;
            if (parse.GetValue(cnnWeights) is string w)
                spec = w.ToLowerInvariant() switch
                {
                    "both" => spec,
                    "shared" or "local" => spec.WithCnnWeights(w.ToLowerInvariant()),
                    _ => throw new UsageException($"--cnn-weights '{w}': expected shared, local or both"),
                };
            if (parse.GetValue(sampler) is string how) spec = spec.WithSampler(how);
            return spec;
        }
    }

    static Command TheoryCommand()
    {
        var cmd = new Command("theory", "Mean-field quantities at σ_b: the critical σ_w,c with q*, κ and the critical decay law; with --sigma-w also that point's q*, χ₁, c*, χ_c, ξ_q, ξ_c.");
        var o = TheoryOptions.AddTo(cmd);
        var sigmaW = new Option<double?>("--sigma-w") { Description = "Also describe this σ_w (at the converged order)." };
        var json = new Option<string?>("--json") { Description = "Also write every quantity at full precision, with its quadrature error bound and order, to this JSON file." };
        cmd.Add(sigmaW);
        cmd.Add(json);
        cmd.SetAction(parse =>
        {
            var activation = o.ActivationOf(parse);
            double sigmaB = parse.GetValue(o.SigmaB), keep = parse.GetValue(o.Keep);
            int order = parse.GetValue(o.Order);
            var output = parse.InvocationConfiguration.Output;
            var converged = ConvergedCriticalPoint.Find(activation, sigmaB, keep, parse.GetValue(o.Tolerance), order);
            var critical = converged.Point;
            order = converged.Order;
            string T(double v, double e) => ConvergedCriticalPoint.Trusted(v, e);
            output.WriteLine(F($"activation {activation.Name}, sigma_b = {sigmaB}, keep = {keep}, Gauss-Hermite order {order} (orders {order / 2} and {order} agree to {converged.Tolerance:G2}{(converged.Converged ? "" : $" NOT reached by the largest order {GaussHermite.MaxOrder}: trust only the digits shown")})"));
            output.WriteLine(F($"  critical sigma_w,c      = {T(critical.SigmaW, converged.SigmaWError)}"));
            output.WriteLine(F($"  q* at sigma_w,c         = {T(critical.LengthFixedPoint, converged.LengthFixedPointError)}"));
            output.WriteLine(F($"  xi_q at sigma_w,c       = {T(critical.LengthDepthScale, converged.LengthDepthScaleError)}"));
            output.WriteLine(F($"  kappa                   = {T(critical.Kappa, converged.KappaError)}"));
            output.WriteLine(critical.DecayExponent == 1
                ? F($"  critical decay          : rho_l ~ 1/(kappa l) = {T(critical.DecayAmplitude, converged.DecayAmplitudeError)}/l (delta = 1)")
                : F($"  critical decay          : rho_l ~ {T(critical.DecayAmplitude, converged.DecayAmplitudeError)}/l^{critical.DecayExponent} (kinked activation: rho^(3/2) term, delta = {critical.DecayExponent})"));
            MeanField? described = null;
            if (parse.GetValue(sigmaW) is double w)
            {
                var field = described = new MeanField(activation, w, sigmaB, keep, order);
                double chi1 = field.Chi1;
                string phase = keep < 1 ? "dropout: no ordered fixed point" : chi1 < 1 ? "ordered" : chi1 > 1 ? "chaotic" : "critical";
                output.WriteLine(F($"at sigma_w = {w} ({phase}):"));
                output.WriteLine(F($"  q*    = {field.LengthFixedPoint():G8}"));
                output.WriteLine(F($"  chi_1 = {chi1:G8}"));
                output.WriteLine(F($"  c*    = {field.CorrelationFixedPoint:G8}"));
                output.WriteLine(F($"  chi_c = {field.ChiC:G8}"));
                output.WriteLine(F($"  xi_q  = {field.LengthDepthScale:G8}"));
                output.WriteLine(F($"  xi_c  = {field.CorrelationDepthScale:G8}"));
            }
            if (parse.GetValue(json) is string path)
            {
                JsonDefaults.Write(path, new
                {
                    command = AnalysisInput.CommandLine(parse),
                    critical = converged,
                    at_sigma_w = described is null ? null : new
                    {
                        sigma_w = described.SigmaW, q_star = described.LengthFixedPoint(), chi_1 = described.Chi1, c_star = described.CorrelationFixedPoint,
                        chi_c = described.ChiC, xi_q = described.LengthDepthScale, xi_c = described.CorrelationDepthScale, order,
                    },
                });
                output.WriteLine($"wrote {path}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static Command LineCommand()
    {
        var cmd = new Command("line", "The critical line σ_w,c(σ_b) with q*, κ and the decay amplitude, each with its quadrature error bound and order, as CSV (to stdout or --out; JSON when --out ends in .json).");
        var o = TheoryOptions.AddTo(cmd);
        var from = Opt("--from", 0.0, "First σ_b.");
        var to = Opt("--to", 1.0, "Last σ_b.");
        var points = Opt("--points", 11, "Number of σ_b values.");
        var output = new Option<string?>("--out") { Description = "CSV (or, ending in .json, JSON) file to write (atomically) instead of printing." };
        foreach (var x in new Option[] { from, to, points, output }) cmd.Add(x);
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(points);
            if (n < 1) throw new UsageException($"--points {n} must be at least 1");
            double a = parse.GetValue(from), b = parse.GetValue(to);
            var sigmaBs = Enumerable.Range(0, n).Select(i => n == 1 ? a : a + (b - a) * i / (n - 1));
            var line = CriticalLine.TraceConverged(o.ActivationOf(parse), sigmaBs, parse.GetValue(o.Keep), parse.GetValue(o.Tolerance), parse.GetValue(o.Order));
            var csv = Studies.Criticality.CriticalityTables.ConvergedLineCsv(line);
            if (parse.GetValue(output) is string path)
            {
                if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    JsonDefaults.Write(path, new { command = AnalysisInput.CommandLine(parse), line });
                else IO.AtomicFile.WriteAllText(path, csv);
                parse.InvocationConfiguration.Output.WriteLine($"wrote {path} ({line.Count} points)");
            }
            else parse.InvocationConfiguration.Output.Write(csv);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The deepest `criticality iterate` table: ten million rows, about a gigabyte of CSV.</summary>
    const int MaxIterateDepth = 10_000_000;

    static Command IterateCommand()
    {
        var cmd = new Command("iterate", "The exact infinite-width iteration of (q_l, ρ_l = 1 − c_l) as CSV (to stdout or --out).");
        var o = TheoryOptions.AddTo(cmd);
        var sigmaW = new Option<double?>("--sigma-w") { Description = "σ_w (default: the critical σ_w,c)." };
        var rho0 = Opt("--rho0", 0.5, "Initial ρ₀ = 1 − c₀.");
        var q0 = new Option<double?>("--q0") { Description = "Initial length q₀ (default: q*)." };
        var depth = Opt("--depth", 1000, "Layers.");
        var output = new Option<string?>("--out") { Description = "CSV file to write (atomically) instead of printing." };
        foreach (var x in new Option[] { sigmaW, rho0, q0, depth, output }) cmd.Add(x);
        cmd.SetAction(parse =>
        {
            var activation = o.ActivationOf(parse);
            double sigmaB = parse.GetValue(o.SigmaB), keep = parse.GetValue(o.Keep);
            int order = parse.GetValue(o.Order), layers = parse.GetValue(depth);
            if (layers < 0) throw new UsageException($"--depth {layers} must be non-negative");
            if (layers > MaxIterateDepth) throw new UsageException($"--depth {layers}: at most {MaxIterateDepth} layers (the table has a row per layer)");
            double rho = parse.GetValue(rho0);
            if (!(rho >= 0 && rho <= 2)) throw new UsageException($"--rho0 {rho} is outside [0, 2]");
            double w = parse.GetValue(sigmaW) ?? CriticalLine.SigmaW(activation, sigmaB, keep, order);
            var field = new MeanField(activation, w, sigmaB, keep, order);
            double length = parse.GetValue(q0) ?? field.LengthFixedPoint();
            if (!(length >= 0 && double.IsFinite(length))) throw new UsageException($"--q0 {length} must be finite and non-negative");
            var csv = Studies.Criticality.CriticalityTables.TrajectoryCsv(field.Iterate(length, rho, layers));
            if (parse.GetValue(output) is string path)
            {
                IO.AtomicFile.WriteAllText(path, csv);
                parse.InvocationConfiguration.Output.WriteLine(F($"wrote {path} (sigma_w = {w:R}, {layers} layers)"));
            }
            else parse.InvocationConfiguration.Output.Write(csv);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static Command DropoutCommand()
    {
        var cmd = new Command("dropout", "The dropout-aware critical line: per keep probability the field h, σ_w at χ₁ = 1 and at the peak of ξ_c, ξ_c and ρ* there with their leading-order forms; with --simulate, MLP probes with dropout against them.");
        var o = TheoryOptions.AddTo(cmd);
        var keeps = Opt("--keeps", "0.999,0.99,0.95,0.9", "Keep probabilities k = 1 − p, comma-separated, each in (0, 1).");
        var simulate = Opt("--simulate", false, "Also run MLP probes with dropout at σ_w = peak × (1 + offset) and compare their plateau ρ* and depth scale ξ with the theory.");
        var offsets = Opt("--offsets", "-0.05,0,0.05", "Relative σ_w offsets from each keep's peak at which --simulate probes.");
        var width = Opt("--width", 1024, "MLP width of the simulated probes.");
        var depth = Opt("--depth", 400, "Layers of each simulated probe (the plateau is the mean over its last half).");
        var draws = Opt("--draws", 32, "Weight draws per simulated probe (the bootstrap's samples).");
        var seed = Opt("--seed", 0UL, "Seed of the simulated probes.");
        var outDir = new Option<string?>("--out") { Description = "Directory for dropout_line.csv, dropout_simulation.csv and figures/dropout.{svg,png,pdf,csv}." };
        foreach (var x in new Option[] { keeps, simulate, offsets, width, depth, draws, seed, outDir }) cmd.Add(x);
        cmd.SetAction(parse =>
        {
            var activation = o.ActivationOf(parse);
            double sigmaB = parse.GetValue(o.SigmaB);
            int order = parse.GetValue(o.Order);
            var ks = Numbers(parse.GetValue(keeps)!, "--keeps");
            foreach (double k in ks)
                if (!(k > 0 && k < 1)) throw new UsageException(F($"--keeps {k}: each keep probability must lie in (0, 1)"));
            var offs = Numbers(parse.GetValue(offsets)!, "--offsets");
            int n = parse.GetValue(width), layers = parse.GetValue(depth), samples = parse.GetValue(draws);
            if (n < 2) throw new UsageException($"--width {n} must be at least 2");
            if (layers < 8) throw new UsageException($"--depth {layers} must be at least 8");
            if (samples < 2) throw new UsageException($"--draws {samples} must be at least 2");
            string? dir = parse.GetValue(outDir);
            var output = parse.InvocationConfiguration.Output;
            var points = ks.Select(k => DropoutCriticality.At(activation, sigmaB, k, order)).ToArray();
            output.WriteLine(F($"activation {activation.Name}, sigma_b = {sigmaB}, Gauss-Hermite order {order}; without dropout sigma_w,c = {points[0].SigmaWNoDropout:F6}"));
            output.WriteLine("  keep      h          sigma_w(chi1=1)  sigma_w(peak xi_c)  xi_c peak   1/(2 sqrt(kappa h))  rho* peak   sqrt(h/kappa)");
            foreach (var p in points)
                output.WriteLine(F($"  {p.Keep,-8:G4}  {p.Field,-9:G4}  {p.SigmaWChi1,-15:F6}  {p.SigmaWPeak,-18:F6}  {p.PeakDepthScale,-9:G5}  {p.LeadingDepthScale,-19:G5}  {p.PeakRho,-9:G5}  {p.LeadingRho:G5}"));
            var measured = new List<Studies.Criticality.DropoutRelaxation>();
            if (parse.GetValue(simulate))
            {
                output.WriteLine(F($"MLP probes, width {n}, depth {layers}, {samples} draws (bootstrap errors):"));
                output.WriteLine("  keep      sigma_w    rho* sim             rho* theory   xi sim              xi theory (same fit)  xi_c theory");
                foreach (var p in points)
                    foreach (double off in offs)
                    {
                        var theory = new MeanField(activation, p.SigmaWPeak * (1 + off), sigmaB, p.Keep, order);
                        var config = Studies.Criticality.DropoutRelaxation.Probe(theory, n, layers, samples, parse.GetValue(seed));
                        var m = Studies.Criticality.DropoutRelaxation.Measure(Studies.Criticality.SignalProbe.Run(config), theory, parse.GetValue(seed));
                        measured.Add(m);
                        output.WriteLine(F($"  {m.Keep,-8:G4}  {m.SigmaW,-9:F5}  {m.Plateau,-19}  {m.TheoryRho,-12:G5}  {m.DepthScale,-18}  {m.TheoryFitDepthScale,-20:G5}  {m.TheoryDepthScale:G5}"));
                    }
            }
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
                IO.AtomicFile.WriteAllText(Path.Combine(dir, "dropout_line.csv"), Studies.Criticality.CriticalityTables.Csv(
                    ["keep", "field_h", "sigma_w_chi1", "sigma_w_peak", "xi_c_peak", "xi_c_leading", "rho_star_peak", "rho_star_leading", "kappa", "sigma_w_c_no_dropout"],
                    points.Select(p => (IReadOnlyList<object>)[p.Keep, p.Field, p.SigmaWChi1, p.SigmaWPeak, p.PeakDepthScale, p.LeadingDepthScale, p.PeakRho, p.LeadingRho, p.Kappa, p.SigmaWNoDropout])));
                if (measured.Count > 0)
                    IO.AtomicFile.WriteAllText(Path.Combine(dir, "dropout_simulation.csv"), Studies.Criticality.CriticalityTables.Csv(
                        ["keep", "sigma_w", "width", "rho_star", "rho_star_se", "rho_star_theory", "xi", "xi_se", "xi_theory_same_fit", "xi_c_theory"],
                        measured.Select(m => (IReadOnlyList<object>)[m.Keep, m.SigmaW, m.Width, m.Plateau.Value, m.Plateau.Error, m.TheoryRho, m.DepthScale.Value, m.DepthScale.Error, m.TheoryFitDepthScale, m.TheoryDepthScale])));
                Reports.FigureExport.Write(Path.Combine(dir, Reports.Report.FiguresFolder), Studies.Criticality.DropoutFigure.Build(activation, sigmaB, order, points, measured));
                output.WriteLine($"wrote {dir}/dropout_line.csv{(measured.Count > 0 ? ", dropout_simulation.csv" : "")} and {Reports.Report.FiguresFolder}/dropout.*");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static Command CostCommand()
    {
        var cmd = new Command("cost", "What a preset's probes cost, stage by stage and per architecture, before anything runs (--plan-only sizes only the first stage), as a Markdown table.");
        var preset = Opt("--preset", "decide", "The preset to size: tiny, quick, standard, paper or decide.");
        cmd.Add(preset);
        cmd.SetAction(parse =>
        {
            var spec = Studies.Criticality.CriticalitySpec.ForPreset(parse.GetValue(preset)!);
            parse.InvocationConfiguration.Output.Write(Studies.Criticality.CriticalityCost.Markdown(Studies.Criticality.CriticalityCost.Estimate(spec)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Comma-separated numbers; a usage error names the option and the bad item.</summary>
    static double[] Numbers(string text, string option) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item =>
            double.TryParse(item, NumberStyles.Float, Invariant, out double v) && double.IsFinite(v) ? v
                : throw new UsageException($"{option}: '{item}' is not a number")).ToArray() is { Length: > 0 } values ? values
            : throw new UsageException($"{option}: no values given");

    static string F(FormattableString s) => s.ToString(Invariant);

    static Option<T> Opt<T>(string name, T defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
