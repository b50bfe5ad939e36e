using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Numerics.Threading;
using Eumentia.Studies.Specs;
using Eumentia.Studies;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Workers;

namespace Eumentia.Cli;

/// <summary>
/// Options a study adds to its command beyond its spec's fields: choices that set several fields at once
/// (criticality's --cnn-weights), inputs that are not fields (subset's --mask files), or another action on the same
/// spec (subset's --audit).
/// </summary>
public interface IStudyOptions
{
    IEnumerable<Option> Options { get; }

    /// <summary>The spec with these options applied (after the generated options, --set and --grid).</summary>
    object Apply(ParseResult parse, object spec);

    /// <summary>
    /// The spec with a --set or --grid whose key is not a field of the spec applied (phases: a training setting of
    /// every run, or an axis of its training grid); null when the key means nothing to the study either.
    /// </summary>
    object? Override(object spec, SpecOverride assignment) => null;

    /// <summary>An exit code when these options ask for something other than the study; null to conduct the study.</summary>
    int? Instead(ParseResult parse, object spec, string dir) => null;
}

/// <summary>
/// `eumentia &lt;study&gt;`: the one command line of every study in <see cref="StudyCatalog"/>, generated from its spec
/// record as open_lth generates its CLI from its config dataclasses. A preset gives the spec; each scalar or list
/// field (nested ones as group-field) is an option whose help is the field's doc comment and each preset's value;
/// --set and --grid set any field by its study.json path. The study is then run by <see cref="StudyRunner"/>:
/// planned, run with -j workers, resumed after an interruption, analysed and reported; --plan-only stops after
/// registering the next runs (for `eumentia sweep slurm --dir`), --analyze-only runs nothing.
/// </summary>
public static class StudyCommand
{
    /// <summary>Option names every study command has; a spec field with one of these names gets no option of its own.</summary>
    static readonly HashSet<string> Reserved = ["--preset", "--out", "--set", "--grid", "--plan-only", "--analyze-only", "--workers", "--data-dir", "--threads", "--force", "--help"];

    public static Command Create(IStudy study, IStudyOptions? extras = null)
    {
        var cmd = new Command(study.Name, study.Summary + " Writes report.html (headline first), summary.json, tables and figures into --out; "
            + "rerunning resumes, and a study grown with more values reuses every run it has.");
        var presets = study.PresetNames.ToDictionary(p => p, p => JsonSerializer.SerializeToNode(study.Preset(p), study.SpecType, JsonDefaults.Options)!);
        var preset = new Option<string>("--preset") { Description = $"The spec to start from: {string.Join(", ", study.PresetNames)} (tiny runs in seconds).", DefaultValueFactory = _ => "quick" };
        preset.AcceptOnlyFromAmong([.. study.PresetNames]);
        var output = new Option<string?>("--out") { Description = $"Study directory (default runs/{study.Name}-<preset>)." };
        var set = new Option<string[]>("--set") { Description = "KEY=VALUE: set a field listed below by its study.json path (group.field for a nested one, e.g. rules.dementia_sigmas=3; lists comma-separated; null removes an optional part); phases also takes any training setting for every run (e.g. width=64). Repeatable.", DefaultValueFactory = _ => [] };
        var grid = new Option<string[]>("--grid") { Description = "KEY=V1,V2,...: the values of one of the study's axes (a list field; phases: also a training setting, which becomes an axis of its training grid, e.g. seed=0,1,2). Repeatable.", DefaultValueFactory = _ => [] };
        var planOnly = new Option<bool>("--plan-only") { Description = "Register the study's next runs and stop: run them with `eumentia sweep slurm --dir DIR --submit` (or `sweep worker`), which also carries the study on." };
        var analyzeOnly = new Option<bool>("--analyze-only") { Description = "Run nothing: analyse the finished runs of DIR as its study.json records the study, and write the report." };
        var workers = new Option<int?>("--workers", "-j") { Description = "Runs executed side by side (default: the thread budget, EUMENTIA_THREADS or all cores); results do not depend on it." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding real data sets (else EUMENTIA_DATA or the default places)." };
        var threads = new Option<int?>("--threads") { Description = "Threads of the numeric kernels (default: all cores); results do not depend on it." };
        var force = new Option<bool>("--force") { Description = "Use a runs directory written by an incompatible format version." };
        foreach (var o in new Option[] { preset, output, set, grid, planOnly, analyzeOnly, workers, dataDir, threads, force }) cmd.Add(o);
        var fieldPaths = SpecField.Of(study.SpecType).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

        // string[] with one value per occurrence: a field given twice takes its last value, as a later --set does.
        var fields = new List<(Option<string[]> Option, SpecField Field)>();
        foreach (var field in SpecField.Of(study.SpecType).Where(f => f.IsScalar || f.IsList))
        {
            string name = "--" + field.Path.Replace('.', '-').Replace('_', '-');
            if (Reserved.Contains(name) || extras?.Options.Any(o => o.Name == name) == true) continue;
            var option = new Option<string[]>(name)
            {
                Description = Help(field, presets), HelpName = field.IsList ? "v1,v2,..." : "value",
                Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false,
            };
            fields.Add((option, field));
            cmd.Add(option);
        }
        foreach (var o in extras?.Options ?? []) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            if (parse.GetValue(threads) is int t) Parallelism.MaxThreads = t >= 1 ? t : throw new UsageException($"--threads {t} must be at least 1");
            int n = parse.GetValue(workers) ?? Parallelism.MaxThreads;
            if (n < 1) throw new UsageException($"--workers {n} must be at least 1");
            string presetName = parse.GetValue(preset)!;
            string dir = parse.GetValue(output) ?? Path.Combine("runs", $"{study.Name}-{presetName}");
            bool analyse = parse.GetValue(analyzeOnly);
            if (analyse && parse.GetValue(planOnly))
                throw new UsageException("--plan-only registers runs without running or analysing them, --analyze-only analyses without registering: give one");

            object spec;
            if (analyse)
            {
                // The study as its directory recorded it: options that would change the spec are refused, not ignored.
                var given = fields.Where(f => parse.GetResult(f.Option) is { Implicit: false }).Select(f => f.Option.Name)
                    .Concat(parse.GetValue(set)!.Length + parse.GetValue(grid)!.Length > 0 ? ["--set/--grid"] : []).ToList();
                if (given.Count > 0) throw new UsageException($"--analyze-only analyses the study recorded in {dir}; {string.Join(", ", given)} would change it (run without --analyze-only to grow it)");
                spec = StudyDirectory.Open(dir).Spec(study);
            }
            else
            {
                var assignments = parse.GetValue(set)!.Select(s => SpecOverride.Parse(s, "--set"))
                    .Concat(parse.GetValue(grid)!.Select(g => SpecOverride.Parse(g, "--grid", listOnly: true))).ToList();
                // Keys that are not fields of the spec go to the study's own options (or are refused as unknown there).
                bool IsField(SpecOverride o) => extras is null || fieldPaths.Contains(o.Path.Replace('-', '_'));
                var overrides = fields.Where(f => parse.GetValue(f.Option) is { Length: > 0 })
                    .Select(f => new SpecOverride(f.Field.Path, parse.GetValue(f.Option)![^1], f.Option.Name))
                    .Concat(assignments.Where(IsField));
                spec = SpecOverrides.Apply(study.SpecType, study.Preset(presetName), overrides);
                foreach (var o in assignments.Where(o => !IsField(o)))
                    spec = extras!.Override(spec, o) ?? SpecOverrides.Apply(study.SpecType, spec, [o]); // the latter names the unknown key
                if (extras is not null) spec = extras.Apply(parse, spec);
                study.Check(spec);
                if (extras?.Instead(parse, spec, dir) is int code) return code;
            }
            return Run(study, spec, dir, new StudyRunOptions(n, parse.GetValue(planOnly), analyse, parse.GetValue(force), parse.GetValue(dataDir)), stdout, stderr);
        });
        return cmd;
    }

    /// <summary>Runs a study to its report (or to its next planned runs) with the sweep's progress display, then prints its headline.</summary>
    public static int Run(IStudy study, object spec, string dir, StudyRunOptions options, TextWriter stdout, TextWriter stderr)
    {
        // The runs find their data as `train` runs do: through EUMENTIA_DATA.
        if (options.DataDir is { } data) Environment.SetEnvironmentVariable("EUMENTIA_DATA", Path.GetFullPath(data));
        using var stop = new CancellationTokenSource();
        using var signals = Commands.SweepCommand.OnSignals(stop);
        var result = StudyRunner.Run(study, spec, dir, options with { Cancel = stop.Token }, new Display(stdout, stderr), stdout);
        if (result.Interrupted)
        {
            stderr.WriteLine("eumentia: interrupted; run the same command again to resume");
            return signals.ExitCode;
        }
        if (result.Outcome is not { } outcome)
        {
            if (result.PendingCost is { } cost) stdout.WriteLine($"cost of stage '{result.PendingStage}': {cost.Describe()} (later stages come on top; docs/performance.md, \"What a study costs\")");
            stdout.WriteLine($"planned: {result.Pending} runs of stage '{result.PendingStage}' in {Path.Combine(dir, StudyDirectory.RunsFolder)}; run them with "
                + $"`eumentia sweep slurm --dir {dir} --submit` (a Slurm array that carries the study on to its report) or `eumentia sweep worker --dir {Path.Combine(dir, StudyDirectory.RunsFolder)}`, "
                + "then this command again without --plan-only");
            return ExitCodes.Ok;
        }
        foreach (var line in outcome.Headline) stdout.WriteLine(line);
        stdout.WriteLine($"wrote {outcome.ReportPath}");
        if (outcome.AnyFailed) stderr.WriteLine($"eumentia: some runs failed for good; the report uses the others (`eumentia sweep status --dir {Path.Combine(dir, StudyDirectory.RunsFolder)}`)");
        return ExitCodes.Ok;
    }

    /// <summary>Prints what a submission of a study to Slurm did (or the study's report when it needed no run).</summary>
    public static int Report(StudySubmission submission, string dir, TextWriter stdout)
    {
        if (submission.Outcome is { } outcome)
        {
            foreach (var line in outcome.Headline) stdout.WriteLine(line);
            stdout.WriteLine($"every run of the study is finished: wrote {outcome.ReportPath}");
            return ExitCodes.Ok;
        }
        stdout.WriteLine($"study {dir}: stage '{submission.Stage}', {submission.Pending} runs to go");
        stdout.WriteLine($"wrote {submission.ArrayScript} and {submission.ContinuationScript}");
        if (submission.ArrayJob is null)
            stdout.WriteLine($"submit with: eumentia sweep slurm --dir {dir} --submit (the continuation job must run after the array: it plans the next stage and writes the report)");
        else
            stdout.WriteLine($"submitted job {submission.ArrayJob} (array) and job {submission.ContinuationJob} (continuation: the next stage, then the report at {Path.Combine(dir, "report.html")}); " +
                             $"follow with `eumentia sweep status --dir {Path.Combine(dir, StudyDirectory.RunsFolder)}`");
        return ExitCodes.Ok;
    }

    /// <summary>The field's doc comment, then each preset's value (one value when the presets agree).</summary>
    static string Help(SpecField field, IReadOnlyDictionary<string, JsonNode> presets)
    {
        string doc = DocComments.Of(field.Property) ?? "";
        string kind = field.IsList ? $"comma-separated, each {SpecOverrides.Describe(field.ElementType!)}" : SpecOverrides.Describe(field.Type);
        var values = presets.Select(p => (p.Key, Value: Show(At(p.Value, field.Path)))).ToList();
        string shown = values.Select(v => v.Value).Distinct().Count() == 1
            ? $"every preset: {values[0].Value}"
            : "presets: " + string.Join(", ", values.Select(v => $"{v.Key} {v.Value}"));
        return $"{(doc.Length > 0 ? doc.TrimEnd('.') + ". " : "")}({kind}; {shown})";
    }

    static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.')) node = node is JsonObject o ? o[part] : null;
        return node;
    }

    static string Show(JsonNode? node) => node switch
    {
        null => "none",
        JsonArray a => a.Count == 0 ? "[]" : string.Join(",", a.Select(Show)),
        JsonValue v when v.TryGetValue(out double d) => d.ToString("G6", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue(out string? s) => s ?? "none",
        _ => node.ToJsonString(),
    };

    /// <summary>Each pass of the workers shown as a sweep is.</summary>
    sealed class Display(TextWriter stdout, TextWriter stderr) : IStudyProgress
    {
        public void RunPass(string title, SweepSummary before, Action<ISweepObserver> work)
        {
            var display = new SweepDisplay(stdout, stderr, new SweepProgress(before));
            display.Run(title, () => { work(display); return true; });
        }
    }
}
