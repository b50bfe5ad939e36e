using Eumentia.Numerics.Threading;
using System.Runtime.ExceptionServices;
using Eumentia.Data;
using Eumentia.Nets;

namespace Eumentia.Training;

/// <summary>One network of an ensemble, with its own data (order), settings (seed, p_train, ...) and weights.</summary>
public sealed record EnsembleMember(Mlp Net, LabeledData Train, LabeledData? Validation, TrainSettings Settings);

/// <summary>
/// Trains many networks together. Small networks cannot keep two cores busy inside one GEMM, so the members
/// are spread over the thread budget — with one core's worth of kernel threads each when there are at least
/// as many members as threads — and run side by side. Each member computes exactly what it would alone
/// (same seeds, same kernels, single- or multi-threaded GEMMs giving identical bits), so a network's result
/// never depends on which ensemble it trained in.
/// </summary>
public static class Ensemble
{
    public static IReadOnlyList<TrainOutcome> Train(IReadOnlyList<EnsembleMember> members,
        Action<int, EpochMetrics>? onEpoch = null, CancellationToken cancel = default)
    {
        var outcomes = new TrainOutcome[members.Count];
        ForEach(members.Count, i =>
        {
            var m = members[i];
            outcomes[i] = Trainer.Train(m.Net, m.Train, m.Validation, m.Settings, e => onEpoch?.Invoke(i, e), cancel);
        }, cancel);
        return outcomes;
    }

    /// <summary>
    /// Runs <paramref name="count"/> independent jobs over the thread budget: as many at once as there are
    /// threads, each job's kernels limited to its share of the budget. The first exception is rethrown.
    /// </summary>
    public static void ForEach(int count, Action<int> job, CancellationToken cancel = default)
    {
        int budget = Parallelism.MaxThreads;
        int workers = Math.Min(budget, count);
        int perJob = Math.Max(1, budget / Math.Max(1, workers));
        if (workers <= 1)
        {
            for (int i = 0; i < count; i++) job(i);
            return;
        }
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel }, i =>
            {
                using var limit = Parallelism.Limit(perJob);
                job(i);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The job's own exception, not the parallel loop's wrapper: callers (and the CLI) act on its type.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
