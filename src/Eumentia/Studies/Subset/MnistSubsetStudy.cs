using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using System.Diagnostics;
using Eumentia.Data;
using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Studies.Subset;

/// <summary>One training of the MNIST case: allocation, budget m, seed, and the test (and final training) scores.</summary>
public sealed record MnistRunRow(string Allocation, int Budget, int Seed, double TestAccuracy, double TestLoss, double TrainAccuracy, double Seconds);

/// <summary>Mean test accuracy over seeds at one (allocation, m), with its standard error.</summary>
public sealed record MnistCurveRow(string Allocation, int Budget, int Seeds, double TestAccuracy, double TestAccuracySe, double TestLoss);

public sealed record MnistSubsetResult(MnistSubsetSpec Spec, string Network, int Weights, IReadOnlyList<MnistRunRow> Runs, IReadOnlyList<MnistCurveRow> Curves);

/// <summary>
/// Runs the MNIST case. Seed s fixes the network's random weights and the allocations' draws, shared by
/// every budget and allocation, so curves differ only in which weights learn; learnable sets are nested in
/// m as in the teacher–student experiment. Trainings run side by side over the thread budget, each one
/// bit-for-bit what it would be alone.
/// </summary>
public static class MnistSubsetStudy
{
    /// <summary>Runs every training not already in the ledger at <paramref name="ledgerPath"/> (if given), appending each as it ends.</summary>
    public static MnistSubsetResult Run(MnistSubsetSpec spec, ulong rootSeed, Action<int, int>? progress = null, CancellationToken cancel = default, string? ledgerPath = null)
    {
        spec.Validate();
        var data = DataSources.Load(spec.Data, spec.TrainSize, 0, rootSeed, spec.DataDir);
        var layout = spec.Layout(data.Train.Features, data.Train.Classes);
        var budgets = spec.Budgets.Select(m => Math.Min(m, layout.WeightCount)).Distinct().Order().ToArray();
        var jobs = new List<(Allocation Allocation, int Budget, int Seed)>();
        for (int s = 0; s < spec.Seeds; s++)
        {
            if (budgets.Contains(0)) jobs.Add((spec.Allocations[0], 0, s)); // no learnable weights: the same for every allocation
            foreach (var a in spec.Allocations)
                foreach (int m in budgets.Where(m => m > 0)) jobs.Add((a, m, s));
        }
        var rows = new MnistRunRow[jobs.Count];
        using var ledger = new Sweeps.Ledger.JobLedger<MnistRunRow>(ledgerPath);
        static string Key((Allocation Allocation, int Budget, int Seed) job) => $"{job.Allocation.Name}|{job.Budget}|{job.Seed}";
        var pending = Enumerable.Range(0, jobs.Count).Where(j => !ledger.TryGet(Key(jobs[j]), out rows[j]!)).ToArray();
        int done = jobs.Count - pending.Length;
        Ensemble.ForEach(pending.Length, i =>
        {
            int j = pending[i];
            var (a, m, s) = jobs[j];
            rows[j] = Train(spec, layout, data, a, m, rootSeed + (ulong)s, s);
            ledger.Add(Key(jobs[j]), rows[j]);
            progress?.Invoke(Interlocked.Increment(ref done), jobs.Count);
        }, cancel);
        var all = rows.SelectMany(r => r.Budget == 0 ? spec.Allocations.Select(a => r with { Allocation = a.Name }) : [r]).ToArray();
        var curves = all.GroupBy(r => (r.Allocation, r.Budget)).Select(g =>
        {
            var acc = g.Select(r => r.TestAccuracy).ToArray();
            double mean = acc.Average(), err = acc.Length > 1 ? Math.Sqrt(acc.Sum(x => (x - mean) * (x - mean)) / (acc.Length - 1) / acc.Length) : double.NaN;
            return new MnistCurveRow(g.Key.Allocation, g.Key.Budget, acc.Length, mean, err, g.Average(r => r.TestLoss));
        }).OrderBy(c => spec.Allocations.Select(a => a.Name).ToList().IndexOf(c.Allocation)).ThenBy(c => c.Budget).ToArray();
        return new MnistSubsetResult(spec, layout.Name, layout.WeightCount, rows, curves);
    }

    /// <summary>The ledger's name: a hash of the spec (less its seed count and data directory) and the root seed.</summary>
    public static string LedgerName(MnistSubsetSpec spec, ulong rootSeed)
    {
        var identity = System.Text.Json.JsonSerializer.Serialize(new { spec = spec with { Seeds = 0, DataDir = null }, seed = rootSeed });
        return $"mnist-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..16]}.jsonl";
    }

    static MnistRunRow Train(MnistSubsetSpec spec, FeedForwardLayout layout, TrainingData data, Allocation allocation, int budget, ulong seed, int seedIndex)
    {
        var clock = Stopwatch.StartNew();
        var widths = layout.Blocks.Select(b => b.Columns).Append(layout.Blocks[^1].Rows).ToArray();
        var net = new Mlp(widths, Activation.Relu);
        net.Initialize(InitScheme.He, 1, 0, seed);
        var learnable = new bool[layout.WeightCount];
        foreach (int w in allocation.Order(layout, seed, RngStream.Of(RngStream.Subset, StableTag.Of(layout.Name, 28), seedIndex)).AsSpan(0, budget))
            learnable[w] = true;
        foreach (var (layer, block) in net.Layers.Zip(layout.Blocks))
        {
            layer.BiasLearnable = false;
            var mask = new float[block.Count];
            for (int i = 0; i < mask.Length; i++) mask[i] = learnable[block.Offset + i] ? 1 : 0;
            layer.SetLearnableMask(mask);
        }
        double trainAccuracy = double.NaN;
        if (budget > 0)
        {
            var settings = new TrainSettings(LossKind.CrossEntropy, OptimizerKind.Adam, spec.LearningRate, 0, 0, spec.BatchSize, spec.Epochs, 0, 0, 0, seed);
            var outcome = Trainer.Train(net, data.Train, null, settings);
            trainAccuracy = outcome.History[^1].TrainAccuracy;
        }
        var test = Evaluator.Evaluate(net, data.Test, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, seed);
        return new MnistRunRow(allocation.Name, budget, seedIndex, test.Accuracy, test.Loss, trainAccuracy, clock.Elapsed.TotalSeconds);
    }
}
