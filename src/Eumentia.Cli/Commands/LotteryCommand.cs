using System.CommandLine;
using System.Globalization;
using Eumentia.Reports;
using Eumentia.Studies.Lottery;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia lottery`: the IMP / local-receptive-field study, from a preset with optional overrides.</summary>
public static class LotteryCommand
{
    public static Command Create()
    {
        var cmd = new Command("lottery", "Iterative magnitude pruning with rewinding on NLGP (and Gaussian-control, MNIST, Fashion-MNIST) inputs: " +
            "IPR, receptive fields, pre-activation kurtosis and the cavity method per level, with one-shot, random and re-initialised baselines. " +
            "Writes runs/, results.csv, summary.csv, findings.json and report.html; rerunning resumes.");
        var preset = new Option<string>("--preset") { Description = $"Starting point: {string.Join(", ", LotteryPresets.Names)}.", DefaultValueFactory = _ => "quick" };
        var output = new Option<string>("--out") { Description = "Study directory.", DefaultValueFactory = _ => "runs/lottery" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding real data sets (else EUMENTIA_DATA or the default place)." };
        var threads = new Option<int?>("--threads") { Description = "Threads (runs in parallel, one per thread; default: all cores)." };
        var reportOnly = new Option<bool>("--report-only") { Description = "Only analyse the finished levels under --out (a study, or a sweep of kind lottery) and write the tables and report.html there." };
        var data = new Option<string?>("--data") { Description = "Comma-separated data sets: nlgp, gp, mnist-10k, mnist, fashion-mnist." };
        var baselines = new Option<string?>("--baselines") { Description = "Comma-separated baselines: oneshot, random, shuffled, reinit (\"none\" for none)." };
        var prunedLayers = new Option<string?>("--pruned-layers") { Description = "Comma-separated indices of pruned layers (0 = input layer); default every layer but the output." };
        var scope = new Option<string?>("--scope") { Description = "Magnitude ranking: layer or global." };
        var activation = new Option<string?>("--activation") { Description = "Hidden activation: relu, tanh, erf, hardtanh, linear." };
        var optimizer = new Option<string?>("--optimizer") { Description = "sgd or adam." };
        var init = new Option<string?>("--init") { Description = "Initialisation: pytorch (nn.Linear default, U(±1/√fan_in)), he, glorot or sigma (with --sigma-w, --sigma-b)." };
        var control = new Option<string?>("--control-covariance") { Description = "Gaussian control's covariance: matched (the NLGP's) or latent." };
        var ints = new (Option<int?> Option, Func<LotterySpec, int, LotterySpec> Apply)[]
        {
            (new("--seeds") { Description = "Number of seeds (from --first-seed on)." }, (s, v) => s with { Seeds = v }),
            (new("--dimension") { Description = "NLGP torus dimension (1 or 2)." }, (s, v) => s with { Dimension = v }),
            (new("--side") { Description = "NLGP torus side L." }, (s, v) => s with { Side = v }),
            (new("--train-size") { Description = "Training examples." }, (s, v) => s with { TrainSize = v }),
            (new("--test-size") { Description = "NLGP test examples." }, (s, v) => s with { TestSize = v }),
            (new("--width") { Description = "Hidden width." }, (s, v) => s with { Width = v }),
            (new("--depth") { Description = "Hidden layers." }, (s, v) => s with { Depth = v }),
            (new("--batch") { Description = "Minibatch size." }, (s, v) => s with { BatchSize = v }),
            (new("--epochs") { Description = "Epochs per training run." }, (s, v) => s with { Epochs = v }),
            (new("--baseline-every") { Description = "Run baselines every n-th level (and at the last)." }, (s, v) => s with { BaselineEvery = v }),
            (new("--probe-size") { Description = "Training examples for kurtosis and cavity statistics." }, (s, v) => s with { ProbeSize = v }),
            (new("--rf-units") { Description = "Units per receptive-field map." }, (s, v) => s with { RfUnits = v }),
        };
        var doubles = new (Option<double?> Option, Func<LotterySpec, double, LotterySpec> Apply)[]
        {
            (new("--gain") { Description = "NLGP gain g." }, (s, v) => s with { Gain = v }),
            (new("--xi0") { Description = "Correlation length of class 0." }, (s, v) => s with { Xi0 = v }),
            (new("--xi1") { Description = "Correlation length of class 1." }, (s, v) => s with { Xi1 = v }),
            (new("--sigma-w") { Description = "σ_w for --init sigma: W ~ N(0, σ_w²/fan_in)." }, (s, v) => s with { SigmaW = v }),
            (new("--sigma-b") { Description = "σ_b for --init sigma." }, (s, v) => s with { SigmaB = v }),
            (new("--lr") { Description = "Learning rate." }, (s, v) => s with { LearningRate = v }),
            (new("--momentum") { Description = "SGD momentum." }, (s, v) => s with { Momentum = v }),
            (new("--weight-decay") { Description = "L2 weight decay." }, (s, v) => s with { WeightDecay = v }),
            (new("--prune-fraction") { Description = "Share of the remaining weights pruned per level." }, (s, v) => s with { PruneFraction = v }),
            (new("--target-sparsity") { Description = "Sparsity at which IMP stops." }, (s, v) => s with { TargetSparsity = v }),
        };
        var gains = new Option<string?>("--gains")
        {
            Description = "Comma-separated NLGP gains: one study per gain in {out}/gain-{g}/, then the NLGP − control gaps against g " +
                "(gain-scan.csv, report.html). A sweep of kind lottery with a grid over gain is analysed the same way by --report-only.",
        };
        var firstSeed = new Option<ulong?>("--first-seed") { Description = "The first seed." };
        var rewind = new Option<long?>("--rewind-step") { Description = "Rewind survivors to their values after k steps (0 = initialisation)." };
        foreach (var o in new Option[] { preset, output, dataDir, threads, reportOnly, gains, data, baselines, prunedLayers, scope, activation, optimizer, init, control, firstSeed, rewind })
            cmd.Add(o);
        foreach (var (o, _) in ints) cmd.Add(o);
        foreach (var (o, _) in doubles) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t) Numerics.Threading.Parallelism.MaxThreads = t >= 1 ? t : throw new UsageException($"--threads {t} must be at least 1");
            var spec = LotteryPresets.Get(parse.GetValue(preset)!);
            foreach (var (o, apply) in ints) if (parse.GetValue(o) is int v) spec = apply(spec, v);
            foreach (var (o, apply) in doubles) if (parse.GetValue(o) is double v) spec = apply(spec, v);
            if (parse.GetValue(rewind) is long k) spec = spec with { RewindStep = k };
            if (parse.GetValue(firstSeed) is ulong fs) spec = spec with { Seed = fs };
            if (parse.GetValue(data) is { } d) spec = spec with { Data = List(d) };
            if (parse.GetValue(baselines) is { } b) spec = spec with { Baselines = b.Trim() == "none" ? [] : List(b) };
            if (parse.GetValue(prunedLayers) is { } pl) spec = spec with { PrunedLayers = List(pl).Select(ParseLayer).ToArray() };
            if (parse.GetValue(scope) is { } sc) spec = spec with { Scope = sc };
            if (parse.GetValue(activation) is { } act) spec = spec with { Activation = act };
            if (parse.GetValue(optimizer) is { } opt) spec = spec with { Optimizer = opt };
            if (parse.GetValue(init) is { } ini) spec = spec with { Init = ini };
            if (parse.GetValue(control) is { } cc) spec = spec with { ControlCovariance = cc };
            var errors = spec.Validate();
            if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));

            var dir = parse.GetValue(output)!;
            var stdout = parse.InvocationConfiguration.Output;
            var gainList = parse.GetValue(gains) is { } gl ? List(gl).Select(ParseGain).ToArray() : null;
            if (gainList is not null && parse.GetValue(doubles.Single(d => d.Option.Name == "--gain").Option) is not null) throw new UsageException("--gain and --gains exclude each other");
            IReadOnlyList<Finding> findings;
            if (gainList is not null || (parse.GetValue(reportOnly) && GainScan.IsScan(dir)))
            {
                var scan = gainList is null || parse.GetValue(reportOnly) ? GainScan.Report(dir)
                    : ProgressOutput.Run(stdout, $"lottery gain scan g = {string.Join(",", gainList)} × {string.Join("+", spec.Data)} × {spec.Seeds} seeds", report =>
                        GainScan.Run(spec, gainList, dir, new LotteryOptions(parse.GetValue(dataDir), report)));
                stdout.WriteLine($"wrote {Path.Combine(dir, "report.html")}, gain-scan.csv, gain-findings.json");
                TerminalTable.Write(stdout, null, [">g", ">κ theory", ">κ nlgp", ">Δ dist. ratio last", ">Δ dist. ratio along", ">Δ IPR·(k+2)/3", ">Δ NG growth"],
                    scan.Rows.Select(r => (IReadOnlyList<string>)[Axis.Short(r.Gain), r.KurtosisTheory.ToString("F3", CultureInfo.InvariantCulture), Short(r.Values["input_kurtosis_nlgp"]),
                        Short(r.Values["distance_ratio_gap"]), Short(r.Values["distance_ratio_gap_along"]), Short(r.Values["ipr_normalised_gap"]), Short(r.Values["ng_growth_gap"])]));
                findings = scan.Findings;
            }
            else
            {
                var result = parse.GetValue(reportOnly)
                    ? LotteryStudy.Report(LotteryStudy.FindSpec(dir), dir)
                    : ProgressOutput.Run(stdout, $"lottery {string.Join("+", spec.Data)} × {spec.Seeds} seeds", report =>
                        LotteryStudy.Run(spec, dir, new LotteryOptions(parse.GetValue(dataDir), report)));
                stdout.WriteLine($"wrote {Path.Combine(dir, "report.html")}, results.csv, summary.csv, findings.json");
                findings = result.Findings;
            }
            TerminalTable.Write(stdout, "findings (mean ± standard error over seeds)", ["data", "finding", ">value", "verdict"],
                findings.Select(f => (IReadOnlyList<string>)[f.Data, f.Id, f.Value.ToString(), f.Verdict]));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static string Short(Estimate e) => Axis.WithError(e.Mean, e.Sem);

    static double ParseGain(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double g) && g > 0 && double.IsFinite(g) ? g
        : throw new UsageException($"--gains: '{s}' is not a positive gain");

    static int ParseLayer(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int l) ? l
        : throw new UsageException($"--pruned-layers: '{s}' is not a layer index");
}
