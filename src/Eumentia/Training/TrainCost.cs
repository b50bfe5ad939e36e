using Eumentia.IO;
using System.Text.Json;
using Eumentia.Data;

namespace Eumentia.Training;

/// <summary>
/// The arithmetic of a "train" and of an "eval" run (<see cref="Sweeps.RunCostModel"/>), counted as
/// bench/peer/phases_study.py counts the phases protocol: a multiply-add is 2 operations; per example the forward
/// pass costs 2P and the backward pass 4P − 2P₀ (P weights, P₀ of them in the first layer, whose input needs no
/// gradient); evaluation computes the first layer once per example and the layers above once per mask pass.
/// Biases, activations, masks and the loss are left out: O(units), not O(weights).
/// </summary>
public static class TrainCost
{
    /// <summary>
    /// Operations one core sustains per second training these MLPs, and the fixed seconds of a run: the least-squares fit
    /// of `Eumentia.Bench cost` (784-W-W-10, W = 64, 128, 256, 600 steps, one thread, CPU time on shared cores) gives
    /// 49.1 GFLOP/s and 0.20 s; the phases quick preset's 84 training runs on quiet cores, 5.07 TFLOP by <see cref="Train"/>
    /// in 94.4 s of worker time, 53.7 GFLOP/s with nothing fixed (docs/performance.md, "What a study costs").
    /// </summary>
    public const double TrainRate = 49.1e9;

    /// <summary>See <see cref="TrainRate"/>.</summary>
    public const double TrainSecondsPerRun = 0.20;

    /// <summary>
    /// An evaluation runs the training kernels' forward products, so at their rate. Its fixed part is what is left of
    /// the phases quick preset's evaluation stage (840 runs, the branches of each net executed as one batch, which
    /// loads the net and test set once) beyond <see cref="Eval"/>'s 0.557 TFLOP at that rate: 17.9 and 22.8 core-seconds
    /// in two measurements (one thread, CPU time on shared cores, 2026-12-07), 0.011 s a run. Executed alone, an
    /// evaluation run costs about 0.05 s of fixed work (`Eumentia.Bench cost`), but workers batch them.
    /// </summary>
    public const double EvalRate = TrainRate;

    /// <summary>See <see cref="EvalRate"/>.</summary>
    public const double EvalSecondsPerRun = 0.011;

    /// <summary>The weights of the network: all of them, and the first layer's.</summary>
    public static (long All, long First) Weights(int features, int width, int depth, int classes)
    {
        if (depth == 0) return ((long)features * classes, (long)features * classes);
        long first = (long)features * width;
        return (first + (long)(depth - 1) * width * width + (long)width * classes, first);
    }

    /// <summary>Operations of evaluating <paramref name="examples"/> examples with <paramref name="passes"/> mask passes.</summary>
    public static double Evaluation(long examples, (long All, long First) weights, int passes) =>
        2.0 * examples * (weights.First + (double)passes * (weights.All - weights.First));

    /// <summary>Operations of a training run: its steps, its validation passes and its own evaluations. NaN for a user's data set.</summary>
    public static double Train(TrainConfig c)
    {
        if (DataSources.NominalShape(c.Data) is not { } shape) return double.NaN;
        int n = c.TrainSize > 0 ? c.TrainSize : shape.Train - c.ValidationSize;
        if (n <= 0) return double.NaN;
        int batch = Math.Min(c.BatchSize, n), stepsPerEpoch = (n + batch - 1) / batch;
        int epochs = TrainConfig.PlannedEpochs(c.Epochs, c.MinSteps, stepsPerEpoch);
        var w = Weights(shape.Features, c.Width, c.Depth, shape.Classes);
        double training = (double)epochs * n * (6.0 * w.All - 2.0 * w.First);
        int validations = c.ValidationSize == 0 ? 0 : c.Patience > 0 || c.ValidationCurve ? epochs : 1;
        double validation = (double)validations * c.ValidationSize * 2.0 * w.All;
        double evaluation = c.PEval.Sum(p => Evaluation(shape.Test, w, Passes(p, c.EvalDraws, c.Depth)));
        return training + validation + evaluation;
    }

    /// <summary>Operations of an evaluation run, whose network is its training run's (config.json beside it in the ledger); NaN when that is unknown.</summary>
    public static double Eval(EvalConfig e, string ledgerDirectory)
    {
        TrainConfig? train;
        try { train = JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(Path.Combine(ledgerDirectory, e.TrainKey, "config.json")), JsonDefaults.Options); }
        catch (Exception x) when (x is IOException or JsonException or UnauthorizedAccessException) { return double.NaN; }
        if (train is null || DataSources.NominalShape(train.Data) is not { } shape) return double.NaN;
        return Evaluation(shape.Test, Weights(shape.Features, train.Width, train.Depth, shape.Classes), Passes(e.PEval, e.EvalDraws, train.Depth));
    }

    // Mask passes above the first layer; a network without hidden layers has nothing to mask, and its one layer is the first.
    static int Passes(double p, int draws, int depth) => depth == 0 ? 0 : p > 0 ? Math.Max(1, draws) : 1;
}
