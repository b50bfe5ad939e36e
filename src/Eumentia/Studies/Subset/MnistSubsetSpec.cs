using Eumentia.Nets.TeacherStudent;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The MNIST case of the subset study: one fixed random ReLU network per seed (He init, zero biases that stay
/// frozen), of which only m weights learn, placed by each allocation; trained with Adam on the training pool
/// and scored on the test set.
/// </summary>
/// <param name="Data">Data set name (mnist-10k is shipped in the repo).</param>
/// <param name="Hidden">Hidden-layer widths, e.g. [32] for 784-32-10.</param>
/// <param name="Budgets">Numbers of learnable weights m; 0 is the untrained network, and any m beyond the
/// network's weight count is cut to it.</param>
/// <param name="Allocations">How the m weights are placed.</param>
/// <param name="Seeds">Networks (and allocation draws) per point.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="TrainSize">Training examples, 0 = the whole pool.</param>
public sealed record MnistSubsetSpec(
    string Data,
    IReadOnlyList<int> Hidden,
    IReadOnlyList<int> Budgets,
    IReadOnlyList<Allocation> Allocations,
    int Seeds,
    int Epochs,
    int TrainSize = 0,
    int BatchSize = 64,
    double LearningRate = 3e-3,
    string? DataDir = null)
{
    public static MnistSubsetSpec Preset(string name) => name switch
    {
        "quick" => new("mnist-10k", [32], [0, 30, 100, 300, 1000, 3000, 10000, 25408], Parse("concentrated-layer,concentrated-neuron,random,spread-neuron,spread-row"), 2, 4),
        "standard" => new("mnist-10k", [64], [0, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 50816], Allocation.BuiltIn, 3, 8),
        "paper" => new("mnist-10k", [128, 128], [0, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000, 118016], Allocation.BuiltIn, 5, 15),
        _ => throw new UsageException($"preset '{name}': expected one of {string.Join(", ", SubsetSpec.PresetNames)}"),
    };

    static Allocation[] Parse(string names) => [.. names.Split(',').Select(Allocation.Parse)];

    /// <summary>The layer widths: 784 inputs, the hidden widths, 10 classes.</summary>
    public FeedForwardLayout Layout(int inputs, int classes) => new($"mlp:{inputs}-{string.Join('-', Hidden)}-{classes}", [inputs, .. Hidden, classes]);

    public void Validate()
    {
        if (Hidden.Count == 0 || Hidden.Any(h => h < 1)) throw new UsageException($"subset mnist: hidden widths must be positive, got [{string.Join(", ", Hidden)}]");
        if (Budgets.Count == 0 || Budgets.Any(m => m < 0)) throw new UsageException("subset mnist: budgets must be zero or positive");
        if (Allocations.Count == 0) throw new UsageException("subset mnist: no allocations");
        if (Allocations.Any(a => a.Kind == AllocationKind.Mask)) throw new UsageException("subset mnist: masks apply to the teacher–student networks only");
        if (Seeds < 1 || Epochs < 1 || BatchSize < 1 || TrainSize < 0) throw new UsageException("subset mnist: seeds, epochs and batch size must be at least 1, the training size at least 0");
        if (!(LearningRate > 0)) throw new UsageException($"subset mnist: learning rate must be positive, got {LearningRate}");
    }
}
