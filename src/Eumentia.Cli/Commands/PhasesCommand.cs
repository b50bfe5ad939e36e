using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Eumentia.Studies;
using Eumentia.Studies.Phases;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia phases`: the pruning-induced phases study (<see cref="PhasesStudy"/>) from nothing to report.html. The
/// options change the preset's <see cref="PhasesSpec"/>; re-running resumes, and a grown spec reuses every finished run.
/// </summary>
public static class PhasesCommand
{
    public static Command Create()
    {
        var study = StudyCatalog.Get("phases");
        var cmd = new Command("phases", study.Summary);
        var preset = new Option<string>("--preset") { Description = "tiny (seconds), quick (shipped data, minutes), standard (~1 h), paper (full MNIST, for Slurm).", DefaultValueFactory = _ => "quick" };
        preset.AcceptOnlyFromAmong([.. PhasesSpec.PresetNames]);
        var output = new Option<string?>("--out") { Description = "Study directory (default runs/phases-<preset>); runs live in <out>/runs." };
        var set = new Option<string[]>("--set")
        {
            Description = "key=value for every training run (repeatable), e.g. --set width=64; the evaluation settings p_eval=0.1,0.5, eval_mode=prune and eval_draws=8 change only the evaluations.",
            AllowMultipleArgumentsPerToken = false,
        };
        var grid = new Option<string[]>("--grid") { Description = "key=v1,v2,... replaces or adds a grid axis of the training runs (repeatable), e.g. --grid seed=0,1; --grid p_eval=... sets the evaluation rates." };
        var rule = new Option<string[]>("--rule") { Description = "Phase-rule override key=value: amentia_fraction, dementia_sigmas, dementia_min_rise, eumentia_min_alpha, eumentia_sigmas." };
        var bootstrap = new Option<int?>("--bootstrap") { Description = "Seed-bootstrap resamples for fits and N* (default: the preset's; 200 except tiny)." };
        var force = new Option<bool>("--force") { Description = "Use a runs directory written by an incompatible format version." };
        foreach (var o in new Option[] { preset, output, set, grid, rule, bootstrap, force }) cmd.Add(o);
        var common = new StudyCommand();
        common.AddTo(cmd);

        cmd.SetAction(parse =>
        {
            string name = parse.GetValue(preset)!;
            string outDir = parse.GetValue(output) ?? Path.Combine("runs", $"phases-{name}");
            var spec = PhasesSpec.ForPreset(name);
            foreach (var s in parse.GetValue(set) ?? []) spec = Set(spec, s, "--set");
            foreach (var g in parse.GetValue(grid) ?? []) spec = Grid(spec, g);
            spec = spec with { Rules = ParseRules(spec.Rules, parse.GetValue(rule) ?? []) };
            if (parse.GetValue(bootstrap) is int b) spec = spec with { Bootstrap = b >= 0 ? b : throw new UsageException($"--bootstrap {b} must be ≥ 0") };
            // Every problem is refused here, before the study directory is touched.
            if (!common.AnalyzeOnly(parse)) _ = spec.TrainingRuns();
            return common.Run(parse, study, spec, outDir, null, parse.GetValue(force));
        });
        return cmd;
    }

    static (string Key, string Value) Split(string assignment, string option)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new UsageException($"{option} '{assignment}': expected key=value");
        return (assignment[..eq].Trim(), assignment[(eq + 1)..].Trim());
    }

    /// <summary>`--set key=value`: an evaluation setting of the study, or a training setting that holds for every run.</summary>
    static PhasesSpec Set(PhasesSpec spec, string assignment, string option)
    {
        var (key, value) = Split(assignment, option);
        string where = $"{option} {assignment}";
        switch (key)
        {
            case "p_eval":
                var rates = value.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) ? p : throw new UsageException($"{where}: '{t}' is not a number"));
                return spec with { PEval = [.. rates] };
            case "eval_mode":
                return spec with { EvalMode = value };
            case "eval_draws":
                return spec with { EvalDraws = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) ? k : throw new UsageException($"{where}: '{value}' is not a whole number") };
            case "seeds":
                return spec with { Seeds = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : throw new UsageException($"{where}: '{value}' is not a whole number") };
        }
        var fixedValues = new Dictionary<string, JsonNode?>(spec.Fixed) { [key] = Node(value) };
        var axes = new Dictionary<string, JsonArray>(spec.Grid);
        axes.Remove(key);
        return spec with { Fixed = fixedValues, Grid = axes };
    }

    /// <summary>`--grid key=v1,v2`: an axis of the training grid replacing whatever the spec says about the key (p_eval: the evaluation rates).</summary>
    static PhasesSpec Grid(PhasesSpec spec, string assignment)
    {
        var (key, value) = Split(assignment, "--grid");
        if (key == "p_eval") return Set(spec, assignment, "--grid");
        if (PhasesSpec.EvaluationKeys.Contains(key))
            throw new UsageException($"--grid {assignment}: one study evaluates in one {key}; use --set {key}=... (or another --out for another)");
        var fixedValues = new Dictionary<string, JsonNode?>(spec.Fixed);
        fixedValues.Remove(key);
        var axes = new Dictionary<string, JsonArray>(spec.Grid) { [key] = [.. value.Split(',', StringSplitOptions.TrimEntries).Select(Node)] };
        return spec with { Fixed = fixedValues, Grid = axes };
    }

    /// <summary>A number as a JSON number (so study.json reads naturally), anything else as a string.</summary>
    static JsonNode Node(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) ? JsonValue.Create(l)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? JsonValue.Create(d)
        : JsonValue.Create(text);

    static PhaseRules ParseRules(PhaseRules rules, IEnumerable<string> assignments)
    {
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
