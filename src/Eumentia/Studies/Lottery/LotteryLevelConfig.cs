namespace Eumentia.Studies.Lottery;

/// <summary>
/// One IMP level of one (data set, seed) as a keyed run (kind "lottery-imp"): every knob its network, training and
/// measurements depend on, and <see cref="Level"/>. Level 0 trains the dense network (and keeps its rewind point);
/// level ℓ ≥ 1 prunes level ℓ − 1's trained network, whose run is this config at <see cref="Level"/> − 1. How many
/// levels a study runs (its target sparsity) and its baselines are not part of the key: a study that prunes further
/// reuses every level it already has. The NLGP knobs are kept at their defaults for real data sets, which they do
/// not touch. Defaults are <see cref="LotterySpec"/>'s, so a field added there with a default keeps every key.
/// </summary>
public sealed record LotteryLevelConfig
{
    static readonly LotterySpec Defaults = new();

    public string Data { get; init; } = "nlgp";
    public ulong Seed { get; init; } = Defaults.Seed;
    public int Level { get; init; }

    public int Dimension { get; init; } = Defaults.Dimension;
    public int Side { get; init; } = Defaults.Side;
    public double Gain { get; init; } = Defaults.Gain;
    public double Xi0 { get; init; } = Defaults.Xi0;
    public double Xi1 { get; init; } = Defaults.Xi1;
    public string ControlCovariance { get; init; } = Defaults.ControlCovariance;
    public int TrainSize { get; init; } = Defaults.TrainSize;
    public int ValidationSize { get; init; } = Defaults.ValidationSize;
    public int TestSize { get; init; } = Defaults.TestSize;

    public int Width { get; init; } = Defaults.Width;
    public int Depth { get; init; } = Defaults.Depth;
    public string Activation { get; init; } = Defaults.Activation;
    public string Init { get; init; } = Defaults.Init;
    public double SigmaW { get; init; } = Defaults.SigmaW;
    public double SigmaB { get; init; } = Defaults.SigmaB;
    public string Optimizer { get; init; } = Defaults.Optimizer;
    public double LearningRate { get; init; } = Defaults.LearningRate;
    public double Momentum { get; init; } = Defaults.Momentum;
    public double WeightDecay { get; init; } = Defaults.WeightDecay;
    public int BatchSize { get; init; } = Defaults.BatchSize;
    public int Epochs { get; init; } = Defaults.Epochs;

    public double PruneFraction { get; init; } = Defaults.PruneFraction;
    public long RewindStep { get; init; } = Defaults.RewindStep;
    public string Scope { get; init; } = Defaults.Scope;
    public int[] PrunedLayers { get; init; } = Defaults.PrunedLayers;

    public int ProbeSize { get; init; } = Defaults.ProbeSize;
    public int RfUnits { get; init; } = Defaults.RfUnits;
    public int CavitySample { get; init; } = Defaults.CavitySample;
    public double WindowRadius { get; init; } = Defaults.WindowRadius;

    /// <summary>Level <paramref name="level"/> of data set <paramref name="data"/> and seed <paramref name="seed"/> in <paramref name="spec"/>.</summary>
    public static LotteryLevelConfig Of(LotterySpec spec, string data, ulong seed, int level)
    {
        var config = new LotteryLevelConfig
        {
            Data = data, Seed = seed, Level = level,
            Dimension = spec.Dimension, Side = spec.Side, Gain = spec.Gain, Xi0 = spec.Xi0, Xi1 = spec.Xi1, ControlCovariance = spec.ControlCovariance,
            TrainSize = spec.TrainSize, ValidationSize = spec.ValidationSize, TestSize = spec.TestSize,
            Width = spec.Width, Depth = spec.Depth, Activation = spec.Activation, Init = spec.Init, SigmaW = spec.SigmaW, SigmaB = spec.SigmaB,
            Optimizer = spec.Optimizer, LearningRate = spec.LearningRate, Momentum = spec.Momentum, WeightDecay = spec.WeightDecay,
            BatchSize = spec.BatchSize, Epochs = spec.Epochs,
            PruneFraction = spec.PruneFraction, RewindStep = spec.RewindStep, Scope = spec.Scope, PrunedLayers = spec.PrunedLayers,
            ProbeSize = spec.ProbeSize, RfUnits = spec.RfUnits, CavitySample = spec.CavitySample, WindowRadius = spec.WindowRadius,
        };
        return spec.IsSynthetic(data) ? config : config with
        {
            Dimension = Defaults.Dimension, Side = Defaults.Side, Gain = Defaults.Gain, Xi0 = Defaults.Xi0, Xi1 = Defaults.Xi1,
            ControlCovariance = Defaults.ControlCovariance, TestSize = Defaults.TestSize,
        };
    }

    /// <summary>This level's knobs as a one-data-set, one-seed spec (what the network, training and measurements read).</summary>
    public LotterySpec Spec() => new()
    {
        Data = [Data], Seeds = 1, Seed = Seed,
        Dimension = Dimension, Side = Side, Gain = Gain, Xi0 = Xi0, Xi1 = Xi1, ControlCovariance = ControlCovariance,
        TrainSize = TrainSize, ValidationSize = ValidationSize, TestSize = TestSize,
        Width = Width, Depth = Depth, Activation = Activation, Init = Init, SigmaW = SigmaW, SigmaB = SigmaB,
        Optimizer = Optimizer, LearningRate = LearningRate, Momentum = Momentum, WeightDecay = WeightDecay, BatchSize = BatchSize, Epochs = Epochs,
        PruneFraction = PruneFraction, RewindStep = RewindStep, Scope = Scope, PrunedLayers = PrunedLayers,
        ProbeSize = ProbeSize, RfUnits = RfUnits, CavitySample = CavitySample, WindowRadius = WindowRadius, Baselines = [],
    };
}
