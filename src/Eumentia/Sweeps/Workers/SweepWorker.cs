using Eumentia.Sweeps.Ledger;
using System.Diagnostics;

using Eumentia.IO;

namespace Eumentia.Sweeps.Workers;

/// <summary>
/// Pulls pending runs from a sweep directory and executes them one at a time until none is left, the time
/// limit nears, fail-fast trips, or it is stopped. While a run executes, a timer refreshes its heartbeat.
/// Many workers (threads, processes, Slurm tasks on other hosts) may share one directory. When the environment
/// fails (disk full, permission denied) the worker ends its attempt as cancelled, where it still can, and throws
/// <see cref="WorkerStoppedException"/>: retrying would burn every run's attempts within seconds.
/// </summary>
public sealed class SweepWorker(RunQueue queue, WorkerOptions options, ISweepObserver observer)
{
    readonly SweepDirectory sweep = queue.Ledger.Sweep;
    readonly RunLedger ledger = queue.Ledger;

    public int RunsExecuted { get; private set; }

    public WorkerExit Run(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        double longestSeconds = 0;
        WorkerExit exit;
        while (true)
        {
            if (stop.IsCancellationRequested) { exit = WorkerExit.Stopped; break; }
            if (sweep.FailFastTripped) { exit = WorkerExit.FailFast; break; }
            // Slurm kills a task at its time limit: only start a run that should finish before it (with a margin).
            if (options.TimeLimit is { } limit && clock.Elapsed + TimeSpan.FromSeconds(longestSeconds * 1.25) > limit)
            {
                exit = WorkerExit.TimeLimit;
                break;
            }
            Attempt? attempt;
            try { attempt = queue.ClaimNext(options.WorkerName); }
            catch (Exception e) when (EnvironmentErrors.Find(e) is { } cause) { throw Stopped(cause, null); }
            if (attempt is null) { exit = WorkerExit.NoWork; break; }
            double seconds = Execute(attempt, stop);
            longestSeconds = Math.Max(longestSeconds, seconds);
            RunsExecuted++;
        }
        observer.OnEvent(new SweepEvent(SweepEventType.WorkerExited, null, 0, options.WorkerName,
            clock.Elapsed.TotalSeconds, $"{Describe(exit)} after {RunsExecuted} run{(RunsExecuted == 1 ? "" : "s")}"));
        return exit;
    }

    double Execute(Attempt attempt, CancellationToken stop)
    {
        var previous = new Attempt(attempt.Key, attempt.Number - 1, attempt.RunDir);
        if (attempt.Number > 1 && AttemptEnd.TryRead(previous.EndPath) is { Status: AttemptStatus.Lost } lost)
            observer.OnEvent(new SweepEvent(SweepEventType.Recovered, attempt.Key, attempt.Number - 1, options.WorkerName, Reason: lost.Reason));
        observer.OnEvent(new SweepEvent(SweepEventType.Started, attempt.Key, attempt.Number, options.WorkerName));

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // Every second: cancel if fail-fast tripped elsewhere; every heartbeat interval: beat.
        var tick = TimeSpan.FromTicks(Math.Min(options.HeartbeatInterval.Ticks, TimeSpan.TicksPerSecond));
        var sinceBeat = Stopwatch.StartNew();
        var beat = new Timer(_ =>
        {
            try
            {
                if (sweep.FailFastTripped) cancel.Cancel();
                if (sinceBeat.Elapsed < options.HeartbeatInterval) return;
                ledger.Heartbeat(attempt);
                sinceBeat.Restart();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                // A missed beat is tolerated (the timeout is several intervals); the next one retries.
            }
        }, null, tick, tick);

        var watch = Stopwatch.StartNew();
        RunOutcome outcome;
        bool cancelled = false;
        try
        {
            var (config, _) = sweep.LoadRun(attempt.Key);
            outcome = sweep.Kind.Execute(config, attempt.RunDir, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            outcome = RunOutcome.Failure("cancelled");
            cancelled = true;
        }
        catch (UsageException e)
        {
            outcome = RunOutcome.Failure(OneLine(e), retryable: false); // a bad config fails the same way every time
        }
        catch (Exception e) when (EnvironmentErrors.Find(e) is { } cause)
        {
            StopBeating(beat);
            throw Stopped(cause, attempt);
        }
        catch (Exception e)
        {
            outcome = RunOutcome.Failure(OneLine(e));
        }
        StopBeating(beat);
        try { return Conclude(attempt, outcome, cancelled, cancel, stop, watch.Elapsed.TotalSeconds); }
        catch (Exception e) when (EnvironmentErrors.Find(e) is { } cause) { throw Stopped(cause, attempt); }
    }

    static void StopBeating(Timer beat)
    {
        using var disposed = new ManualResetEvent(false);
        beat.Dispose(disposed); // no heartbeat may land after the end is written
        disposed.WaitOne();
    }

    double Conclude(Attempt attempt, RunOutcome outcome, bool cancelled, CancellationTokenSource cancel, CancellationToken stop, double seconds)
    {
        bool hasResult = RunResult.IsValid(Path.Combine(attempt.RunDir, SweepDirectory.ResultFile));
        if (hasResult && (outcome.Succeeded || cancelled))
        {
            ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Done, null, false, seconds, ClaimRecord.ThisHost, DateTime.UtcNow));
            observer.OnEvent(new SweepEvent(SweepEventType.Done, attempt.Key, attempt.Number, options.WorkerName, seconds));
            return seconds;
        }
        if (cancelled || (!outcome.Succeeded && cancel.IsCancellationRequested))
        {
            string why = stop.IsCancellationRequested ? "worker stopped" : "fail-fast";
            ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Cancelled, why, true, seconds, ClaimRecord.ThisHost, DateTime.UtcNow));
            observer.OnEvent(new SweepEvent(SweepEventType.Cancelled, attempt.Key, attempt.Number, options.WorkerName, seconds, why));
            return seconds;
        }
        if (outcome.Succeeded)
            outcome = RunOutcome.Failure(File.Exists(Path.Combine(attempt.RunDir, SweepDirectory.ResultFile))
                ? $"the executor reported success but its {SweepDirectory.ResultFile} is not whole JSON"
                : $"the executor reported success but wrote no {SweepDirectory.ResultFile}");

        ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Failed, outcome.Reason, outcome.Retryable, seconds, ClaimRecord.ThisHost, DateTime.UtcNow));
        bool final = ledger.Inspect(attempt.Key).State == RunState.Failed;
        observer.OnEvent(new SweepEvent(SweepEventType.Failed, attempt.Key, attempt.Number, options.WorkerName, seconds, outcome.Reason, final));
        if (options.FailFast) sweep.TripFailFast($"{attempt.Key}: {outcome.Reason}");
        return seconds;
    }

    /// <summary>
    /// Ends the attempt as cancelled where the disk still allows it (else its claim stays open and is found lost
    /// once this process is gone: neither counts as a failure) and says what stopped the worker.
    /// </summary>
    WorkerStoppedException Stopped(Exception cause, Attempt? attempt)
    {
        string what = EnvironmentErrors.Describe(cause);
        if (attempt is not null)
        {
            try { ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Cancelled, what, true, 0, ClaimRecord.ThisHost, DateTime.UtcNow)); }
            catch (Exception e) when (EnvironmentErrors.Find(e) is not null) { }
            observer.OnEvent(new SweepEvent(SweepEventType.Cancelled, attempt.Key, attempt.Number, options.WorkerName, 0, what));
        }
        return new WorkerStoppedException($"worker {options.WorkerName} stopped: {what}; " +
            (attempt is null ? "" : $"run {attempt.Key} was not counted as failed; ") + "fix this and run the same command again to resume", cause);
    }

    static string OneLine(Exception e)
    {
        string message = e is EumentiaException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return message.ReplaceLineEndings(" ");
    }

    static string Describe(WorkerExit exit) => exit switch
    {
        WorkerExit.NoWork => "no runs left to claim",
        WorkerExit.TimeLimit => "time limit near",
        WorkerExit.Stopped => "stopped",
        _ => "fail-fast: a run failed",
    };
}
