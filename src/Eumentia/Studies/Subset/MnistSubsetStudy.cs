using Eumentia.Data;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Nets;

namespace Eumentia.Studies.Subset;

/// <summary>One training of the MNIST case: allocation, budget m, seed, and the test (and final training) scores.</summary>
public sealed record MnistRunRow(string Allocation, int Budget, int Seed, double TestAccuracy, double TestLoss, double TrainAccuracy, double Seconds);

/// <summary>Mean test accuracy over seeds at one (allocation, m), with its standard error.</summary>
public sealed record MnistCurveRow(string Allocation, int Budget, int Seeds, double TestAccuracy, double TestAccuracySe, double TestLoss);

public sealed record MnistSubsetResult(MnistSubsetSpec Spec, string Network, int Weights, IReadOnlyList<MnistRunRow> Runs, IReadOnlyList<MnistCurveRow> Curves);

/// <summary>
/// The MNIST case's plan and summary: one <see cref="MnistJobConfig"/> per (replica, allocation, budget), the
/// untrained network (m = 0) once per replica for every allocation, and the mean test accuracy over replicas.
/// </summary>
public static class MnistSubsetStudy
{
    /// <summary>The network of <paramref name="spec"/> on its data set (loaded here, so missing data is reported before anything is planned).</summary>
    public static FeedForwardLayout Layout(MnistSubsetSpec spec, ulong rootSeed, string? dataDir)
    {
        var data = DataSources.Load(spec.Data, spec.TrainSize, 0, rootSeed, dataDir);
        return MnistSubsetSpec.LayoutOf(spec.Hidden, data.Train.Features, data.Train.Classes);
    }

    /// <summary>Every training, in the order of mnist_runs.csv: per replica, m = 0, then every allocation's budgets.</summary>
    public static IReadOnlyList<MnistJobConfig> Jobs(MnistSubsetSpec spec, ulong rootSeed, FeedForwardLayout layout)
    {
        var budgets = spec.Budgets.Select(m => Math.Min(m, layout.WeightCount)).Distinct().Order().ToArray();
        var jobs = new List<MnistJobConfig>();
        for (int s = 0; s < spec.Seeds; s++)
        {
            if (budgets.Contains(0)) jobs.Add(Job(spec, rootSeed, null, 0, s)); // no learnable weights: the same for every allocation
            foreach (var a in spec.Allocations)
                foreach (int m in budgets.Where(m => m > 0)) jobs.Add(Job(spec, rootSeed, a, m, s));
        }
        return jobs;
    }

    /// <summary>The training of replica <paramref name="replica"/> with <paramref name="budget"/> weights placed by <paramref name="allocation"/> (none at budget 0).</summary>
    public static MnistJobConfig Job(MnistSubsetSpec spec, ulong rootSeed, Allocation? allocation, int budget, int replica) => new()
    {
        Data = spec.Data, Hidden = [.. spec.Hidden], Seed = rootSeed, Epochs = spec.Epochs, TrainSize = spec.TrainSize, BatchSize = spec.BatchSize,
        LearningRate = spec.LearningRate, Allocation = allocation?.Name ?? "", Budget = budget, Replica = replica,
    };

    /// <summary>The runs (in the order of <see cref="Jobs"/>) and the accuracy curves with their standard errors over replicas.</summary>
    public static MnistSubsetResult Summarise(MnistSubsetSpec spec, FeedForwardLayout layout, IReadOnlyList<MnistRunRow> runs)
    {
        // m = 0 is listed under the first allocation and counts for all.
        var rows = runs.Select(r => r.Budget == 0 ? r with { Allocation = spec.Allocations[0].Name } : r).ToArray();
        var all = rows.SelectMany(r => r.Budget == 0 ? spec.Allocations.Select(a => r with { Allocation = a.Name }) : [r]).ToArray();
        var curves = all.GroupBy(r => (r.Allocation, r.Budget)).Select(g =>
        {
            var acc = g.Select(r => r.TestAccuracy).ToArray();
            double mean = acc.Average(), err = acc.Length > 1 ? Math.Sqrt(acc.Sum(x => (x - mean) * (x - mean)) / (acc.Length - 1) / acc.Length) : double.NaN;
            return new MnistCurveRow(g.Key.Allocation, g.Key.Budget, acc.Length, mean, err, g.Average(r => r.TestLoss));
        }).OrderBy(c => spec.Allocations.Select(a => a.Name).ToList().IndexOf(c.Allocation)).ThenBy(c => c.Budget).ToArray();
        return new MnistSubsetResult(spec, layout.Name, layout.WeightCount, rows, curves);
    }
}
