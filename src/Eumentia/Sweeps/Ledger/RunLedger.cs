using System.Diagnostics;
using System.Globalization;

using Eumentia.IO;

namespace Eumentia.Sweeps.Ledger;

/// <summary>One claimed attempt at a run: attempt-N.claim exists and belongs to us.</summary>
public sealed record Attempt(string Key, int Number, string RunDir)
{
    public string ClaimPath => Path.Combine(RunDir, $"attempt-{Number}.claim");
    public string HeartbeatPath => Path.Combine(RunDir, $"attempt-{Number}.heartbeat");
    public string EndPath => Path.Combine(RunDir, $"attempt-{Number}.end");
}

/// <summary>
/// Reads and changes the state of runs in a sweep directory. A claim is the exclusive creation
/// (<see cref="FileMode.CreateNew"/>, O_EXCL: atomic on local file systems and NFSv3+) of attempt-N.claim
/// with N one past the last attempt seen: of any number of workers on any hosts, exactly one gets attempt N,
/// and attempt N+1 is only tried once attempt N is over (ended, or its worker found dead). A worker whose
/// process this one can see (same kernel and PID namespace: see <see cref="ClaimRecord"/>) is dead when its
/// process is gone; any other when its lease has run out: its heartbeat is older than the lease in its claim,
/// measured against the file server's clock (the mtime of a file we just wrote), so host clocks may disagree.
/// Attempts lost to a dead worker are not failures of the run: they are counted apart and retried.
/// </summary>
public sealed class RunLedger
{
    readonly SweepDirectory sweep;
    readonly string clockFile;
    readonly Lock clockGate = new();
    DateTime clockBase;
    readonly Stopwatch clockAge = new();

    public RunLedger(SweepDirectory sweep, TimeSpan heartbeatTimeout)
    {
        this.sweep = sweep;
        HeartbeatTimeout = heartbeatTimeout;
        clockFile = Path.Combine(sweep.Root, ".clock", ClaimRecord.ThisHost);
    }

    public TimeSpan HeartbeatTimeout { get; }

    public SweepDirectory Sweep => sweep;

    public RunStatus Inspect(string key)
    {
        string dir = sweep.RunDir(key);
        var claims = new List<int>();
        var ends = new List<int>();
        bool hasResult = false;
        foreach (var path in Directory.EnumerateFiles(dir))
        {
            string name = Path.GetFileName(path);
            if (name == SweepDirectory.ResultFile) hasResult = true;
            else if (AttemptNumber(name, ".claim") is { } c) claims.Add(c);
            else if (AttemptNumber(name, ".end") is { } e) ends.Add(e);
        }
        int attempts = claims.Count == 0 ? 0 : claims.Max();
        // Done means a result that parses: a truncated or corrupt one (a disk that filled, a kind that wrote it
        // in place) is run again rather than collected.
        if (hasResult && RunResult.IsValid(Path.Combine(dir, SweepDirectory.ResultFile)))
            return new RunStatus(key, RunState.Done, attempts, 0, null, null, false);

        int failures = 0, lost = 0;
        bool permanent = false;
        string? lastError = null;
        ends.Sort();
        foreach (int n in ends)
        {
            var end = AttemptEnd.TryRead(Path.Combine(dir, $"attempt-{n}.end"));
            if (end is { Status: AttemptStatus.Lost }) lost++;
            if (end is null || !end.CountsAsFailure) continue;
            failures++;
            lastError = end.Reason;
            permanent |= !end.Retryable;
        }

        bool stale = false;
        ClaimRecord? claim = null;
        if (attempts > 0 && !ends.Contains(attempts))
        {
            var attempt = new Attempt(key, attempts, dir);
            claim = ClaimRecord.TryRead(attempt.ClaimPath);
            stale = IsStale(attempt, claim);
            if (!stale) return new RunStatus(key, RunState.Running, attempts, failures, lastError, claim, false, lost);
            lost++;
        }
        var state = permanent || failures >= sweep.MaxAttempts || lost > sweep.MaxLost ? RunState.Failed : RunState.Pending;
        if (state == RunState.Failed && !permanent && failures < sweep.MaxAttempts)
            lastError = $"its worker was lost {lost} times (more than --max-lost {sweep.MaxLost})";
        return new RunStatus(key, state, attempts, failures, lastError, claim, stale, lost);
    }

    /// <summary>Claims the run's next attempt, or returns null when it is not pending or another worker got there first.</summary>
    public Attempt? TryClaim(string key, string worker) => TryClaim(key, worker, out _);

    /// <inheritdoc cref="TryClaim(string, string)"/>
    /// <param name="status">The state the run was found in (Done and Failed never change back).</param>
    public Attempt? TryClaim(string key, string worker, out RunStatus status)
    {
        status = Inspect(key);
        if (!status.Claimable) return null;
        string dir = sweep.RunDir(key);
        if (status.Stale)
        {
            // Several workers may find the same dead claim; they all write the same verdict, and then race
            // for attempt N+1 below, which only one wins.
            var lost = new Attempt(key, status.Attempts, dir);
            if (!File.Exists(lost.EndPath))
                Finish(lost, new AttemptEnd(AttemptStatus.Lost, LostReason(status.Claim), true, 0, ClaimRecord.ThisHost, DateTime.UtcNow));
        }
        var attempt = new Attempt(key, status.Attempts + 1, dir);
        var bytes = System.Text.Encoding.UTF8.GetBytes(ClaimRecord.ForThisProcess(worker, HeartbeatTimeout).ToJson());
        // Whole or not at all: a claim killed half-written would name no process and look alive until its heartbeat
        // timed out (minutes), so a resumed sweep would skip its run.
        if (!ExclusiveFile.TryCreate(attempt.ClaimPath, bytes)) return null;
        string result = Path.Combine(dir, SweepDirectory.ResultFile);
        if (RunResult.IsValid(result))
        {
            // A worker we had given up for dead finished after all.
            Finish(attempt, new AttemptEnd(AttemptStatus.Cancelled, "already done", true, 0, ClaimRecord.ThisHost, DateTime.UtcNow));
            return null;
        }
        // An invalid result left by an earlier attempt is kept aside for a post-mortem, out of the way of this one.
        if (File.Exists(result)) File.Move(result, Path.Combine(dir, $"attempt-{attempt.Number}.invalid-result.json"), overwrite: true);
        Heartbeat(attempt);
        return attempt;
    }

    /// <summary>
    /// Removes the temporary files (".*.tmp": half-written weights, results, claims) that killed workers left in
    /// the sweep directory and in the directories of runs nobody is running. A file younger than a minute is
    /// left alone: a worker that claimed the run since we looked may be writing it right now.
    /// </summary>
    /// <returns>How many files were removed.</returns>
    public int RemoveLeftovers()
    {
        var cutoff = DateTime.UtcNow - TimeSpan.FromMinutes(1);
        var dirs = sweep.RunKeys().Where(key => Inspect(key).State != RunState.Running).Select(sweep.RunDir).Prepend(sweep.Root);
        int removed = 0;
        foreach (var dir in dirs)
            foreach (var file in Directory.EnumerateFiles(dir, ".*.tmp"))
            {
                try
                {
                    if (File.GetLastWriteTimeUtc(file) >= cutoff) continue;
                    File.Delete(file);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // gone already, or not ours to remove
            }
        return removed;
    }

    /// <summary>Refreshes the attempt's heartbeat (its mtime is what other hosts look at).</summary>
    public void Heartbeat(Attempt attempt) =>
        File.WriteAllText(attempt.HeartbeatPath, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));

    public void Finish(Attempt attempt, AttemptEnd end)
    {
        AtomicFile.WriteAllText(attempt.EndPath, end.ToJson() + "\n");
        try { File.Delete(attempt.HeartbeatPath); } catch (IOException) { }
    }

    /// <summary>
    /// A claim is given up when its process is seen to be gone (only possible from the same kernel and PID
    /// namespace), or else when its lease (the claimer's heartbeat timeout, as written in the claim) has run out
    /// since its last heartbeat.
    /// </summary>
    bool IsStale(Attempt attempt, ClaimRecord? claim)
    {
        if (claim?.ProcessAliveHere() is { } alive) return !alive;
        DateTime last = File.GetLastWriteTimeUtc(attempt.ClaimPath);
        if (File.Exists(attempt.HeartbeatPath)) last = Max(last, File.GetLastWriteTimeUtc(attempt.HeartbeatPath));
        var lease = claim?.LeaseSeconds is double seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : HeartbeatTimeout;
        return FileSystemNow() - last > lease;
    }

    static string LostReason(ClaimRecord? claim) =>
        claim is null ? "worker lost (claim unreadable, no heartbeat)" : $"worker lost ({claim.Host} pid {claim.Pid} stopped without finishing)";

    /// <summary>"Now" on the file server: the mtime of a file we write, refreshed every few seconds.</summary>
    DateTime FileSystemNow()
    {
        lock (clockGate)
        {
            if (!clockAge.IsRunning || clockAge.Elapsed > TimeSpan.FromSeconds(5))
            {
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(clockFile)!);
                    File.WriteAllText(clockFile, "");
                    clockBase = File.GetLastWriteTimeUtc(clockFile);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    clockBase = DateTime.UtcNow; // a read-only look (sweep status by another user): our own clock
                }
                clockAge.Restart();
            }
            return clockBase + clockAge.Elapsed;
        }
    }

    static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    static int? AttemptNumber(string name, string suffix) =>
        name.StartsWith("attempt-", StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(8, name.Length - 8 - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
}
