using Eumentia.Numerics.Threading;
using Eumentia.Sweeps.Ledger;

namespace Eumentia.Sweeps.Workers;

/// <summary>
/// N workers as threads of this process, sharing one run queue; on start, the temporary files that killed
/// workers left behind are removed (<see cref="RunLedger.RemoveLeftovers"/>). The numeric thread budget is split between
/// them (<see cref="Parallelism.MaxThreads"/> / N each, at least 1, through the thread-scoped
/// <see cref="Parallelism.Limit"/>) so N small networks train side by side instead of fighting over cores;
/// results do not depend on the thread count. When one worker stops because its environment failed (disk full),
/// the others are stopped too (their runs cancelled, not counted) and its <see cref="WorkerStoppedException"/> is rethrown.
/// </summary>
public static class ThreadWorkers
{
    public static IReadOnlyList<WorkerExit> Run(RunLedger ledger, int workers, WorkerOptions options, ISweepObserver observer, CancellationToken stop)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "at least one worker");
        int perWorker = Math.Max(1, Parallelism.MaxThreads / workers);
        ledger.RemoveLeftovers();
        var queue = new RunQueue(ledger);
        var exits = new WorkerExit[workers];
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(stop);
        WorkerStoppedException? stopped = null;
        var threads = Enumerable.Range(0, workers).Select(i => new Thread(() =>
        {
            using var budget = Parallelism.Limit(perWorker);
            var named = options with { WorkerName = workers == 1 ? options.WorkerName : $"{options.WorkerName}/{i}" };
            try { exits[i] = new SweepWorker(queue, named, observer).Run(stopAll.Token); }
            catch (WorkerStoppedException e)
            {
                Interlocked.CompareExchange(ref stopped, e, null);
                exits[i] = WorkerExit.Stopped;
                stopAll.Cancel();
            }
        }) { Name = $"sweep worker {i}", IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (stopped is not null) throw stopped;
        return exits;
    }
}
