using Eumentia.Numerics.RandomNumbers;
using System.Diagnostics;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// One data set and seed of the lottery study: the IMP trajectory and its baselines, with measurements at every level.
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
/// Layout: {dir}/rewind.safetensors and {dir}/{method}/level-{ℓ:00}/ holding weights.safetensors (weights and masks),
/// units.csv (per hidden unit), cavity.csv (IMP: a sample of weights with their cavity effect) and, written last,
/// measurements.json. A level with measurements.json is done; rerunning continues with the first level without it.
/// </summary>
public sealed class LotteryRun
{
    public const string Imp = "imp";
    const string WeightsFile = "weights.safetensors", MeasurementsFile = "measurements.json", RewindFile = "rewind.safetensors";

    readonly LotterySpec spec;
    readonly LotteryData data;
    readonly ulong seed;
    readonly string dir;
    readonly int[] pruned;
    readonly int[] sizes;
    readonly Activation activation;
    readonly PruneScope scope;
    readonly Action<string> log;
    readonly CancellationToken cancel;

    public LotteryRun(LotterySpec spec, LotteryData data, ulong seed, string dir, Action<string>? log = null, CancellationToken cancel = default)
    {
        var errors = spec.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        this.spec = spec;
        this.data = data;
        this.seed = seed;
        this.dir = dir;
        this.log = log ?? (_ => { });
        this.cancel = cancel;
        pruned = spec.PrunedLayerIndices();
        sizes = new[] { data.Sets.Train.Features }.Concat(Enumerable.Repeat(spec.Width, spec.Depth)).Append(data.Sets.Train.Classes).ToArray();
        activation = ActivationKernels.Parse(spec.Activation);
        scope = Pruning.ParseScope(spec.Scope);
        long total = TotalSteps();
        if (spec.RewindStep > total) throw new UsageException($"rewind_step = {spec.RewindStep} exceeds the {total} steps of a training run");
    }

    /// <summary>The number of IMP levels after the dense one: until the sparsity of the pruned layers reaches the target.</summary>
    public int Levels => LevelCount(sizes, pruned, spec.PruneFraction, spec.TargetSparsity, scope);

    /// <summary>The levels at which the baselines run: every BaselineEvery-th and the last.</summary>
    public IEnumerable<int> BaselineLevels => Enumerable.Range(1, Levels).Where(l => l % spec.BaselineEvery == 0 || l == Levels);

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

    /// <summary>Runs (or resumes) the IMP trajectory and the baselines; returns every level's measurements.</summary>
    public IReadOnlyList<LevelMeasurement> Execute()
    {
        Directory.CreateDirectory(dir);
        var results = new List<LevelMeasurement>();
        if (!TryRead(Imp, 0, out var dense)) dense = TrainDense();
        results.Add(dense);
        for (int level = 1; level <= Levels; level++)
        {
            if (!TryRead(Imp, level, out var m))
            {
                var previous = LoadTrained(Imp, level - 1);
                var masks = Pruning.PruneByMagnitude(previous, pruned, spec.PruneFraction, scope);
                m = TrainAndMeasure(Imp, level, FromRewind(masks), spec.RewindStep);
            }
            results.Add(m);
        }
        foreach (int level in BaselineLevels)
            foreach (var method in spec.Baselines)
            {
                if (!TryRead(method, level, out var m)) m = RunBaseline(method, level);
                results.Add(m);
            }
        return results;
    }

    LevelMeasurement TrainDense()
    {
        var net = NewNet(seed);
        string rewind = Path.Combine(dir, RewindFile);
        if (spec.RewindStep == 0) MlpWeights.Save(net, rewind);
        return TrainAndMeasure(Imp, 0, net, 0, step => { if (step == spec.RewindStep) MlpWeights.Save(net, rewind); });
    }

    LevelMeasurement RunBaseline(string method, int level)
    {
        var ticket = Pruning.CurrentMasks(LoadTrained(Imp, level), pruned);
        var counts = Pruning.Counts(ticket);
        var keep = pruned.ToDictionary(l => l, l => counts[l]);
        switch (method)
        {
            case "oneshot":
                var dense = LoadTrained(Imp, 0);
                var none = new float[]?[dense.Layers.Count];
                var masks = scope == PruneScope.LayerWise
                    ? Pruning.KeepLargest(dense, none, keep)
                    : Pruning.KeepLargestGlobally(dense, none, pruned, counts.Sum());
                return TrainAndMeasure(method, level, FromRewind(masks), spec.RewindStep);
            case "random":
                return TrainAndMeasure(method, level, FromRewind(Pruning.Random(NewNet(seed), keep, seed, level)), spec.RewindStep);
            case "shuffled":
                return TrainAndMeasure(method, level, FromRewind(Pruning.ShuffleWithinUnits(NewNet(seed), ticket, seed, level)), spec.RewindStep);
            case "reinit":
                // The ticket's mask on weights the network never had: a fresh draw from the same distribution.
                var (a, b, _, _) = Philox.Block(seed, RngStream.Of(RngStream.Reinit, level), 0);
                var net = NewNet(((ulong)a << 32) | b);
                Pruning.Apply(net, ticket);
                return TrainAndMeasure(method, level, net, spec.RewindStep);
            default:
                throw new UsageException($"unknown baseline '{method}'");
        }
    }

    LevelMeasurement TrainAndMeasure(string method, int level, Mlp net, long startStep, Action<long>? onStep = null)
    {
        cancel.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var outcome = Trainer.Train(net, data.Sets.Train, data.Sets.Validation.Count > 0 ? data.Sets.Validation : null,
            spec.Settings(seed, startStep), cancel: cancel, onStep: onStep);
        string levelDir = LevelDir(method, level);
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
        AtomicFile.WriteAllText(Path.Combine(levelDir, MeasurementsFile), JsonSerializer.Serialize(m, TrainRun.Json));
        log($"{data.Name} seed {seed} {method} level {level}: density {m.Density:P1}, test accuracy {m.TestAccuracy:P1}, IPR {m.IprMean:F4}, kurtosis {m.KurtosisMean:F3}");
        return m;
    }

    Mlp NewNet(ulong initSeed)
    {
        var net = new Mlp(sizes, activation);
        net.Initialize(Initialization.Parse(spec.Init), spec.SigmaW, spec.SigmaB, initSeed);
        return net;
    }

    /// <summary>The rewind-point weights with <paramref name="masks"/> installed (pruned weights zeroed).</summary>
    Mlp FromRewind(float[]?[] masks)
    {
        var net = new Mlp(sizes, activation);
        MlpWeights.Load(net, Path.Combine(dir, RewindFile));
        Pruning.Apply(net, masks);
        return net;
    }

    Mlp LoadTrained(string method, int level)
    {
        var net = new Mlp(sizes, activation);
        MlpWeights.Load(net, Path.Combine(LevelDir(method, level), WeightsFile));
        return net;
    }

    string LevelDir(string method, int level) => Path.Combine(dir, method, $"level-{level:00}");

    bool TryRead(string method, int level, out LevelMeasurement m)
    {
        var path = Path.Combine(LevelDir(method, level), MeasurementsFile);
        m = null!;
        if (!File.Exists(path)) return false;
        try { m = JsonSerializer.Deserialize<LevelMeasurement>(File.ReadAllText(path), TrainRun.Json)!; }
        catch (JsonException e) { throw new EumentiaException($"{path}: unreadable measurements ({e.Message}); delete the level directory to redo it"); }
        return m is not null;
    }

    long TotalSteps()
    {
        int n = data.Sets.Train.Count, batch = Math.Max(1, Math.Min(spec.BatchSize, n));
        return (long)spec.Epochs * ((n + batch - 1) / batch);
    }
}
