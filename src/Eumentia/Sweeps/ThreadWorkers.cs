using Eumentia.Numerics;

namespace Eumentia.Sweeps;

/// <summary>
/// N workers as threads of this process, sharing one run queue. The numeric thread budget is split between
/// them (<see cref="Parallelism.MaxThreads"/> / N each, at least 1, through the thread-scoped
/// <see cref="Parallelism.Limit"/>) so N small networks train side by side instead of fighting over cores;
/// results do not depend on the thread count.
/// </summary>
public static class ThreadWorkers
{
    public static IReadOnlyList<WorkerExit> Run(RunLedger ledger, int workers, WorkerOptions options, ISweepObserver observer, CancellationToken stop)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "at least one worker");
        int perWorker = Math.Max(1, Parallelism.MaxThreads / workers);
        var queue = new RunQueue(ledger);
        var exits = new WorkerExit[workers];
        var threads = Enumerable.Range(0, workers).Select(i => new Thread(() =>
        {
            using var budget = Parallelism.Limit(perWorker);
            var named = options with { WorkerName = workers == 1 ? options.WorkerName : $"{options.WorkerName}/{i}" };
            exits[i] = new SweepWorker(queue, named, observer).Run(stop);
        }) { Name = $"sweep worker {i}", IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return exits;
    }
}
