using Eumentia.Data.Synthetic;
using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// Every knob of the lottery-ticket study: the data sets, the network and its training, iterative magnitude
/// pruning (IMP) with rewinding, the baselines and the measurements. Recorded in the study's study.json; every level
/// and baseline is a keyed run of its own knobs, so a study resumed or grown with another spec reuses what it shares.
/// </summary>
public sealed record LotterySpec
{
    /// <summary>Data sets: nlgp, gp (its Gaussian control), or a DataSources name (mnist-10k, mnist, fashion-mnist).</summary>
    public string[] Data { get; init; } = ["nlgp", "gp"];
    /// <summary>Independent repetitions: seeds Seed .. Seed+Seeds−1. A seed sets the initialisation, the data order and the data draw.</summary>
    public int Seeds { get; init; } = 4;
    /// <summary>The first seed (a sweep gives each of its runs one seed with seeds = 1).</summary>
    public ulong Seed { get; init; } = 0;

    // The NLGP inputs (nlgp and gp).
    public int Dimension { get; init; } = 1;
    public int Side { get; init; } = 64;
    public double Gain { get; init; } = 10;
    /// <summary>A gain scan: the study at each of these gains (at least two; empty = the one <see cref="Gain"/>), then the NLGP − control gaps against g.</summary>
    public double[] Gains { get; init; } = [];
    public double Xi0 { get; init; } = 1;
    public double Xi1 { get; init; } = 3;
    /// <summary>matched (the NLGP's output covariance, default) or latent (the covariance of z).</summary>
    public string ControlCovariance { get; init; } = "matched";

    /// <summary>Training examples (NLGP draws, or the size of the class-stratified subset of a real data set; 0 = whole pool).</summary>
    public int TrainSize { get; init; } = 4000;
    public int ValidationSize { get; init; } = 0;
    /// <summary>Test examples drawn for the NLGP (real data sets use their own test split).</summary>
    public int TestSize { get; init; } = 2000;

    public int Width { get; init; } = 64;
    public int Depth { get; init; } = 1;
    public string Activation { get; init; } = "relu";
    /// <summary>pytorch (default): PyTorch's nn.Linear initialisation, U(±1/√fan_in) for weights and biases, as in the
    /// PyTorch code of the IMP literature. sigma (W ~ N(0, σ_w²/fan_in)) with a small σ_w (0.05) is the rich-regime
    /// option; he (2.4× the pytorch scale) leaves the first layer near its random start within the quick budget.</summary>
    public string Init { get; init; } = "pytorch";
    /// <summary>σ_w for init = sigma.</summary>
    public double SigmaW { get; init; } = 0.05;
    public double SigmaB { get; init; } = 0;

    public string Optimizer { get; init; } = "sgd";
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 0;
    public int BatchSize { get; init; } = 64;
    public int Epochs { get; init; } = 20;

    /// <summary>Fraction of the remaining prunable weights removed at each IMP level.</summary>
    public double PruneFraction { get; init; } = 0.2;
    /// <summary>IMP stops at the first level whose sparsity (pruned share of the prunable weights) reaches this.</summary>
    public double TargetSparsity { get; init; } = 0.9;
    /// <summary>Rewinding point k: survivors restart from their values after k optimizer steps of the dense run (0 = initialisation).</summary>
    public long RewindStep { get; init; } = 0;
    /// <summary>layer (each pruned layer loses the same fraction) or global (one magnitude ranking over all pruned layers).</summary>
    public string Scope { get; init; } = "layer";
    /// <summary>Indices of the pruned layers (0 = input → first hidden); empty = every layer but the output layer.</summary>
    public int[] PrunedLayers { get; init; } = [];
    /// <summary>Baselines at matched sparsity: oneshot, random, shuffled (IMP's per-unit survivor counts at random sites), reinit.</summary>
    public string[] Baselines { get; init; } = ["oneshot", "random", "shuffled", "reinit"];
    /// <summary>Baselines run at every BaselineEvery-th IMP level and at the last one.</summary>
    public int BaselineEvery { get; init; } = 4;

    /// <summary>Training examples over which pre-activation statistics and cavity effects are measured.</summary>
    public int ProbeSize { get; init; } = 2000;
    /// <summary>Hidden units drawn per receptive-field map.</summary>
    public int RfUnits { get; init; } = 8;
    /// <summary>Radius (in grid sites) of the window around each unit's largest weight whose share of w² the window excess measures (see <see cref="Locality"/>).</summary>
    public double WindowRadius { get; init; } = 2;
    /// <summary>Weights per level kept in cavity.csv for the scatter plots (the summary statistics use all).</summary>
    public int CavitySample { get; init; } = 1500;

    public static readonly string[] BaselineNames = ["oneshot", "random", "shuffled", "reinit"];

    public bool IsSynthetic(string data) => data is "nlgp" or "gp";

    /// <summary>The gains the study runs: <see cref="Gains"/>, or the one <see cref="Gain"/>.</summary>
    public double[] GainList() => Gains.Length > 0 ? [.. Gains.Order()] : [Gain];

    public NlgpSpec Nlgp(string data) => new()
    {
        Kind = data == "gp" ? NlgpKind.Gaussian : NlgpKind.Nlgp,
        Dimension = Dimension, Side = Side, Gain = Gain, Xi0 = Xi0, Xi1 = Xi1,
        ControlCovariance = ControlCovariance switch
        {
            "matched" => GaussianCovariance.Matched,
            "latent" => GaussianCovariance.Latent,
            _ => throw new UsageException($"control_covariance = '{ControlCovariance}' (expected matched or latent)"),
        },
    };

    public TrainSettings Settings(ulong seed, long startStep) => new(LossKind.CrossEntropy, Training.Optimizer.Parse(Optimizer), LearningRate, Momentum,
        WeightDecay, BatchSize, Epochs, 0, 0, 0, seed, startStep);

    /// <summary>Every problem with the values, each naming its key; empty when the spec is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }
        Check(Data.Length > 0, "data must name at least one data set");
        Check(Data.Distinct().Count() == Data.Length, "data lists a data set twice");
        foreach (var d in Data) Check(d.Length > 0 && d.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'), $"data: '{d}' is not a data-set name");
        Check(Seeds >= 1, $"seeds = {Seeds} must be ≥ 1");
        if (Gains.Length > 0)
        {
            Check(Gains.Length >= 2 && Gains.Distinct().Count() == Gains.Length, $"gains: a gain scan needs at least two distinct gains (got {string.Join(",", Gains)})");
            Check(Gains.All(g => g > 0 && double.IsFinite(g)), $"gains: every gain must be positive (got {string.Join(",", Gains)})");
            Check(Data.Contains("nlgp") && Data.Contains("gp"), "gains: a gain scan compares the NLGP with its control: data must include nlgp and gp");
        }
        Check(TrainSize >= 0 && ValidationSize >= 0, $"train_size = {TrainSize}, validation_size = {ValidationSize} must be ≥ 0");
        Check(TestSize >= 1, $"test_size = {TestSize} must be ≥ 1");
        Check(Width >= 1 && Depth >= 1, $"width = {Width}, depth = {Depth} must be ≥ 1 (receptive fields need a hidden layer)");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"learning_rate = {LearningRate} must be positive");
        Check(Momentum is >= 0 and < 1, $"momentum = {Momentum} is outside [0, 1)");
        Check(WeightDecay >= 0, $"weight_decay = {WeightDecay} must be ≥ 0");
        Check(BatchSize >= 1 && Epochs >= 1, $"batch_size = {BatchSize}, epochs = {Epochs} must be ≥ 1");
        Check(PruneFraction is > 0 and < 1, $"prune_fraction = {PruneFraction} is outside (0, 1)");
        Check(TargetSparsity is > 0 and < 1, $"target_sparsity = {TargetSparsity} is outside (0, 1)");
        Check(RewindStep >= 0, $"rewind_step = {RewindStep} must be ≥ 0");
        Check(BaselineEvery >= 1, $"baseline_every = {BaselineEvery} must be ≥ 1");
        Check(ProbeSize >= 2, $"probe_size = {ProbeSize} must be ≥ 2");
        Check(WindowRadius >= 1 && double.IsFinite(WindowRadius), $"window_radius = {WindowRadius} must be ≥ 1 (a window of one site measures nothing)");
        Check(RfUnits >= 1 && CavitySample >= 0, $"rf_units = {RfUnits} must be ≥ 1, cavity_sample = {CavitySample} ≥ 0");
        foreach (var b in Baselines) Check(BaselineNames.Contains(b), $"baselines: unknown '{b}' (expected {string.Join(", ", BaselineNames)})");
        foreach (var l in PrunedLayers) Check(l >= 0 && l <= Depth, $"pruned_layers: layer {l} does not exist (layers 0..{Depth}, {Depth} is the output)");
        foreach (var (name, parse) in new (string, Action)[]
        {
            ("activation", () => ActivationKernels.Parse(Activation)),
            ("init", () => Initialization.Parse(Init)),
            ("optimizer", () => Training.Optimizer.Parse(Optimizer)),
            ("scope", () => Pruning.ParseScope(Scope)),
        })
        {
            try { parse(); } catch (UsageException e) { errors.Add($"{name}: {e.Message}"); }
        }
        if (Data.Any(IsSynthetic))
        {
            Check(Dimension is 1 or 2, $"dimension = {Dimension} must be 1 or 2");
            Check(Side is >= 2 and <= 1024, $"side = {Side} must be between 2 and 1024");
            Check(Gain > 0 && double.IsFinite(Gain), $"gain = {Gain} must be positive");
            Check(Xi0 > 0 && Xi1 > 0, $"xi0 = {Xi0}, xi1 = {Xi1} must be positive");
            Check(ControlCovariance is "matched" or "latent", $"control_covariance = '{ControlCovariance}' (expected matched or latent)");
            // The correlation lengths must fit the torus (a periodic kernel that is not positive semi-definite is refused).
            if (errors.Count == 0)
                try { _ = new NlgpGenerator(Nlgp("nlgp")); } catch (UsageException e) { errors.Add($"xi0, xi1: {e.Message}"); }
        }
        return errors;
    }

    /// <summary>The layers IMP prunes: the named ones, or every layer but the output.</summary>
    public int[] PrunedLayerIndices() => PrunedLayers.Length > 0 ? PrunedLayers.Distinct().Order().ToArray() : Enumerable.Range(0, Depth).ToArray();
}
