namespace Eumentia.Studies.Lottery;

/// <summary>
/// Named starting points for `eumentia lottery`. tiny: a 16-site ring, 8 hidden units, two epochs, three IMP levels and
/// two baselines on two seeds: seconds, for tests and a first look. quick: a 1-D NLGP ring of 64 sites and its Gaussian control,
/// six seeds, the PyTorch initialisation, finishes in a few minutes on two cores; standard: a 2-D 16×16 torus plus Fashion-MNIST, more seeds
/// and levels; paper: the 28×28 scale of the IMP receptive-field literature, for a cluster or a long night.
/// </summary>
public static class LotteryPresets
{
    public static readonly string[] Names = ["tiny", "quick", "standard", "paper"];

    public static LotterySpec Get(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => new LotterySpec
        {
            Seeds = 2, Side = 16, Xi1 = 2.5, TrainSize = 400, TestSize = 100, Width = 8, Epochs = 2, PruneFraction = 0.3, TargetSparsity = 0.6,
            Baselines = ["oneshot", "random"], BaselineEvery = 2, ProbeSize = 400, RfUnits = 4, CavitySample = 200,
        },
        "quick" => new LotterySpec { Seeds = 6 },
        "standard" => new LotterySpec
        {
            Data = ["nlgp", "gp", "fashion-mnist"], Seeds = 5, Dimension = 2, Side = 16, Gain = 10, Xi0 = 1, Xi1 = 2.5,
            TrainSize = 10000, TestSize = 4000, Width = 128, Epochs = 20, TargetSparsity = 0.95, BaselineEvery = 3,
        },
        "paper" => new LotterySpec
        {
            Data = ["nlgp", "gp", "mnist", "fashion-mnist"], Seeds = 10, Dimension = 2, Side = 28, Gain = 10, Xi0 = 1.5, Xi1 = 3,
            TrainSize = 30000, TestSize = 10000, Width = 256, Epochs = 30, TargetSparsity = 0.99, BaselineEvery = 4, ProbeSize = 5000,
        },
        _ => throw new UsageException($"unknown preset '{name}' (expected {string.Join(", ", Names)})"),
    };
}
