using System.Diagnostics;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;

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
            catch (Exception e) when (EnvironmentErrors.Find(e) is { } cause) { throw Stopped(cause, []); }
            if (attempt is null) { exit = WorkerExit.NoWork; break; }
            IReadOnlyList<Attempt> batch;
            try { batch = queue.ClaimBatch(attempt, options.WorkerName, options.BatchLimit); }
            catch (Exception e) when (EnvironmentErrors.Find(e) is { } cause) { throw Stopped(cause, [attempt]); }
            double seconds = Execute(batch, stop);
            longestSeconds = Math.Max(longestSeconds, seconds);
            RunsExecuted += batch.Count;
        }
        observer.OnEvent(new SweepEvent(SweepEventType.WorkerExited, null, 0, options.WorkerName,
            clock.Elapsed.TotalSeconds, $"{Describe(exit)} after {RunsExecuted} run{(RunsExecuted == 1 ? "" : "s")}"));
        return exit;
    }

    /// <summary>
    /// Executes claimed runs: one through its kind's executor, several of one batch (<see cref="RunKind.BatchKey"/>)
    /// through the kind's batch executor. Each attempt is concluded in the ledger as soon as its run reports, so a
    /// kill mid-batch leaves the runs reported so far done. Returns the seconds the whole batch took.
    /// </summary>
    double Execute(IReadOnlyList<Attempt> attempts, CancellationToken stop)
    {
        foreach (var attempt in attempts)
        {
            var previous = new Attempt(attempt.Key, attempt.Number - 1, attempt.RunDir);
            if (attempt.Number > 1 && AttemptEnd.TryRead(previous.EndPath) is { Status: AttemptStatus.Lost } lost)
                observer.OnEvent(new SweepEvent(SweepEventType.Recovered, attempt.Key, attempt.Number - 1, options.WorkerName, Reason: lost.Reason));
            observer.OnEvent(new SweepEvent(SweepEventType.Started, attempt.Key, attempt.Number, options.WorkerName));
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // The attempts not yet concluded: only they are beaten, so no heartbeat lands after an attempt's end is written.
        var open = new List<Attempt>(attempts);
        var gate = new Lock();
        // Every second: cancel if fail-fast tripped elsewhere; every heartbeat interval: beat.
        var tick = TimeSpan.FromTicks(Math.Min(options.HeartbeatInterval.Ticks, TimeSpan.TicksPerSecond));
        var sinceBeat = Stopwatch.StartNew();
        var beat = new Timer(_ =>
        {
            try
            {
                if (sweep.FailFastTripped) cancel.Cancel();
                if (sinceBeat.Elapsed < options.HeartbeatInterval) return;
                lock (gate)
                    foreach (var attempt in open) ledger.Heartbeat(attempt);
                sinceBeat.Restart();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                // A missed beat is tolerated (the timeout is several intervals); the next one retries.
            }
        }, null, tick, tick);

        var watch = Stopwatch.StartNew();
        double concludedAt = 0;
        // A run's seconds: from the previous run's report (or the start) to its own, so a batch's runs add up to the batch.
        void Report(int index, RunOutcome outcome, bool cancelled)
        {
            var attempt = attempts[index];
            lock (gate)
                if (!open.Remove(attempt)) return; // reported twice: the first report stands
            double now = watch.Elapsed.TotalSeconds, seconds = now - concludedAt;
            concludedAt = now;
            try { Conclude(attempt, outcome, cancelled, cancel, stop, seconds); }
            catch (Exception e) when (EnvironmentErrors.Find(e) is not null)
            {
                lock (gate) open.Add(attempt); // not concluded: Stopped ends it as cancelled where it still can
                throw;
            }
        }

        RunOutcome rest = RunOutcome.Failure("the batch executor reported no outcome for this run");
        bool restCancelled = false;
        try
        {
            try
            {
                var runs = attempts.Select(a => sweep.LoadRun(a.Key)).ToList();
                if (runs.Count == 1)
                    Report(0, runs[0].Kind.Execute(runs[0].Config, attempts[0].RunDir, cancel.Token), false);
                else
                    runs[0].Kind.ExecuteBatch([.. runs.Select((r, i) => (r.Config, attempts[i].RunDir))], (i, outcome) => Report(i, outcome, false), cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                (rest, restCancelled) = (RunOutcome.Failure("cancelled"), true);
            }
            catch (UsageException e)
            {
                rest = RunOutcome.Failure(OneLine(e), retryable: false); // a bad config fails the same way every time
            }
            catch (Exception e) when (EnvironmentErrors.Find(e) is null)
            {
                rest = RunOutcome.Failure(OneLine(e));
            }
            for (int i = 0; i < attempts.Count; i++) Report(i, rest, restCancelled);
        }
        catch (Exception e) when (EnvironmentErrors.Find(e) is { } cause)
        {
            StopBeating(beat);
            List<Attempt> unfinished;
            lock (gate) unfinished = [.. open];
            throw Stopped(cause, unfinished);
        }
        StopBeating(beat);
        return watch.Elapsed.TotalSeconds;
    }

    static void StopBeating(Timer beat)
    {
        using var disposed = new ManualResetEvent(false);
        beat.Dispose(disposed); // no heartbeat may land after the end is written
        disposed.WaitOne();
    }

    void Conclude(Attempt attempt, RunOutcome outcome, bool cancelled, CancellationTokenSource cancel, CancellationToken stop, double seconds)
    {
        bool hasResult = RunResult.IsValid(Path.Combine(attempt.RunDir, SweepDirectory.ResultFile));
        if (hasResult && (outcome.Succeeded || cancelled))
        {
            ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Done, null, false, seconds, ClaimRecord.ThisHost, DateTime.UtcNow));
            observer.OnEvent(new SweepEvent(SweepEventType.Done, attempt.Key, attempt.Number, options.WorkerName, seconds));
            return;
        }
        if (cancelled || (!outcome.Succeeded && cancel.IsCancellationRequested))
        {
            string why = stop.IsCancellationRequested ? "worker stopped" : "fail-fast";
            ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Cancelled, why, true, seconds, ClaimRecord.ThisHost, DateTime.UtcNow));
            observer.OnEvent(new SweepEvent(SweepEventType.Cancelled, attempt.Key, attempt.Number, options.WorkerName, seconds, why));
            return;
        }
        if (outcome.Succeeded)
            outcome = RunOutcome.Failure(File.Exists(Path.Combine(attempt.RunDir, SweepDirectory.ResultFile))
                ? $"the executor reported success but its {SweepDirectory.ResultFile} is not whole JSON"
                : $"the executor reported success but wrote no {SweepDirectory.ResultFile}");

        ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Failed, outcome.Reason, outcome.Retryable, seconds, ClaimRecord.ThisHost, DateTime.UtcNow));
        bool final = ledger.Inspect(attempt.Key).State == RunState.Failed;
        observer.OnEvent(new SweepEvent(SweepEventType.Failed, attempt.Key, attempt.Number, options.WorkerName, seconds, outcome.Reason, final));
        if (options.FailFast) sweep.TripFailFast($"{attempt.Key}: {outcome.Reason}");
    }

    /// <summary>
    /// Ends the attempts as cancelled where the disk still allows it (else their claims stay open and are found lost
    /// once this process is gone: neither counts as a failure) and says what stopped the worker.
    /// </summary>
    WorkerStoppedException Stopped(Exception cause, IReadOnlyList<Attempt> attempts)
    {
        string what = EnvironmentErrors.Describe(cause);
        foreach (var attempt in attempts)
        {
            try { ledger.Finish(attempt, new AttemptEnd(AttemptStatus.Cancelled, what, true, 0, ClaimRecord.ThisHost, DateTime.UtcNow)); }
            catch (Exception e) when (EnvironmentErrors.Find(e) is not null) { }
            observer.OnEvent(new SweepEvent(SweepEventType.Cancelled, attempt.Key, attempt.Number, options.WorkerName, 0, what));
        }
        string which = attempts.Count switch
        {
            0 => "",
            1 => $"run {attempts[0].Key} was not counted as failed; ",
            _ => $"runs {string.Join(", ", attempts.Select(a => a.Key))} were not counted as failed; ",
        };
        return new WorkerStoppedException($"worker {options.WorkerName} stopped: {what}; {which}fix this and run the same command again to resume", cause);
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
