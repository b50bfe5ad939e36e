namespace Eumentia.Studies.Phases;

/// <summary>
/// The training grids of the phases study, as sweep specs of kind train. Every value can be overridden with
/// --set / --grid. Protocol (a knob like every other): a fixed budget of optimizer steps for every N
/// (min_steps, rounded up to whole epochs; epochs: 1), so that curves L(N) compare equal training effort and a
/// rise with N cannot come from the large-N nets merely being trained longer; early stopping on the
/// validation split is available with patience &gt; 0. The eval mode is mc-noscale: with 1/(1−p) rescaling
/// (mc) heavy eval dropout makes confident wrong predictions and L ≫ ln 10 decaying in N, which hides both
/// the forgetting and the never-learned phases; without rescaling the pruned net's outputs shrink towards
/// chance, as removing neurons does (DESIGN.md leaves the choice open; prune and mc are one --set away).
/// </summary>
public static class PhasesPresets
{
    public static IReadOnlyList<string> Names { get; } = ["quick", "standard", "paper"];

    const string Common = """
        kind: train
        fixed:
          data: mnist-10k
          activation: relu
          init: he
          optimizer: sgd
          learning_rate: 0.05
          momentum: 0.9
          batch_size: 64
          epochs: 1
          eval_mode: mc-noscale
          eval_draws: 4
        """;

    /// <summary>The YAML spec of a preset.</summary>
    public static string Spec(string preset) => preset switch
    {
        // ~85 runs of 784-128-128-10: about 3 minutes on two idle cores; all three phases appear.
        "quick" => Common + """

              width: 128
              depth: 2
              min_steps: 600
              p_eval: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
            grid:
              p_train: [0.0, 0.2, 0.4, 0.6]
              train_size: [64, 128, 256, 512, 1024, 2048, 4096]
            seeds: 3
            """,
        // Two widths x two depths (the robustness check), a finer p grid, more seeds: about an hour.
        "standard" => Common + """

              min_steps: 1000
              p_eval: [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
            grid:
              width: [64, 256]
              depth: [1, 3]
              p_train: [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
              train_size: [64, 128, 256, 512, 1024, 2048, 4096, 7000]
            seeds: 4
            """,
        // Full MNIST, N from 2^6 to 60000 (no validation split: the step budget needs none), four widths and
        // depths, many seeds: ~20k runs, meant for `eumentia sweep slurm`.
        "paper" => Common.Replace("data: mnist-10k", "data: mnist") + """

              validation_size: 0
              min_steps: 3000
              p_eval: [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
            grid:
              width: [64, 128, 256, 512]
              depth: [1, 2, 3, 4]
              p_train: [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]
              train_size: [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 60000]
            seeds: 8
            """,
        _ => throw new UsageException($"unknown preset '{preset}' (expected {string.Join(", ", Names)})"),
    };
}
