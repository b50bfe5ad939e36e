namespace Eumentia.Studies.Subset;

/// <summary>
/// One training of the subset study's MNIST case as a keyed run (kind "subset-mnist"): network replica
/// <see cref="Replica"/> of root seed <see cref="Seed"/> with <see cref="Budget"/> learnable weights placed by
/// <see cref="Allocation"/> (empty at budget 0, where no weight learns and the allocation does not matter).
/// </summary>
public sealed record MnistJobConfig
{
    public string Data { get; init; } = "mnist-10k";
    public int[] Hidden { get; init; } = [32];
    public string Allocation { get; init; } = "";
    public int Budget { get; init; }
    /// <summary>The study's root seed: it draws the training subset, and seed + replica the network.</summary>
    public ulong Seed { get; init; } = 1;
    public int Replica { get; init; }
    public int Epochs { get; init; } = 4;
    public int TrainSize { get; init; }
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 3e-3;
}
