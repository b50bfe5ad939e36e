using System.Text.Json.Nodes;
using Eumentia.Sweeps.Spec;
using Eumentia.Training;

namespace Eumentia.Studies.Phases;

/// <summary>
/// Everything that defines a phases study: the training grid (a sweep over <see cref="TrainConfig"/>), the
/// evaluation settings (every trained net is evaluated at every p_eval, as "eval" branches of its training run), and
/// the analysis options. Written to study.json in snake_case; a changed spec reuses every run whose key is unchanged,
/// so adding p_eval values trains nothing.
/// <para>
/// Protocol (a knob like every other): a fixed budget of optimizer steps for every N (min_steps, rounded up to whole
/// epochs), so that curves L(N) compare equal training effort and a rise with N cannot come from the large-N nets
/// merely being trained longer; early stopping on the validation split is available with patience &gt; 0. The
/// training's epochs are the larger of epochs and the epochs min_steps needs, so epochs is a floor that scales the
/// budget with N where a fixed step count would undertrain the largest N: the step budget is
/// max(min_steps, epochs · N / batch), rounded up to whole epochs. The tiny and quick presets keep epochs 1 (a pure
/// step budget: 600 steps see N = 7,000 six times, N = 60,000 0.64 times); standard and paper set epochs 20
/// (issue 23: at N = 7,000, 600 steps put the eumentia|dementia boundary at p_eval 0.21 and 2,400 steps at 0.51).
/// The eval mode is mc-noscale: with 1/(1−p) rescaling (mc) heavy eval dropout makes confident wrong predictions and
/// L ≫ ln 10 decaying in N, which hides both the forgetting and the never-learned phases; without rescaling the pruned
/// net's outputs shrink towards chance, as removing neurons does (prune and mc are one setting away).
/// </para>
/// </summary>
public sealed record PhasesSpec
{
    /// <summary>The preset the spec started from (names the report).</summary>
    public string Preset { get; init; } = "custom";

    /// <summary>Training settings every run shares: <see cref="TrainConfig"/> keys (snake_case) → values.</summary>
    public Dictionary<string, JsonNode?> Fixed { get; init; } = [];

    /// <summary>Grid axes, key → values, expanded as a cartesian product (first axis slowest), then the seeds.</summary>
    public Dictionary<string, JsonArray> Grid { get; init; } = [];

    /// <summary>Network seeds 0 … seeds−1 for every grid point (unless the fixed settings or the grid name seed values).</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Dropout rates at which every trained network is evaluated (one "eval" run each).</summary>
    public double[] PEval { get; init; } = [0.0];

    /// <summary>mc, mc-noscale or prune.</summary>
    public string EvalMode { get; init; } = "mc-noscale";

    /// <summary>Mask draws averaged per p_eval &gt; 0.</summary>
    public int EvalDraws { get; init; } = 4;

    /// <summary>
    /// 0: evaluate at p_eval only. A step (e.g. 0.02): after the p_eval grid is analysed, every eumentia|dementia boundary
    /// interval of a cut is filled with p_eval values at this step, as further evaluation branches of that cut's nets
    /// (nothing trains), and the analysis uses them all.
    /// </summary>
    public double RefineStep { get; init; }

    /// <summary>The phase rules (amentia_fraction, dementia_sigmas, dementia_min_rise, eumentia_min_alpha, eumentia_sigmas).</summary>
    public PhaseRules Rules { get; init; } = new();

    /// <summary>Seed-bootstrap resamples for fit errors and N*.</summary>
    public int Bootstrap { get; init; } = 200;

    /// <summary>Evaluation settings live here, not in the training grid: training runs carry none in their key.</summary>
    public static readonly IReadOnlySet<string> EvaluationKeys = new HashSet<string>(["p_eval", "eval_mode", "eval_draws"], StringComparer.Ordinal);

    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "quick", "standard", "paper"];

    /// <summary>The analysis options the spec fixes.</summary>
    public PhasesAnalysisOptions Analysis => new() { Rules = Rules, BootstrapSamples = Bootstrap };

    /// <summary>
    /// The training runs, in grid order: the fixed settings, each grid point and seed, every evaluation setting at its
    /// default (the training run evaluates only at p_eval 0, cheaply, and its key does not depend on the study's p_eval
    /// grid). A usage error names a bad key or value.
    /// </summary>
    public IReadOnlyList<PlannedRun> TrainingRuns()
    {
        var problems = Validate();
        if (problems.Count > 0) throw new UsageException(string.Join("; ", problems));
        var sweep = new SweepSpec(TrainRunKind.Kind);
        foreach (var (key, value) in Fixed) sweep.Set($"{key}={Text(value)}");
        foreach (var (key, values) in Grid) sweep.AddGrid($"{key}={string.Join(",", values.Select(Text))}");
        if (!Fixed.ContainsKey("seed") && !Grid.ContainsKey("seed")) sweep.AddGrid($"seed={string.Join(",", Enumerable.Range(0, Seeds))}");
        return sweep.Expand();
    }

    /// <summary>The evaluation branches of a trained run (at the study's p_eval, or at the rates given).</summary>
    public IEnumerable<EvalConfig> Evaluations(string trainKey, IEnumerable<double>? rates = null) =>
        (rates ?? PEval).Select(p => new EvalConfig { TrainKey = trainKey, PEval = p, EvalMode = EvalMode, EvalDraws = EvalDraws });

    /// <summary>Every problem with the spec itself (the training settings are checked when the runs are planned).</summary>
    public IReadOnlyList<string> Validate()
    {
        var e = new List<string>();
        foreach (var key in Fixed.Keys.Concat(Grid.Keys).Where(EvaluationKeys.Contains))
            e.Add($"{key} is an evaluation setting of the study (p_eval, eval_mode, eval_draws), not a training setting");
        if (Seeds < 1) e.Add($"seeds = {Seeds} must be ≥ 1");
        if (PEval.Length == 0) e.Add("p_eval must list at least one rate");
        foreach (var p in PEval.Where(p => p is < 0 or >= 1)) e.Add($"p_eval = {p} is outside [0, 1)");
        if (PEval.Distinct().Count() != PEval.Length) e.Add("p_eval lists a rate twice");
        if (EvalDraws < 1) e.Add($"eval_draws = {EvalDraws} must be ≥ 1");
        if (RefineStep is < 0 or >= 0.5 || !double.IsFinite(RefineStep)) e.Add($"refine_step = {RefineStep} must lie in [0, 0.5) (0: no refinement)");
        try { EvalModes.Parse(EvalMode); } catch (UsageException x) { e.Add($"eval_mode: {x.Message}"); }
        if (Bootstrap < 0) e.Add($"bootstrap = {Bootstrap} must be ≥ 0");
        e.AddRange(Rules.Validate());
        return e;
    }

    static string Text(JsonNode? value) => value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";

    /// <summary>The spec of a preset; a usage error for an unknown name.</summary>
    public static PhasesSpec ForPreset(string name) => name switch
    {
        // 2 sizes × 2 p_train × 2 seeds of a 784-64-64-10 net, 300 steps each: seconds. The cell p_train 0.4, p_eval 0.7
        // is dementia (L rises by 0.14, 4.8 combined standard errors, from N = 256 to 4096; the quick preset's wider
        // nets show the same); the end-to-end test checks that the study finds it.
        "tiny" => new PhasesSpec
        {
            Preset = "tiny",
            Fixed = Common(("width", 64), ("depth", 2), ("min_steps", 300), ("validation_size", 0)),
            Grid = { ["p_train"] = [0.0, 0.4], ["train_size"] = [256, 4096] },
            Seeds = 2,
            PEval = [0.0, 0.7],
            Bootstrap = 20,
        },
        // ~85 runs of 784-128-128-10: about 3 minutes on two idle cores; all three phases appear.
        "quick" => new PhasesSpec
        {
            Preset = "quick",
            Fixed = Common(("width", 128), ("depth", 2), ("min_steps", 600)),
            Grid = { ["p_train"] = [0.0, 0.2, 0.4, 0.6], ["train_size"] = [64, 128, 256, 512, 1024, 2048, 4096] },
            Seeds = 3,
            PEval = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
        },
        // Two widths x two depths (the robustness check), a finer p grid, more seeds: about an hour.
        "standard" => new PhasesSpec
        {
            Preset = "standard",
            Fixed = Common(("min_steps", 1000), ("epochs", TrainedEpochsFloor)),
            Grid =
            {
                ["width"] = [64, 256], ["depth"] = [1, 3], ["p_train"] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
                ["train_size"] = [64, 128, 256, 512, 1024, 2048, 4096, 7000],
            },
            Seeds = 4,
            PEval = Fine,
        },
        // Full MNIST, N from 2^6 to 60000 (no validation split: the step budget needs none), four widths and depths,
        // many seeds: ~20k runs, meant for `eumentia sweep slurm`.
        "paper" => new PhasesSpec
        {
            Preset = "paper",
            Fixed = Common(("data", "mnist"), ("validation_size", 0), ("min_steps", 3000), ("epochs", TrainedEpochsFloor)),
            Grid =
            {
                ["width"] = [64, 128, 256, 512], ["depth"] = [1, 2, 3, 4],
                ["p_train"] = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
                ["train_size"] = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 60000],
            },
            Seeds = 8,
            PEval = Fine,
        },
        _ => throw new UsageException($"unknown preset '{name}' (expected {string.Join(", ", PresetNames)})"),
    };

    /// <summary>
    /// The standard and paper presets' floor on passes over the data (20 epochs: 18,760 steps at N = 60,000, batch 64;
    /// 2,200 at N = 7,000, near the 2,400 that moved the boundary in issue 23's check; small N keep min_steps).
    /// </summary>
    public const int TrainedEpochsFloor = 20;

    static double[] Fine => [.. Enumerable.Range(0, 20).Select(i => i / 20.0)];

    static Dictionary<string, JsonNode?> Common(params (string Key, JsonNode Value)[] overrides)
    {
        var fixedValues = new Dictionary<string, JsonNode?>
        {
            ["data"] = "mnist-10k", ["activation"] = "relu", ["init"] = "he", ["optimizer"] = "sgd", ["learning_rate"] = 0.05,
            ["momentum"] = 0.9, ["batch_size"] = 64, ["epochs"] = 1,
        };
        foreach (var (key, value) in overrides) fixedValues[key] = value;
        return fixedValues;
    }
}
