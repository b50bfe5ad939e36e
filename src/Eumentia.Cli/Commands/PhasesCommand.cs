using Eumentia.Numerics.Threading;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;
using System.CommandLine;
using System.Globalization;
using Eumentia.Analysis;
using Eumentia.Studies.Phases;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia phases`: the pruning-induced phases study from nothing to report.html — register the preset's
/// training grid as a sweep, run what is not done yet, collect, analyse and report. Re-running resumes.
/// </summary>
public static class PhasesCommand
{
    public static Command Create()
    {
        var cmd = new Command("phases", "Eumentia / dementia / amentia phase diagram from train- and eval-time dropout, scaling laws and BKT analysis.");
        var preset = new Option<string>("--preset") { Description = "quick (shipped data, minutes), standard (~1 h), paper (full MNIST, for Slurm).", DefaultValueFactory = _ => "quick" };
        preset.AcceptOnlyFromAmong([.. PhasesPresets.Names]);
        var output = new Option<string?>("--out") { Description = "Study directory (default runs/phases-<preset>); runs live in <out>/runs." };
        var set = new Option<string[]>("--set") { Description = "key=value for every training run (repeatable), e.g. --set eval_mode=prune.", AllowMultipleArgumentsPerToken = false };
        var grid = new Option<string[]>("--grid") { Description = "key=v1,v2,... replaces or adds a grid axis (repeatable), e.g. --grid seed=0,1." };
        var rule = new Option<string[]>("--rule") { Description = "Phase-rule override key=value: amentia_fraction, dementia_sigmas, dementia_min_rise, eumentia_min_alpha, eumentia_sigmas." };
        var workers = new Option<int?>("--workers", "-j") { Description = "Parallel training workers (default: the thread budget)." };
        var planOnly = new Option<bool>("--plan-only") { Description = "Register the runs and stop (then e.g. `eumentia sweep slurm --dir <out>/runs --submit`)." };
        var analyzeOnly = new Option<bool>("--analyze-only") { Description = "Train nothing: collect and analyse the runs that are done." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Seed-bootstrap resamples for fits and N*.", DefaultValueFactory = _ => 200 };
        var force = new Option<bool>("--force") { Description = "Use a runs directory written by an incompatible format version." };
        foreach (var o in new Option[] { preset, output, set, grid, rule, workers, planOnly, analyzeOnly, bootstrap, force }) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (parse.GetValue(planOnly) && parse.GetValue(analyzeOnly))
                throw new UsageException("--plan-only registers runs without training or analysing, --analyze-only analyses without registering: give one");
            if (parse.GetValue(workers) is < 1 and var w) throw new UsageException($"--workers {w} must be at least 1");
            string name = parse.GetValue(preset)!;
            string outDir = parse.GetValue(output) ?? Path.Combine("runs", $"phases-{name}");
            var rules = ParseRules(parse.GetValue(rule) ?? []);
            var options = new PhasesAnalysisOptions { Rules = rules, BootstrapSamples = parse.GetValue(bootstrap) };
            if (options.BootstrapSamples < 0) throw new UsageException($"--bootstrap {options.BootstrapSamples} must be ≥ 0");

            RunKindCatalog.RegisterAll();
            var spec = SpecParser.Parse(PhasesPresets.Spec(name), $"preset {name}");
            foreach (var s in parse.GetValue(set) ?? []) spec.Set(s);
            foreach (var g in parse.GetValue(grid) ?? []) spec.AddGrid(g);
            var planned = spec.Expand();
            var sweep = SweepDirectory.OpenOrCreate(Path.Combine(outDir, "runs"), spec.Kind, parse.GetValue(force));
            int added = sweep.Register(planned);
            var ledger = new RunLedger(sweep, TimeSpan.FromMinutes(5));
            var before = SweepSummary.Of(ledger);
            stdout.WriteLine($"phases ({name}): {planned.Count} training runs, {added} new, {before.Count(RunState.Done)} already done; directory {outDir}");
            if (parse.GetValue(planOnly)) return ExitCodes.Ok;

            if (!parse.GetValue(analyzeOnly))
            {
                int n = parse.GetValue(workers) ?? Parallelism.MaxThreads;
                if (n < 1) throw new UsageException($"--workers {n} must be at least 1");
                var display = new SweepDisplay(stdout, stderr, new SweepProgress(before));
                using var stop = new CancellationTokenSource();
                using var signals = SweepCommand.OnSignals(stop);
                display.Run($"phases-{name} ({n} workers)", () => ThreadWorkers.Run(ledger, n, new WorkerOptions(), display, stop.Token));
                if (stop.IsCancellationRequested) { stderr.WriteLine("eumentia: interrupted; run the same command again to resume"); return signals.ExitCode; }
            }

            var after = SweepSummary.Of(ledger);
            var collected = Collector.Collect(ledger, Path.Combine(outDir, "results.csv"), Path.Combine(outDir, "metrics.csv"));
            stdout.WriteLine($"collected {collected.Done} finished runs of {collected.Runs} into {collected.ResultsPath}");
            if (collected.Done == 0) throw new EumentiaException($"no finished runs in {sweep.Root} to analyse");
            var curves = LossCurves.FromResults(CsvTable.Read(collected.ResultsPath));
            var result = PhasesAnalysis.Run(curves, options);
            var notes = new List<string>
            {
                $"Preset {name}: {planned.Count} training runs ({after.Count(RunState.Done)} done, {after.Count(RunState.Failed)} failed), " +
                $"{curves.Count} (width, depth, p_train, p_eval) cells. Overrides of the preset: {(string.Join(" ", (parse.GetValue(set) ?? []).Select(s => "--set " + s).Concat((parse.GetValue(grid) ?? []).Select(g => "--grid " + g))) is { Length: > 0 } o ? o : "none")}.",
                $"Phase rules: {rules.Describe()}.",
                "Protocol: a fixed budget of SGD steps for every N (min_steps, rounded up to whole epochs); every trained net is evaluated at every p_eval.",
            };
            if (after.FailureNote() is { } failures) notes.Add(failures);
            PhasesReport.Write(result, outDir, $"Pruning-induced phases ({name})", notes, PhasesPresets.Spec(name));
            foreach (var g in result.Cells.GroupBy(c => c.Verdict.Phase).OrderBy(g => g.Key))
                stdout.WriteLine($"  {Phases.Name(g.Key),-13} {g.Count(),4} cells");
            foreach (var cut in result.Cuts)
                if (cut.Comparison is { } cmp) stdout.WriteLine($"  cut w{cut.Width} d{cut.Depth} p_train {cut.PTrain.ToString(CultureInfo.InvariantCulture)}: {cmp.Verdict}");
            stdout.WriteLine($"wrote {Path.Combine(outDir, "report.html")} (and phases.csv, curves.csv, boundaries.csv, bkt.json)");
            return after.Count(RunState.Failed) > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return cmd;
    }

    static PhaseRules ParseRules(IEnumerable<string> assignments)
    {
        var rules = new PhaseRules();
        foreach (var a in assignments)
        {
            int eq = a.IndexOf('=');
            if (eq <= 0 || !double.TryParse(a[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new UsageException($"--rule {a}: expected key=number");
            rules = a[..eq] switch
            {
                "amentia_fraction" => rules with { AmentiaFraction = v },
                "dementia_sigmas" => rules with { DementiaSigmas = v },
                "dementia_min_rise" => rules with { DementiaMinRise = v },
                "eumentia_min_alpha" => rules with { EumentiaMinAlpha = v },
                "eumentia_sigmas" => rules with { EumentiaSigmas = v },
                var k => throw new UsageException($"--rule {a}: unknown rule '{k}' (amentia_fraction, dementia_sigmas, dementia_min_rise, eumentia_min_alpha, eumentia_sigmas)"),
            };
        }
        var errors = rules.Validate();
        return errors.Count == 0 ? rules : throw new UsageException(string.Join("; ", errors));
    }
}
