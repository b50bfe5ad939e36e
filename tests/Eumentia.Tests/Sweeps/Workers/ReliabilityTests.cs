using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Sweeps.Workers;

/// <summary>
/// What a sweep on a shared cluster must survive: workers killed over and over, workers in other PID namespaces
/// under the same host name, a full disk, a result cut short.
/// </summary>
public class ReliabilityTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A claim by a process that no longer exists on this host (the pid of a finished child).</summary>
    static ClaimRecord DeadClaim(string worker)
    {
        using var child = System.Diagnostics.Process.Start("true")!;
        child.WaitForExit();
        return ClaimRecord.ForThisProcess(worker, Timeout) with { Pid = child.Id, ProcessStartUtc = DateTime.UtcNow.AddMinutes(-1) };
    }

    [Fact]
    public void AttemptsLostToKilledWorkersAreNotFailuresAndAreRetriedWithoutLimit()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\n"); // the default limit: 3 failed attempts
        string key = sweep.RunKeys().Single();
        var ledger = new RunLedger(sweep, Timeout);
        // Five workers in a row die holding the run (SIGKILL, OOM killer, preemption): each next one takes it over.
        for (int n = 1; n <= 5; n++)
        {
            File.WriteAllText(new Attempt(key, n, sweep.RunDir(key)).ClaimPath, DeadClaim($"killed {n}").ToJson());
            var status = ledger.Inspect(key);
            Assert.Equal((RunState.Pending, 0, n), (status.State, status.Failures, status.Lost));
            if (n < 5) Assert.NotNull(ledger.TryClaim(key, "taker")); // writes attempt n's end: lost
            File.Delete(new Attempt(key, n + 1, sweep.RunDir(key)).ClaimPath);
        }
        var summary = SweepSummary.Of(ledger);
        Assert.Contains("1 pending (1 from dead workers), 0 failed; 5 attempts lost to killed workers (retried, not failures)", summary.Lines().First());

        var log = new EventLog();
        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), log, CancellationToken.None);
        Assert.Equal(RunState.Done, ledger.Inspect(key).State);
        Assert.Equal(1, SweepTestDirectory.Executions(sweep)[key]);

        // Its own budget, when asked for: a run that kills its worker every time (out of memory) ends failed.
        var capped = temp.Create("kind: toy\nfixed: { width: 7 }\n", name: "capped");
        capped = SweepDirectory.OpenOrCreate(capped.Root, ToyKind.Kind, false, maxLost: 1);
        string other = capped.RunKeys().Single();
        var cappedLedger = new RunLedger(SweepDirectory.Open(capped.Root, false), Timeout);
        File.WriteAllText(new Attempt(other, 1, capped.RunDir(other)).ClaimPath, DeadClaim("a").ToJson());
        Assert.Equal(RunState.Pending, cappedLedger.Inspect(other).State);
        Assert.NotNull(cappedLedger.TryClaim(other, "b"));
        File.Delete(new Attempt(other, 2, capped.RunDir(other)).ClaimPath);
        File.WriteAllText(new Attempt(other, 2, capped.RunDir(other)).ClaimPath, DeadClaim("b").ToJson());
        var failed = cappedLedger.Inspect(other);
        Assert.Equal((RunState.Failed, 2), (failed.State, failed.Lost));
        Assert.Contains("lost 2 times (more than --max-lost 1)", failed.LastError);
    }

    [Fact]
    public void AClaimFromAnotherPidNamespaceIsJudgedByItsLeaseNotByAPidLookup()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\n");
        string key = sweep.RunKeys().Single();
        var attempt = new Attempt(key, 1, sweep.RunDir(key));
        // Same host name, a pid that means nothing here: a worker in a container or `unshare --pid`.
        var elsewhere = DeadClaim("in a container") with { PidNamespace = "pid:[1]", LeaseSeconds = 120 };
        File.WriteAllText(attempt.ClaimPath, elsewhere.ToJson());
        File.WriteAllText(attempt.HeartbeatPath, "");

        // The checker's own timeout is shorter than the holder's lease: the lease in the claim decides.
        var ledger = new RunLedger(sweep, TimeSpan.FromSeconds(10));
        File.SetLastWriteTimeUtc(attempt.ClaimPath, DateTime.UtcNow.AddSeconds(-60));
        File.SetLastWriteTimeUtc(attempt.HeartbeatPath, DateTime.UtcNow.AddSeconds(-60));
        Assert.Equal(RunState.Running, ledger.Inspect(key).State);
        Assert.Null(ledger.TryClaim(key, "me"));

        // Once the lease has run out since the last heartbeat, the claim is taken over.
        File.SetLastWriteTimeUtc(attempt.HeartbeatPath, DateTime.UtcNow.AddSeconds(-180));
        File.SetLastWriteTimeUtc(attempt.ClaimPath, DateTime.UtcNow.AddSeconds(-180));
        Assert.True(ledger.Inspect(key).Stale);
        Assert.Equal(2, ledger.TryClaim(key, "me")?.Number);

        // A claim from another kernel (another node with the same host name) is judged the same way.
        var other = temp.Create("kind: toy\nfixed: { width: 3 }\n", name: "other");
        string otherKey = other.RunKeys().Single();
        File.WriteAllText(new Attempt(otherKey, 1, other.RunDir(otherKey)).ClaimPath,
            (DeadClaim("on another node") with { Kernel = "another-boot-id" }).ToJson());
        Assert.Equal(RunState.Running, new RunLedger(other, TimeSpan.FromSeconds(10)).Inspect(otherKey).State);
    }

    [Fact]
    public void ADiskFullStopsTheWorkerWithoutUsingUpAttempts()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var temp = new SweepTestDirectory();
        // A real ENOSPC from the kernel: /dev/full refuses every write with "No space left on device".
        var kind = RunKind.Create<ToyConfig>("toy-full", (_, _, _) => File.WriteAllText("/dev/full", "metrics"));
        var sweep = SweepDirectory.OpenOrCreate(temp.Path_("full"), kind, false);
        sweep.Register(new[] { 1, 2, 3, 4 }.Select(w => new ToyConfig { Width = w })
            .Select(c => new PlannedRun(CanonicalConfig.Key(kind, c), c, CanonicalConfig.Json(kind, c))).ToList());
        var ledger = new RunLedger(sweep, Timeout);
        var log = new EventLog();

        var e = Assert.Throws<WorkerStoppedException>(() => ThreadWorkers.Run(ledger, 2, new WorkerOptions(), log, CancellationToken.None));
        Assert.Contains("no space left on device (ENOSPC)", e.Message);
        Assert.Contains("/dev/full", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain(log.Events, x => x.Type == SweepEventType.Failed);
        var summary = SweepSummary.Of(ledger);
        Assert.Equal(4, summary.Count(RunState.Pending));
        Assert.All(summary.Runs, r => Assert.Equal(0, r.Failures));
        Assert.InRange(summary.Runs.Sum(r => r.Attempts), 1, 2); // stopped at once, not three attempts per run
    }

    [Fact]
    public void ATruncatedResultIsNotDoneAndTheRunIsExecutedAgain()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [1, 2] }\n");
        var ledger = new RunLedger(sweep, Timeout);
        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), new EventLog(), CancellationToken.None);
        string key = sweep.RunKeys()[0];
        string result = Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile);
        string whole = File.ReadAllText(result);
        File.WriteAllText(result, whole[..(whole.Length / 2)]);

        Assert.Equal(RunState.Pending, ledger.Inspect(key).State);
        Assert.Contains("1 done", SweepSummary.Of(ledger).Lines().First());
        ThreadWorkers.Run(new RunLedger(sweep, Timeout), 1, new WorkerOptions(), new EventLog(), CancellationToken.None);
        Assert.Equal(RunState.Done, ledger.Inspect(key).State);
        Assert.Equal(whole, File.ReadAllText(result));
        Assert.Equal(2, SweepTestDirectory.Executions(sweep)[key]);
        Assert.True(File.Exists(Path.Combine(sweep.RunDir(key), "attempt-2.invalid-result.json"))); // kept aside
    }

    [Fact]
    public void TemporaryFilesOfKilledWorkersAreRemovedWhenAWorkerStarts()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [1, 2, 3] }\n");
        var keys = sweep.RunKeys();
        var ledger = new RunLedger(sweep, Timeout);
        // Run 2 is running now (claimed by this live process): its files are being written and must stay.
        Assert.NotNull(ledger.TryClaim(keys[2], "live"));
        string Leftover(string dir, string name, double minutesOld)
        {
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, "partial");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-minutesOld));
            return path;
        }
        var stale = new[]
        {
            Leftover(sweep.RunDir(keys[0]), ".weights.safetensors.4242.0123abcd.tmp", 5),
            Leftover(sweep.RunDir(keys[1]), ".attempt-1.claim.4242.7.tmp", 5),
            Leftover(sweep.Root, ".results.csv.4242.0123abcd.tmp", 5),
        };
        var kept = new[]
        {
            Leftover(sweep.RunDir(keys[0]), ".result.json.4343.fresh.tmp", 0), // may belong to a worker that just claimed the run
            Leftover(sweep.RunDir(keys[2]), ".metrics.csv.4444.live.tmp", 5),  // its run is running
        };

        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), new EventLog(), CancellationToken.None);
        Assert.All(stale, path => Assert.False(File.Exists(path), path));
        Assert.All(kept, path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void StatusCountsDeadWorkersOnlyAmongPendingRuns()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [1, 2] }\n");
        sweep = SweepDirectory.OpenOrCreate(sweep.Root, ToyKind.Kind, false, maxLost: 0);
        foreach (var key in sweep.RunKeys())
            File.WriteAllText(new Attempt(key, 1, sweep.RunDir(key)).ClaimPath, DeadClaim("killed").ToJson());
        var line = SweepSummary.Of(new RunLedger(sweep, Timeout)).Lines().First();
        Assert.Contains("0 pending, 2 failed", line);
        Assert.DoesNotContain("dead workers", line);
    }
}
