using System.Diagnostics;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// The networks of one data set and seed of the lottery study: the IMP trajectory and its baselines, each level and
/// each baseline trained and measured in a run directory of its own.
///
/// IMP: level 0 trains the dense network and keeps its weights after k steps (rewind.safetensors). Level ℓ ≥ 1 prunes
/// the smallest-magnitude fraction p of the weights that survived level ℓ−1 (in the pruned layers, layer-wise or
/// globally), resets the survivors to their step-k values, and retrains for the rest of the schedule (steps k..T, the
/// same data order as the dense run; the optimizer state starts fresh). Baselines at the sparsity of IMP level ℓ:
/// oneshot (prune the dense level-0 network straight to that sparsity, rewind, retrain), random (a uniformly random
/// mask with the same per-layer counts, rewind, retrain), shuffled (IMP's mask with each unit's survivors moved to random
/// sites: the same number per unit, emptied units stay empty; rewind, retrain) and reinit (IMP's mask on a freshly drawn
/// initialisation).
///
/// A run directory holds weights.safetensors (weights and masks), units.csv (per hidden unit), cavity.csv (IMP: a
/// sample of weights with their cavity effect), measurements.json, and for level 0 rewind.safetensors.
/// </summary>
public sealed class LotteryRun
{
    public const string Imp = "imp";
    public const string WeightsFile = "weights.safetensors", MeasurementsFile = "measurements.json", RewindFile = "rewind.safetensors";

    readonly LotterySpec spec;
    readonly LotteryData data;
    readonly ulong seed;
    readonly int[] pruned;
    readonly int[] sizes;
    readonly Activation activation;
    readonly PruneScope scope;
    readonly Action<string> log;
    readonly CancellationToken cancel;

    /// <param name="chain">The knobs of the trajectory (its level is ignored).</param>
    public LotteryRun(LotteryLevelConfig chain, LotteryData data, Action<string>? log = null, CancellationToken cancel = default)
    {
        spec = chain.Spec();
        var errors = spec.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        this.data = data;
        seed = chain.Seed;
        this.log = log ?? (_ => { });
        this.cancel = cancel;
        pruned = spec.PrunedLayerIndices();
        sizes = Sizes(spec, data.Sets.Train.Features, data.Sets.Train.Classes);
        activation = ActivationKernels.Parse(spec.Activation);
        scope = Pruning.ParseScope(spec.Scope);
        long total = TotalSteps();
        if (spec.RewindStep > total) throw new UsageException($"rewind_step = {spec.RewindStep} exceeds the {total} steps of a training run");
    }

    /// <summary>The layer widths: the inputs, the hidden layers, the classes.</summary>
    public static int[] Sizes(LotterySpec spec, int features, int classes) =>
        new[] { features }.Concat(Enumerable.Repeat(spec.Width, spec.Depth)).Append(classes).ToArray();

    /// <summary>The number of IMP levels after the dense one: until the sparsity of the pruned layers reaches the target.</summary>
    public static int LevelCount(LotterySpec spec, int features, int classes) =>
        LevelCount(Sizes(spec, features, classes), spec.PrunedLayerIndices(), spec.PruneFraction, spec.TargetSparsity, Pruning.ParseScope(spec.Scope));

    /// <summary>The levels at which the baselines run: every BaselineEvery-th and the last.</summary>
    public static IEnumerable<int> BaselineLevels(int levels, int every) => Enumerable.Range(1, levels).Where(l => l % every == 0 || l == levels);

    public static int LevelCount(IReadOnlyList<int> sizes, IReadOnlyList<int> pruned, double fraction, double target, PruneScope scope)
    {
        var remaining = pruned.Select(l => (long)sizes[l] * sizes[l + 1]).ToArray();
        long total = remaining.Sum();
        int levels = 0;
        while (1 - (double)remaining.Sum() / total < target - 1e-12)
        {
            if (scope == PruneScope.LayerWise) for (int i = 0; i < remaining.Length; i++) remaining[i] = Pruning.Survivors(remaining[i], fraction);
            else remaining = [Pruning.Survivors(remaining.Sum(), fraction)];
            if (++levels > 10_000) throw new UsageException($"target sparsity {target} is not reached by pruning {fraction} per level");
        }
        return levels;
    }

    /// <summary>IMP level 0 into <paramref name="dir"/>: the dense network, and its rewind point.</summary>
    public LevelMeasurement Dense(string dir)
    {
        Directory.CreateDirectory(dir);
        var net = NewNet(seed);
        string rewind = Path.Combine(dir, RewindFile);
        if (spec.RewindStep == 0) MlpWeights.Save(net, rewind);
        return TrainAndMeasure(Imp, 0, net, 0, dir, step => { if (step == spec.RewindStep) MlpWeights.Save(net, rewind); });
    }

    /// <summary>IMP level <paramref name="level"/> ≥ 1 into <paramref name="dir"/>, from level ℓ − 1's trained network and level 0's rewind point.</summary>
    public LevelMeasurement Prune(int level, string previousDir, string denseDir, string dir)
    {
        var previous = LoadTrained(previousDir);
        var masks = Pruning.PruneByMagnitude(previous, pruned, spec.PruneFraction, scope);
        return TrainAndMeasure(Imp, level, FromRewind(denseDir, masks), spec.RewindStep, dir);
    }

    /// <summary>Baseline <paramref name="method"/> at the sparsity of the IMP level in <paramref name="impDir"/>, into <paramref name="dir"/>.</summary>
    public LevelMeasurement Baseline(string method, int level, string impDir, string denseDir, string dir)
    {
        var ticket = Pruning.CurrentMasks(LoadTrained(impDir), pruned);
        var counts = Pruning.Counts(ticket);
        var keep = pruned.ToDictionary(l => l, l => counts[l]);
        switch (method)
        {
            case "oneshot":
                var dense = LoadTrained(denseDir);
                var none = new float[]?[dense.Layers.Count];
                var masks = scope == PruneScope.LayerWise
                    ? Pruning.KeepLargest(dense, none, keep)
                    : Pruning.KeepLargestGlobally(dense, none, pruned, counts.Sum());
                return TrainAndMeasure(method, level, FromRewind(denseDir, masks), spec.RewindStep, dir);
            case "random":
                return TrainAndMeasure(method, level, FromRewind(denseDir, Pruning.Random(NewNet(seed), keep, seed, level)), spec.RewindStep, dir);
            case "shuffled":
                return TrainAndMeasure(method, level, FromRewind(denseDir, Pruning.ShuffleWithinUnits(NewNet(seed), ticket, seed, level)), spec.RewindStep, dir);
            case "reinit":
                // The ticket's mask on weights the network never had: a fresh draw from the same distribution.
                var (a, b, _, _) = Philox.Block(seed, RngStream.Of(RngStream.Reinit, level), 0);
                var net = NewNet(((ulong)a << 32) | b);
                Pruning.Apply(net, ticket);
                return TrainAndMeasure(method, level, net, spec.RewindStep, dir);
            default:
                throw new UsageException($"unknown baseline '{method}'");
        }
    }

    LevelMeasurement TrainAndMeasure(string method, int level, Mlp net, long startStep, string levelDir, Action<long>? onStep = null)
    {
        cancel.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var outcome = Trainer.Train(net, data.Sets.Train, data.Sets.Validation.Count > 0 ? data.Sets.Validation : null,
            spec.Settings(seed, startStep), cancel: cancel, onStep: onStep);
        Directory.CreateDirectory(levelDir);
        MlpWeights.Save(net, Path.Combine(levelDir, WeightsFile), new Dictionary<string, string>
        {
            ["data"] = data.Name, ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture), ["method"] = method, ["level"] = level.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        // The next IMP round's mask is a pure function of these weights, so the cavity prediction is scored now.
        float[]? next = method == Imp && pruned.Contains(0) ? Pruning.PruneByMagnitude(net, pruned, spec.PruneFraction, scope)[0] : null;
        var m = LevelMeasurements.Measure(net, data, spec, levelDir, next, seed) with
        {
            Data = data.Name, Seed = seed, Method = method, Level = level,
            Remaining = pruned.Sum(l => net.Layers[l].WeightMask?.LongCount(v => v != 0) ?? (long)net.Layers[l].Inputs * net.Layers[l].Outputs),
            Prunable = pruned.Sum(l => (long)net.Layers[l].Inputs * net.Layers[l].Outputs),
            Steps = outcome.Steps - startStep, Seconds = clock.Elapsed.TotalSeconds,
        };
        AtomicFile.WriteAllText(Path.Combine(levelDir, MeasurementsFile), JsonSerializer.Serialize(m, JsonDefaults.Options));
        log($"{data.Name} seed {seed} {method} level {level}: density {m.Density:P1}, test accuracy {m.TestAccuracy:P1}, IPR {m.IprMean:F4}, kurtosis {m.KurtosisMean:F3}");
        return m;
    }

    Mlp NewNet(ulong initSeed)
    {
        var net = new Mlp(sizes, activation);
        net.Initialize(Initialization.Parse(spec.Init), spec.SigmaW, spec.SigmaB, initSeed);
        return net;
    }

    /// <summary>The rewind-point weights of the dense run in <paramref name="denseDir"/> with <paramref name="masks"/> installed (pruned weights zeroed).</summary>
    Mlp FromRewind(string denseDir, float[]?[] masks)
    {
        var net = new Mlp(sizes, activation);
        MlpWeights.Load(net, Path.Combine(denseDir, RewindFile));
        Pruning.Apply(net, masks);
        return net;
    }

    Mlp LoadTrained(string dir)
    {
        var net = new Mlp(sizes, activation);
        MlpWeights.Load(net, Path.Combine(dir, WeightsFile));
        return net;
    }

    long TotalSteps()
    {
        int n = data.Sets.Train.Count, batch = Math.Max(1, Math.Min(spec.BatchSize, n));
        return (long)spec.Epochs * ((n + batch - 1) / batch);
    }
}
