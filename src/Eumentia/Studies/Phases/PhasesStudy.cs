using System.Globalization;
using System.Text.Json;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Studies.Phases;

/// <summary>
/// The pruning-induced phases study on the study contract. Stage one trains the grid ("train" runs, no evaluation
/// settings in their keys, weights saved); stage two evaluates every trained network at every p_eval ("eval" runs,
/// branches keyed by the training key and the evaluation settings). Then results.csv (a row per training run and
/// p_eval), metrics.csv, the phase analysis and report.html. Growing the p_eval grid of a finished study trains nothing.
/// Analysing only, it analyses whatever is finished.
/// </summary>
public sealed class PhasesStudy : Study<PhasesSpec>
{
    public override string Name => "phases";

    public override string Summary => "Eumentia / dementia / amentia phase diagram from train- and eval-time dropout, scaling laws and BKT analysis.";

    public override IReadOnlyList<string> PresetNames => PhasesSpec.PresetNames;

    public override IReadOnlyList<RunKind> RunKinds { get; } = [TrainRunKind.Kind, EvalRunKind.Kind];

    public override PhasesSpec Preset(string name) => PhasesSpec.ForPreset(name);

    /// <summary>Every problem of the spec and of its training settings, before anything is written.</summary>
    public override void Check(PhasesSpec spec) => _ = spec.TrainingRuns();

    public override StudyOutcome Conduct(PhasesSpec spec, StudyContext context)
    {
        var planned = spec.TrainingRuns();
        IReadOnlyList<FinishedRun> Get(RunKind kind, IEnumerable<object> configs) =>
            context.AnalyzeOnly ? context.Runs.Available(kind, configs) : context.Runs.Require(kind, configs);

        context.Stage?.Invoke("training");
        var trained = Get(TrainRunKind.Kind, planned.Select(r => r.Config));
        var usable = trained.Where(r => r.Succeeded).ToList();
        context.Stage?.Invoke("evaluation");
        var evaluated = Get(EvalRunKind.Kind, usable.SelectMany(t => spec.Evaluations(t.Key)));

        var evaluations = evaluated.Where(r => r.Succeeded).ToList();
        if (evaluations.Count == 0) throw new EumentiaException($"no finished evaluations in {Path.Combine(context.Directory, StudyDirectory.RunsFolder)} to analyse");
        string results = Path.Combine(context.Directory, "results.csv");
        WriteResults(results, usable, evaluations);
        int refined = 0;
        if (spec.RefineStep > 0)
        {
            // Stage three: the boundaries of the p_eval grid, then evaluation branches inside each eumentia|dementia interval.
            context.Stage?.Invoke("refinement");
            var coarse = PhasesAnalysis.Cells(LossCurves.FromResults(CsvTable.Read(results)), spec.Analysis);
            var fine = BoundaryRefinement.Values(PhasesAnalysis.Boundaries(coarse), spec.RefineStep, spec.PEval);
            var branches = usable.SelectMany(t => t.Config is TrainConfig c && fine.TryGetValue((c.Width, c.Depth, c.PTrain), out var rates) ? spec.Evaluations(t.Key, rates) : []);
            var more = Get(EvalRunKind.Kind, branches);
            evaluated = [.. evaluated, .. more];
            refined = fine.Values.Sum(v => v.Length);
            evaluations.AddRange(more.Where(r => r.Succeeded));
            WriteResults(results, usable, evaluations);
        }
        WriteMetrics(Path.Combine(context.Directory, "metrics.csv"), usable);
        var curves = LossCurves.FromResults(CsvTable.Read(results));
        var result = PhasesAnalysis.Run(curves, spec.Analysis);

        var failed = trained.Concat(evaluated).Where(r => !r.Succeeded).ToList();
        var notes = new List<string>
        {
            $"Preset {spec.Preset}: {planned.Count} training runs ({usable.Count} done, {trained.Count - usable.Count} failed, {planned.Count - trained.Count} not finished), " +
            $"{evaluations.Count} evaluations at {spec.PEval.Length} p_eval ({spec.EvalMode}, {spec.EvalDraws} mask draws)"
            + (spec.RefineStep > 0 ? $" and {refined} more p_eval values at step {spec.RefineStep} inside the eumentia|dementia boundaries" : "")
            + $", {curves.Count} (width, depth, p_train, p_eval) cells.",
            $"Phase rules: {spec.Rules.Describe()}.",
            "Protocol: a fixed budget of SGD steps for every N (min_steps, rounded up to whole epochs); every trained net is evaluated at every p_eval " +
            "by an evaluation run that reads its saved weights.",
        };
        if (Sweeps.Collect.SweepSummary.Note(failed.Count, [.. failed.Where(r => r.Failure!.StartsWith("diverged", StringComparison.Ordinal)).Select(r => r.Key)],
                Path.Combine(context.Directory, StudyDirectory.RunsFolder)) is { } note) notes.Add(note);
        PhasesReport.Write(result, context.Directory, $"Pruning-induced phases ({spec.Preset})", notes,
            JsonSerializer.Serialize(spec, JsonDefaults.Options));

        var headline = new List<string>();
        foreach (var g in result.Cells.GroupBy(c => c.Verdict.Phase).OrderBy(g => g.Key))
            headline.Add($"  {Phases.Name(g.Key),-13} {g.Count(),4} cells");
        foreach (var cut in result.Cuts)
            if (cut.Comparison is { } cmp) headline.Add($"  cut w{cut.Width} d{cut.Depth} p_train {cut.PTrain.ToString(CultureInfo.InvariantCulture)}: {cmp.Verdict}");
        headline.Add($"tables: results.csv, metrics.csv, phases.csv, curves.csv, boundaries.csv, bkt.json in {context.Directory}");
        return new StudyOutcome(Path.Combine(context.Directory, "report.html"), headline, failed.Count > 0);
    }

    static readonly string[] TrainingColumns = ["train_examples", "steps", "epochs_run", "best_epoch", "stopped_early", "seconds", "train_loss", "validation_loss", "validation_accuracy"];
    static readonly string[] EvaluationColumns = ["p_eval", "eval_mode", "mask_draws", "test_loss", "test_loss_se", "test_accuracy", "test_accuracy_se"];

    /// <summary>
    /// results.csv: a row per training run and p_eval — run_key (the training run), eval_run_key, status, the training
    /// config (less its own evaluation settings), how training went, and the evaluation.
    /// </summary>
    static void WriteResults(string path, IReadOnlyList<FinishedRun> trained, IReadOnlyList<FinishedRun> evaluations)
    {
        var fields = TrainRunKind.Kind.Schema.Fields.Where(f => !PhasesSpec.EvaluationKeys.Contains(f.Name)).ToList();
        var training = trained.ToDictionary(t => t.Key, t => (Run: t, Result: TrainResultNames.Read(Path.Combine(t.Directory, SweepDirectory.ResultFile))
            ?? throw new EumentiaException($"{t.Directory}: no {SweepDirectory.ResultFile}")));
        string[] header = ["run_key", "eval_run_key", "status", .. fields.Select(f => f.Name), .. TrainingColumns, .. EvaluationColumns];
        var rows = evaluations.Select(e =>
        {
            var config = (EvalConfig)e.Config;
            var (run, r) = training[config.TrainKey];
            var ev = EvalRunKind.Read(e.Directory);
            return (IReadOnlyList<string>)[run.Key, e.Key, "done", .. fields.Select(f => Sweeps.Spec.ConfigValue.FormatCell(f.Get(run.Config))),
                I(r.TrainSize), I(r.Steps), I(r.EpochsRun), I(r.BestEpoch), r.StoppedEarly ? "true" : "false", D(r.Seconds), D(r.TrainLoss), D(r.ValidationLoss), D(r.ValidationAccuracy),
                D(ev.PEval), ev.Mode, I(ev.Draws), D(ev.Loss), D(ev.LossStdErr), D(ev.Accuracy), D(ev.AccuracyStdErr)];
        });
        CsvTable.Write(path, header, rows);
    }

    /// <summary>metrics.csv: every training run's per-epoch metrics, with its run_key in front.</summary>
    static void WriteMetrics(string path, IReadOnlyList<FinishedRun> trained)
    {
        string? header = null;
        var lines = new List<string>();
        foreach (var run in trained)
        {
            string file = Path.Combine(run.Directory, SweepDirectory.MetricsFile);
            if (!File.Exists(file)) continue;
            var text = File.ReadAllLines(file);
            if (text.Length == 0) continue;
            header ??= "run_key," + text[0];
            lines.AddRange(text.Skip(1).Where(l => l.Length > 0).Select(l => run.Key + "," + l));
        }
        if (header is null) return;
        IO.AtomicFile.WriteAllText(path, string.Join("\n", [header, .. lines]) + "\n");
    }

    static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    static string D(double v) => CsvTable.Format(v);
}
