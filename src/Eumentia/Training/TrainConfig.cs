using Eumentia.Data;
using Eumentia.IO;

namespace Eumentia.Training;

/// <summary>
/// Everything that defines one training run. Its canonical form (snake_case keys, defaults omitted) is the
/// run's identity, so a field added later must default to what the code did before it existed.
/// </summary>
public sealed record TrainConfig : Sweeps.Spec.IContentAddressed
{
    /// <summary>Data source: mnist-10k (shipped), mnist, fashion-mnist, or the user's own idx:DIR, npz:FILE, npy:DIR, csv:FILE.</summary>
    public string Data { get; init; } = "mnist-10k";
    /// <summary>
    /// SHA-256 of a user's data files (empty for the built-in sets): the run key holds it instead of the path,
    /// and a run refuses data whose hash no longer matches.
    /// </summary>
    public string DataSha256 { get; init; } = "";
    /// <summary>Training-set size N (a nested, class-stratified subset); 0 = the whole training pool.</summary>
    public int TrainSize { get; init; } = 0;
    /// <summary>Examples held out of the pool for validation (early stopping and per-epoch metrics).</summary>
    public int ValidationSize { get; init; } = 1000;
    /// <summary>Seed of the subset ordering; fixed across network seeds so seeds differ only in the network.</summary>
    public ulong DataSeed { get; init; } = 0;

    public int Width { get; init; } = 256;
    public int Depth { get; init; } = 2;
    public string Activation { get; init; } = "relu";
    /// <summary>sigma (N(0, σ_w²/fan_in), N(0, σ_b²)), he or glorot.</summary>
    public string Init { get; init; } = "he";
    /// <summary>
    /// A weights file (safetensors, Eumentia's or torch's names) to start from instead of a random
    /// initialisation; empty for none. Its shapes must match the network. The key holds its hash, not its path.
    /// </summary>
    public string InitFrom { get; init; } = "";
    /// <summary>SHA-256 of <see cref="InitFrom"/>'s bytes, filled in when the run is planned.</summary>
    public string InitSha256 { get; init; } = "";
    public double SigmaW { get; init; } = 1.0;
    public double SigmaB { get; init; } = 0.0;

    /// <summary>Inverted-dropout rate on hidden units during training.</summary>
    public double PTrain { get; init; } = 0.0;
    /// <summary>Dropout rates at which the trained network is evaluated.</summary>
    public double[] PEval { get; init; } = [0.0];
    /// <summary>mc, mc-noscale or prune.</summary>
    public string EvalMode { get; init; } = "mc";
    /// <summary>Mask draws K averaged per p_eval &gt; 0.</summary>
    public int EvalDraws { get; init; } = 4;

    public string Loss { get; init; } = "cross-entropy";
    public string Optimizer { get; init; } = "sgd";
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 0.0;
    /// <summary>constant, or cosine (decays the learning rate to zero over the planned steps).</summary>
    public string LrSchedule { get; init; } = "constant";
    public int BatchSize { get; init; } = 64;
    public int Epochs { get; init; } = 20;
    /// <summary>Lower bound on optimizer steps: small training sets get more epochs so every N sees enough updates.</summary>
    public int MinSteps { get; init; } = 0;

    /// <summary>
    /// The epochs a training runs: the larger of <paramref name="epochs"/> and the whole epochs
    /// <paramref name="minSteps"/> needs, so the step budget is max(min_steps, epochs · steps per epoch): epochs is a
    /// floor that scales the budget with N where min_steps alone would undertrain the largest training sets.
    /// </summary>
    public static int PlannedEpochs(int epochs, int minSteps, int stepsPerEpoch) => Math.Max(epochs, (minSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    /// <summary>Early stopping: stop after this many epochs without a better validation loss (0 = off); the best epoch's weights are kept.</summary>
    public int Patience { get; init; } = 0;
    /// <summary>
    /// Validation loss and accuracy after every epoch (metrics.csv) even without early stopping. Off, and with
    /// patience 0, only the last epoch is validated (the other epochs' validation cells are NaN): result.json's
    /// validation_loss, the weights and every test number are the same either way.
    /// </summary>
    public bool ValidationCurve { get; init; } = false;
    public ulong Seed { get; init; } = 0;
    /// <summary>
    /// A run has diverged when a minibatch's training loss exceeds this many times the larger of its untrained
    /// loss (the first minibatch's) and 1, or stops being finite; it then ends failed ("diverged") instead of done,
    /// so its numbers never reach a table or a fit.
    /// </summary>
    public double DivergenceFactor { get; init; } = Trainer.DefaultDivergenceFactor;
    /// <summary>final: write weights.safetensors at the end; none: skip it (sweeps whose studies need only the numbers).</summary>
    public string SaveWeights { get; init; } = "final";

    /// <summary>A user's data source with its absolute path and content hash (reads the files); a built-in set unchanged.</summary>
    public object Pinned()
    {
        var pinned = this;
        if (DataSources.IsUserSource(Data))
        {
            var (data, sha) = DataSources.Pin(Data);
            if (DataSha256.Length > 0 && DataSha256 != sha)
                throw new EumentiaException($"data {data} now has SHA-256 {sha}, but the config says {DataSha256}: the file changed");
            pinned = pinned with { Data = data, DataSha256 = sha };
        }
        if (InitFrom.Length > 0)
        {
            string path = Path.GetFullPath(InitFrom);
            if (!File.Exists(path)) throw new UsageException($"init_from: weights file {path} not found");
            string sha = FileHash.Sha256(path);
            if (InitSha256.Length > 0 && InitSha256 != sha)
                throw new EumentiaException($"init_from {path} now has SHA-256 {sha}, but the config says {InitSha256}: the file changed");
            pinned = pinned with { InitFrom = path, InitSha256 = sha };
        }
        return pinned;
    }

    /// <summary>
    /// The inputs by content: a user's data source as its kind ("csv") and hash, the initial weights as their
    /// hash, so the key does not depend on where the files lie.
    /// </summary>
    public object KeyView()
    {
        bool userData = DataSources.IsUserSource(Data);
        if (!userData && InitFrom.Length == 0) return this;
        var pinned = (userData && DataSha256.Length == 0) || (InitFrom.Length > 0 && InitSha256.Length == 0) ? (TrainConfig)Pinned() : this;
        return pinned with { Data = DataSources.Scheme(Data) ?? Data, InitFrom = "" };
    }

    /// <summary>Every problem with the values, each naming its key; empty when the config is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }
        Check(TrainSize >= 0, $"train_size = {TrainSize} must be ≥ 0 (0 = whole pool)");
        Check(ValidationSize >= 0, $"validation_size = {ValidationSize} must be ≥ 0");
        Check(Width >= 1, $"width = {Width} must be ≥ 1");
        Check(Depth >= 0, $"depth = {Depth} must be ≥ 0");
        Check(PTrain is >= 0 and < 1, $"p_train = {PTrain} is outside [0, 1)");
        Check(PEval.Length > 0, "p_eval must list at least one rate");
        foreach (var p in PEval) Check(p is >= 0 and < 1, $"p_eval = {p} is outside [0, 1)");
        Check(EvalDraws >= 1, $"eval_draws = {EvalDraws} must be ≥ 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"learning_rate = {LearningRate} must be positive");
        Check(Momentum is >= 0 and < 1, $"momentum = {Momentum} is outside [0, 1)");
        Check(WeightDecay >= 0, $"weight_decay = {WeightDecay} must be ≥ 0");
        Check(BatchSize >= 1, $"batch_size = {BatchSize} must be ≥ 1");
        Check(Epochs >= 1, $"epochs = {Epochs} must be ≥ 1");
        Check(MinSteps >= 0, $"min_steps = {MinSteps} must be ≥ 0");
        Check(Patience >= 0, $"patience = {Patience} must be ≥ 0");
        Check(DivergenceFactor > 1, $"divergence_factor = {DivergenceFactor} must exceed 1");
        Check(SaveWeights is "final" or "none", $"save_weights = '{SaveWeights}' must be final or none");
        Check(SigmaW >= 0 && SigmaB >= 0, $"sigma_w = {SigmaW}, sigma_b = {SigmaB} must be ≥ 0");
        foreach (var (name, parse) in new (string, Action)[]
        {
            ("data", () => DataSources.CheckName(Data)),
            ("data_sha256", () => { if (DataSha256.Length > 0 && !DataSources.IsUserSource(Data)) throw new UsageException("applies only to a user's data source (csv:FILE, npz:FILE, npy:DIR, idx:DIR)"); }),
            ("init_sha256", () => { if (InitSha256.Length > 0 && InitFrom.Length == 0) throw new UsageException("is set but init_from is empty"); }),
            ("activation", () => Nets.ActivationKernels.Parse(Activation)),
            ("init", () => Nets.Initialization.Parse(Init)),
            ("eval_mode", () => EvalModes.Parse(EvalMode)),
            ("loss", () => Losses.Parse(Loss)),
            ("optimizer", () => Training.Optimizer.Parse(Optimizer)),
            ("lr_schedule", () => LearningRateSchedules.Parse(LrSchedule)),
        })
        {
            try { parse(); } catch (UsageException e) { errors.Add($"{name}: {e.Message}"); }
        }
        return errors;
    }
}
