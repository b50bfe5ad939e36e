namespace Eumentia.Tests.Sweeps;

/// <summary>Sweeps of the real train kind, small enough for tests (about a second per run on mnist-10k).</summary>
public static class TrainSpecs
{
    /// <summary>widths x seeds tiny MLPs on the shipped mnist-10k, each evaluated at two p_eval.</summary>
    public static string Tiny(string widths, int seeds) => $"""
        kind: train
        fixed: {"{"} data: mnist-10k, train_size: 64, validation_size: 100, epochs: 1, p_eval: [0.0, 0.5], eval_draws: 1 {"}"}
        grid: {"{"} width: [{widths}] {"}"}
        seeds: {seeds}
        """;
}
