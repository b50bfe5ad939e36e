using Eumentia.IO;
using System.Text.Json;
using Eumentia.Data;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// The arithmetic of a lottery run (<see cref="Sweeps.RunCostModel"/>): its training, counted as
/// <see cref="TrainCost"/> counts it (6P − 2P₀ per example, dense products whatever the mask), from the rewind point
/// for a pruned level or a baseline, plus one forward pass over the probe set, the test set and the validation set
/// (validated after the last epoch only), plus the level's other work — generating its data and measuring the probe
/// set (receptive fields, kurtosis, cavity effects) — as <see cref="DataWeight"/> operation-equivalents per input value
/// generated or measured ((train + validation + test + probe) × features).
/// </summary>
public static class LotteryCost
{
    /// <summary>
    /// A level trains with the training kernels, so at <see cref="TrainCost.TrainRate"/>. Its other work was measured
    /// by `Eumentia.Bench cost --kinds lottery-imp` at the quick preset's size (NLGP 64-W-2, W = 32, 64, 128, 4 000
    /// examples, test 2 000, probe 2 000, 20 epochs; one thread, CPU time on shared cores, 2026-12-07): 0.30–0.77 s a
    /// level beyond the training, falling with width, so not arithmetic of the net; 0.36 s (the two wider levels) over
    /// 512 000 input values, 0.70 µs each, i.e. <see cref="DataWeight"/> operations at this rate. The tiny preset's
    /// levels (900 × 16 input values) take 14 ms, as this predicts (docs/performance.md, "What a study costs").
    /// </summary>
    public const double Rate = TrainCost.TrainRate;

    /// <summary>See <see cref="Rate"/>.</summary>
    public const double SecondsPerRun = 0.005;

    /// <summary>Operation-equivalents per input value of a level's data and probe set (see <see cref="Rate"/>).</summary>
    public const double DataWeight = 34_500;

    /// <summary>Operations of an IMP level; NaN for a user's data set of unknown shape.</summary>
    public static double Level(LotteryLevelConfig c) => Training(c, c.Level == 0 ? 0 : c.RewindStep);

    /// <summary>Operations of a baseline branch: a training from the rewind point of its IMP level (config.json beside it in the ledger).</summary>
    public static double Branch(LotteryBranchConfig b, string ledgerDirectory)
    {
        LotteryLevelConfig? level;
        try { level = JsonSerializer.Deserialize<LotteryLevelConfig>(File.ReadAllText(Path.Combine(ledgerDirectory, b.Imp, "config.json")), JsonDefaults.Options); }
        catch (Exception x) when (x is IOException or JsonException or UnauthorizedAccessException) { return double.NaN; }
        return level is null ? double.NaN : Training(level, level.RewindStep);
    }

    static double Training(LotteryLevelConfig c, long startStep)
    {
        var spec = c.Spec();
        int features, classes, test, pool;
        if (spec.IsSynthetic(c.Data)) (features, classes, test, pool) = (spec.Nlgp(c.Data).Features, 2, c.TestSize, c.TrainSize);
        else if (DataSources.NominalShape(c.Data) is { } shape) (features, classes, test, pool) = (shape.Features, shape.Classes, shape.Test, shape.Train - c.ValidationSize);
        else return double.NaN;
        int n = c.TrainSize > 0 ? c.TrainSize : pool;
        if (n <= 0) return double.NaN;
        int batch = Math.Min(c.BatchSize, n);
        var w = TrainCost.Weights(features, c.Width, c.Depth, classes);
        double perExample = 6.0 * w.All - 2.0 * w.First;
        // Whole epochs of n examples, less the skipped steps' full batches.
        double examples = (double)c.Epochs * n - (double)startStep * batch;
        double values = (double)(n + c.ValidationSize + test + c.ProbeSize) * features;
        return Math.Max(0, examples) * perExample + 2.0 * w.All * (c.ProbeSize + test + c.ValidationSize) + DataWeight * values;
    }
}
