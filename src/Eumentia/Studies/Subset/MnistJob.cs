using System.Diagnostics;
using System.Text.Json;
using Eumentia.Data;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The run kind "subset-mnist": one training of the MNIST case (<see cref="MnistJobConfig"/>), written as row.json
/// (a <see cref="MnistRunRow"/>) and then result.json. Replica r of root seed s fixes the network's random weights
/// (seed s + r) and the allocation's draw, shared by every budget and allocation, so curves differ only in which
/// weights learn; learnable sets are nested in m as in the teacher–student experiment. The data set is found
/// through EUMENTIA_DATA (or its default places), as `train` runs find theirs.
/// </summary>
public static class MnistJob
{
    public const string RowFile = "row.json";

    public static RunKind<MnistJobConfig> Kind { get; } = RunKind.Create<MnistJobConfig>("subset-mnist", Execute)
        .WithCost((config, _) => SubsetCost.Mnist(config), SubsetCost.MnistRate, SubsetCost.MnistSecondsPerRun);

    static void Execute(MnistJobConfig config, string dir, CancellationToken cancel)
    {
        var row = Train(config, Environment.GetEnvironmentVariable("EUMENTIA_DATA"), cancel);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, RowFile), JsonSerializer.Serialize(row, JsonDefaults.Options));
        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), ResultJson(row));
    }

    /// <summary>The result.json of a finished training.</summary>
    public static string ResultJson(MnistRunRow row) => JsonSerializer.Serialize(new { Status = "done", row.TestAccuracy, row.TestLoss, row.Seconds }, JsonDefaults.Options);

    public static MnistRunRow Read(FinishedRun run) => StudyFiles.ReadJson<MnistRunRow>(Path.Combine(run.Directory, RowFile));

    /// <summary>Trains the masked network of <paramref name="config"/> and scores it on the test set.</summary>
    public static MnistRunRow Train(MnistJobConfig config, string? dataDir, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        var data = DataSources.Load(config.Data, config.TrainSize, 0, config.Seed, dataDir);
        var layout = MnistSubsetSpec.LayoutOf(config.Hidden, data.Train.Features, data.Train.Classes);
        ulong seed = config.Seed + (ulong)config.Replica;
        var widths = layout.Blocks.Select(b => b.Columns).Append(layout.Blocks[^1].Rows).ToArray();
        var net = new Mlp(widths, Activation.Relu);
        net.Initialize(InitScheme.He, 1, 0, seed);
        var learnable = new bool[layout.WeightCount];
        if (config.Budget > 0)
        {
            var allocation = Allocation.Parse(config.Allocation);
            foreach (int w in allocation.Order(layout, seed, RngStream.Of(RngStream.Subset, StableTag.Of(layout.Name, 28), config.Replica)).AsSpan(0, config.Budget))
                learnable[w] = true;
        }
        foreach (var (layer, block) in net.Layers.Zip(layout.Blocks))
        {
            layer.BiasLearnable = false;
            var mask = new float[block.Count];
            for (int i = 0; i < mask.Length; i++) mask[i] = learnable[block.Offset + i] ? 1 : 0;
            layer.SetLearnableMask(mask);
        }
        double trainAccuracy = double.NaN;
        if (config.Budget > 0)
        {
            var settings = new TrainSettings(LossKind.CrossEntropy, OptimizerKind.Adam, config.LearningRate, 0, 0, config.BatchSize, config.Epochs, 0, 0, 0, seed);
            var outcome = Trainer.Train(net, data.Train, null, settings, cancel: cancel);
            trainAccuracy = outcome.History[^1].TrainAccuracy;
        }
        var test = Evaluator.Evaluate(net, data.Test, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, seed);
        return new MnistRunRow(config.Allocation, config.Budget, config.Replica, test.Accuracy, test.Loss, trainAccuracy, clock.Elapsed.TotalSeconds);
    }
}
