using System.Globalization;
using Eumentia.Data;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Numerics;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Bench.Sweeps;

/// <summary>One small MLP trained on MNIST-shaped Gaussian blobs: the workload of bench/sweep-modes.sh.</summary>
public sealed record BlobMlpConfig
{
    public int Width { get; init; } = 64;
    public int Depth { get; init; } = 2;
    public int TrainSize { get; init; } = 1024;
    public int Features { get; init; } = 784;
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 64;
    public ulong Seed { get; init; } = 0;
}

/// <summary>
/// The "blob-mlp" run kind, loaded into the command line with
/// EUMENTIA_KIND_PLUGINS=bench/.../Eumentia.Bench.dll!Eumentia.Bench.Sweeps.BlobMlpKind, so that the
/// threads-versus-processes comparison of `sweep run` trains real networks without data files.
/// </summary>
public static class BlobMlpKind
{
    public static void Register() => RunKinds.Register(RunKind.Create<BlobMlpConfig>("blob-mlp", Execute));

    static RunOutcome Execute(BlobMlpConfig c, string dir, CancellationToken cancel)
    {
        const int classes = 10;
        var train = Blobs(c.TrainSize, c.Features, classes, c.Seed, 0);
        var test = Blobs(1000, c.Features, classes, c.Seed, (ulong)c.TrainSize);
        var net = Mlp.Create(c.Features, c.Width, c.Depth, classes, Activation.Relu);
        net.Initialize(Initialization.Parse("he"), 1.0, 0.0, c.Seed);
        var settings = new TrainSettings(LossKind.CrossEntropy, OptimizerKind.Sgd, 0.05, 0.9, 0, c.BatchSize, c.Epochs, 0, 0, 0, c.Seed);
        var outcome = Trainer.Train(net, train, null, settings, null, cancel);
        var eval = Evaluator.Evaluate(net, test, LossKind.CrossEntropy, 0, EvalModes.Parse("mc"), 1, c.Seed);
        AtomicFile.WriteAllText(Path.Combine(dir, "metrics.csv"), "epoch,train_loss\n" + string.Concat(outcome.History.Select(h =>
            string.Create(CultureInfo.InvariantCulture, $"{h.Epoch},{h.TrainLoss:R}\n"))));
        AtomicFile.WriteAllText(Path.Combine(dir, "result.json"), string.Create(CultureInfo.InvariantCulture,
            $"{{\"test_loss\": {eval.Loss:R}, \"test_accuracy\": {eval.Accuracy:R}}}\n"));
        return RunOutcome.Success;
    }

    static LabeledData Blobs(int count, int features, int classes, ulong seed, ulong offset)
    {
        var means = new float[classes * features];
        Philox.FillNormal(seed, 100, 0, means);
        var x = new float[count * features];
        var y = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = (int)((ulong)i + offset) % classes;
            y[i] = (byte)label;
            for (int j = 0; j < features; j++)
                x[i * features + j] = means[label * features + j] + (float)(2.0 * Philox.Normal(seed, 101, ((ulong)i + offset) * (ulong)features + (ulong)j));
        }
        return new LabeledData("blobs", count, features, classes, x, y);
    }
}
