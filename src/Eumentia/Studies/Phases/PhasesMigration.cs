using System.Text.Json.Nodes;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Training;

namespace Eumentia.Studies.Phases;

/// <summary>
/// Brings a phases directory made before the study contract (a single-kind "train" sweep in &lt;dir&gt;/runs whose keys
/// hold p_eval, eval_mode and eval_draws; no study.json) up to date without training anything: every training run
/// moves to the key of its config with the evaluation settings at their defaults (weights, metrics, attempts and
/// result.json with it), every evaluation in its result.json becomes a finished "eval" branch of it (the numbers
/// copied, as the branch would compute them bit for bit), and study.json records the spec inferred from the runs
/// (constant settings fixed, varying ones as grid axes, seeds 0…n−1 as a count; the analysis options at their
/// defaults). Safe to run again after an interruption: study.json is written last, and each step is checked before it is redone.
/// </summary>
public sealed class PhasesMigration : IStudyMigration
{
    public string Study => "phases";

    public bool Recognises(string root) => File.Exists(Path.Combine(root, StudyDirectory.RunsFolder, SweepDirectory.ManifestFile));

    public StudyMigrationReport Migrate(string root, MigrationSettings settings)
    {
        settings.RefuseFor(root, "in the configs of its runs");
        string runs = Path.Combine(root, StudyDirectory.RunsFolder);
        if (!File.Exists(Path.Combine(runs, SweepDirectory.ManifestFile)))
            throw new UsageException($"{root} is not a phases directory of an older eumentia (no {Path.Combine(StudyDirectory.RunsFolder, SweepDirectory.ManifestFile)})");
        var sweep = SweepDirectory.Open(runs, force: false);
        if (sweep.Kind is { } kind && kind.Name != TrainRunKind.Kind.Name)
            throw new UsageException($"{runs} holds runs of kind '{kind.Name}', not a phases study's training runs");

        // Everything is read and checked before anything moves.
        var registered = sweep.RunKeys().Select(sweep.LoadRun).ToList();
        var foreign = registered.FirstOrDefault(r => r.Kind.Name != TrainRunKind.Kind.Name && r.Kind.Name != EvalRunKind.Kind.Name);
        if (foreign is not null) throw new UsageException($"{sweep.RunDir(foreign.Key)} is a run of kind '{foreign.Kind.Name}': not a phases directory");
        var trained = registered.Where(r => r.Kind.Name == TrainRunKind.Kind.Name).OrderBy(r => r.Index).ToList();
        if (trained.Count == 0) throw new UsageException($"{runs} holds no training runs");
        var configs = trained.Select(r => (TrainConfig)r.Config).ToList();
        // A run moved by an interrupted migration has lost its evaluation settings; the others still say them.
        var old = configs.Where(c => !IsTrainingOnly(c)).ToList();
        if (old.Count == 0) throw new UsageException($"{runs}: no run holds evaluation settings; was it migrated already (then only study.json is missing)?");
        if (old.Select(c => c.EvalMode).Distinct().Count() > 1 || old.Select(c => c.EvalDraws).Distinct().Count() > 1)
            throw new UsageException($"{runs}: its runs were evaluated with several eval_mode or eval_draws settings; a phases study has one of each");
        string mode = old[0].EvalMode;
        int draws = old[0].EvalDraws;
        double[] rates = [.. old.SelectMany(c => c.PEval).Distinct()];

        var spec = InferSpec(configs.Select(TrainingOnly).ToList()) with { PEval = rates, EvalMode = mode, EvalDraws = draws };
        int moved = 0, converted = 0;
        foreach (var run in trained)
        {
            var config = TrainingOnly((TrainConfig)run.Config);
            var planned = PlannedRun.Of(TrainRunKind.Kind, config);
            if (planned.Key != run.Key)
            {
                sweep.Register(TrainRunKind.Kind, [planned]);
                Move(sweep.RunDir(run.Key), sweep.RunDir(planned.Key));
            }
            moved++;
            string resultPath = Path.Combine(sweep.RunDir(planned.Key), SweepDirectory.ResultFile);
            if (TrainResultNames.Read(resultPath) is not { } result) continue;
            AtomicFile.WriteAllText(Path.Combine(sweep.RunDir(planned.Key), "config.json"), System.Text.Json.JsonSerializer.Serialize(config, JsonDefaults.Options));
            foreach (var e in result.Evaluations.Where(e => e.Mode == mode))
            {
                var branch = PlannedRun.Of(EvalRunKind.Kind, new EvalConfig { TrainKey = planned.Key, PEval = e.PEval, EvalMode = mode, EvalDraws = draws });
                sweep.Register(EvalRunKind.Kind, [branch]);
                string path = Path.Combine(sweep.RunDir(branch.Key), SweepDirectory.ResultFile);
                if (!File.Exists(path))
                {
                    var json = System.Text.Json.JsonSerializer.SerializeToNode(e, JsonDefaults.Options)!.AsObject();
                    json.Insert(0, "status", "done");
                    json.Insert(1, "train_key", planned.Key);
                    json["seconds"] = 0.0;
                    json["migrated_from"] = run.Key;
                    AtomicFile.WriteAllText(Path.Combine(sweep.RunDir(branch.Key), "config.json"), System.Text.Json.JsonSerializer.Serialize((EvalConfig)branch.Config, JsonDefaults.Options));
                    AtomicFile.WriteAllText(path, json.ToJsonString(JsonDefaults.Options));
                }
                converted++;
            }
        }
        var keys = trained.Select(r => PlannedRun.Of(TrainRunKind.Kind, TrainingOnly((TrainConfig)r.Config)).Key).ToHashSet(StringComparer.Ordinal);
        int missing = spec.TrainingRuns().Count(r => !keys.Contains(r.Key));
        StudyDirectory.Adopt(root, new PhasesStudy(), spec);
        var lines = new List<string>
        {
            $"migrated {root}: {moved} training runs kept under their new keys, {converted} evaluations converted into eval runs",
            $"spec inferred from the runs (study.json): {spec.Grid.Count} grid axes ({string.Join(", ", spec.Grid.Keys)}), {spec.Seeds} seeds, " +
            $"p_eval {string.Join(",", spec.PEval)} ({spec.EvalMode}, {spec.EvalDraws} draws)",
        };
        if (missing > 0) lines.Add($"the inferred grid has {missing} training runs the old directory did not hold; `eumentia phases --out DIR` would train them");
        return new StudyMigrationReport(root, Study, lines);
    }

    static bool IsTrainingOnly(TrainConfig c) => c == TrainingOnly(c);

    /// <summary>A training run as the phases study plans it: the evaluation settings at their defaults.</summary>
    static TrainConfig TrainingOnly(TrainConfig c)
    {
        var defaults = new TrainConfig();
        return c with { PEval = c.PEval.SequenceEqual(defaults.PEval) ? c.PEval : defaults.PEval, EvalMode = defaults.EvalMode, EvalDraws = defaults.EvalDraws };
    }

    /// <summary>
    /// Moves a run's files into its new directory (registered there already): everything but run.json, result.json
    /// last, so that the new run reads as done only once it is whole; then the old directory goes.
    /// </summary>
    static void Move(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        var files = Directory.GetFiles(from).Where(f => Path.GetFileName(f) != SweepDirectory.RunFile)
            .OrderBy(f => Path.GetFileName(f) == SweepDirectory.ResultFile).ToList();
        foreach (var file in files) File.Move(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        Directory.Delete(from, recursive: true);
    }

    /// <summary>The training grid that the configs form: settings equal in every run fixed (where not at their default), the others grid axes.</summary>
    static PhasesSpec InferSpec(IReadOnlyList<TrainConfig> configs)
    {
        var fixedValues = new Dictionary<string, JsonNode?>();
        var grid = new Dictionary<string, JsonArray>();
        int seeds = 1;
        foreach (var field in TrainRunKind.Kind.Schema.Fields.Where(f => !PhasesSpec.EvaluationKeys.Contains(f.Name)))
        {
            var values = configs.Select(c => field.Get(c)).ToList();
            var distinct = new List<object?>();
            foreach (var v in values) if (!distinct.Any(d => ConfigValue.Equal(d, v))) distinct.Add(v);
            if (field.Name == "seed" && distinct.Select(Convert.ToInt64).Order().SequenceEqual(Enumerable.Range(0, distinct.Count).Select(i => (long)i)))
            {
                seeds = distinct.Count;
                continue;
            }
            if (distinct.Count == 1)
            {
                if (!field.IsDefault(distinct[0])) fixedValues[field.Name] = Node(distinct[0]);
            }
            else grid[field.Name] = [.. distinct.OrderBy(v => v as IComparable).Select(Node)];
        }
        return new PhasesSpec { Preset = "migrated", Fixed = fixedValues, Grid = grid, Seeds = seeds };
    }

    static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        _ => JsonValue.Create(ConfigValue.FormatCell(value)),
    };
}
