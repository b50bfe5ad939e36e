using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using System.Diagnostics;

namespace Eumentia.Sweeps.Workers;

/// <summary>A snapshot of a sweep's progress: counts over all registered runs and the estimated time left.</summary>
public readonly record struct ProgressCounts(int Total, int Done, int Failed, int Running, TimeSpan? Eta)
{
    public int Pending => Math.Max(0, Total - Done - Failed - Running);

    public override string ToString() =>
        $"{Done}/{Total} done, {Failed} failed, {Running} running, {Pending} pending" + (Eta is { } eta ? $", ETA {Format(eta)}" : "");

    public static string Format(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";
}

/// <summary>
/// Counts runs as worker events arrive, starting from the directory's state, and estimates the time left from
/// the rate at which this session finishes runs. Thread-safe: workers report from their own threads.
/// </summary>
public sealed class SweepProgress(SweepSummary initial) : ISweepObserver
{
    readonly Lock gate = new();
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly int total = initial.Runs.Count;
    int done = initial.Count(RunState.Done);
    int failed = initial.Count(RunState.Failed);
    int running;
    int finishedHere;

    public void OnEvent(SweepEvent e)
    {
        lock (gate)
        {
            switch (e.Type)
            {
                case SweepEventType.Started: running++; break;
                case SweepEventType.Done: running--; done++; finishedHere++; break;
                case SweepEventType.Failed:
                    running--;
                    if (e.Final) { failed++; finishedHere++; }
                    break;
                case SweepEventType.Cancelled: running--; break;
            }
        }
    }

    public ProgressCounts Snapshot()
    {
        lock (gate)
        {
            int left = Math.Max(0, total - done - failed);
            TimeSpan? eta = finishedHere > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / finishedHere * left) : null;
            return new ProgressCounts(total, done, failed, Math.Max(0, running), left == 0 ? TimeSpan.Zero : eta);
        }
    }
}
