using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;
using System.Text.Json;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Sweeps.Ledger;

public class LedgerTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void OfManyRacingClaimsExactlyOneWins()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nfixed: {width: 3}\n");
        string key = sweep.RunKeys().Single();
        // Separate ledgers, as separate processes would have.
        var winners = new int[32];
        Parallel.For(0, winners.Length, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
        {
            if (new RunLedger(sweep, Timeout).TryClaim(key, $"w{i}") is not null) winners[i] = 1;
        });
        Assert.Equal(1, winners.Sum());
        var status = new RunLedger(sweep, Timeout).Inspect(key);
        Assert.Equal(RunState.Running, status.State);
        Assert.Equal(1, status.Attempts);
    }

    [Fact]
    public void AClaimOfADeadProcessOnThisHostIsTakenOverAtOnce()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\n");
        string key = sweep.RunKeys().Single();
        // A claim by a process that no longer exists (pid of a finished child).
        using var child = System.Diagnostics.Process.Start("true")!;
        child.WaitForExit();
        var dead = ClaimRecord.ForThisProcess("dead", Timeout) with { Pid = child.Id, ProcessStartUtc = DateTime.UtcNow.AddMinutes(-1) };
        File.WriteAllText(Path.Combine(sweep.RunDir(key), "attempt-1.claim"), dead.ToJson());

        var ledger = new RunLedger(sweep, TimeSpan.FromHours(1));
        var status = ledger.Inspect(key);
        Assert.True(status.Stale);
        Assert.Equal(RunState.Pending, status.State);
        var attempt = ledger.TryClaim(key, "me");
        Assert.Equal(2, attempt?.Number);
        var end = AttemptEnd.TryRead(Path.Combine(sweep.RunDir(key), "attempt-1.end"));
        Assert.Equal(AttemptStatus.Lost, end?.Status);
        Assert.Contains($"pid {child.Id}", end?.Reason);
    }

    [Fact]
    public void AClaimFromAnotherHostIsTakenOverOnlyWhenItsHeartbeatIsOld()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\n");
        string key = sweep.RunKeys().Single();
        string claim = Path.Combine(sweep.RunDir(key), "attempt-1.claim");
        File.WriteAllText(claim, (ClaimRecord.ForThisProcess("far", TimeSpan.FromMinutes(2)) with { Host = "elsewhere", Kernel = "another-boot-id" }).ToJson());
        string heartbeat = Path.Combine(sweep.RunDir(key), "attempt-1.heartbeat");
        File.WriteAllText(heartbeat, "");

        var ledger = new RunLedger(sweep, TimeSpan.FromMinutes(2));
        Assert.Equal(RunState.Running, ledger.Inspect(key).State);
        Assert.Null(ledger.TryClaim(key, "me"));

        // Both files last touched 3 minutes ago: the worker elsewhere is presumed dead.
        File.SetLastWriteTimeUtc(claim, DateTime.UtcNow.AddMinutes(-3));
        File.SetLastWriteTimeUtc(heartbeat, DateTime.UtcNow.AddMinutes(-3));
        Assert.True(ledger.Inspect(key).Stale);
        Assert.Equal(2, ledger.TryClaim(key, "me")?.Number);
    }

    [Fact]
    public void FailedRunsAreRetriedUpToTheLimitAndPermanentFailuresAreFinal()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nconfigs: [ {fail: true}, {width: 4} ]\n", maxAttempts: 2);
        var log = new EventLog();
        var exits = ThreadWorkers.Run(new RunLedger(sweep, Timeout), 2, new WorkerOptions(), log, CancellationToken.None);
        Assert.All(exits, e => Assert.Equal(WorkerExit.NoWork, e));

        var executions = SweepTestDirectory.Executions(sweep);
        var summary = SweepSummary.Of(new RunLedger(sweep, Timeout));
        var failed = summary.Runs.Single(r => r.State == RunState.Failed);
        Assert.Equal(2, executions[failed.Key]);
        Assert.Equal(2, failed.Failures);
        Assert.Equal("toy failure (width 16)", failed.LastError);
        Assert.Equal(1, summary.Count(RunState.Done));
        var failures = log.Events.Where(e => e.Type == SweepEventType.Failed).ToList();
        Assert.Equal([false, true], failures.Select(f => f.Final));

        // A new limit (a later `sweep run --max-attempts 3`) gives the run one more try.
        var again = SweepDirectory.OpenOrCreate(sweep.Root, ToyKind.Kind, false, maxAttempts: 3);
        ThreadWorkers.Run(new RunLedger(again, Timeout), 1, new WorkerOptions(), log, CancellationToken.None);
        Assert.Equal(3, SweepTestDirectory.Executions(again)[failed.Key]);

        // A failure the executor calls permanent is not retried.
        var permanent = new Attempt(failed.Key, 4, again.RunDir(failed.Key));
        var ledger = new RunLedger(SweepDirectory.OpenOrCreate(sweep.Root, ToyKind.Kind, false, maxAttempts: 10), Timeout);
        File.WriteAllText(permanent.ClaimPath, "");
        ledger.Finish(permanent, new AttemptEnd(AttemptStatus.Failed, "diverged", false, 0, "h", DateTime.UtcNow));
        Assert.Equal(RunState.Failed, ledger.Inspect(failed.Key).State);
    }

    [Fact]
    public void FailFastStopsEveryWorkerAfterTheFirstFailure()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nconfigs: [ {fail: true} ]\ngrid: { width: [1, 2, 3, 4, 5, 6, 7, 8] }\n");
        var exits = ThreadWorkers.Run(new RunLedger(sweep, Timeout), 1, new WorkerOptions { FailFast = true }, new EventLog(), CancellationToken.None);
        Assert.Equal(WorkerExit.FailFast, exits.Single());
        Assert.True(sweep.FailFastTripped);
        Assert.Equal(1, SweepTestDirectory.Executions(sweep).Values.Sum());
    }

    [Fact]
    public void FailFastCancelsRunsInFlightInOtherWorkers()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nconfigs: [ {sleep_ms: 20000}, {fail: true, sleep_ms: 200} ]\n");
        var log = new EventLog();
        var exits = ThreadWorkers.Run(new RunLedger(sweep, Timeout), 2, new WorkerOptions { FailFast = true }, log, CancellationToken.None);
        Assert.All(exits, e => Assert.Equal(WorkerExit.FailFast, e));
        // The long run was stopped (within a second of the failure), not finished, and is pending again.
        Assert.Contains(log.Events, e => e.Type == SweepEventType.Cancelled && e.Reason == "fail-fast");
        Assert.DoesNotContain(log.Events, e => e.Type == SweepEventType.Done);
        var summary = SweepSummary.Of(new RunLedger(sweep, Timeout));
        Assert.Equal(2, summary.Count(RunState.Pending)); // the failed run has attempts left
    }

    [Fact]
    public void ReRunsSkipDoneRunsAndAChangedSpecAddsOnlyNewRuns()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [1, 2, 3] }\n");
        ThreadWorkers.Run(new RunLedger(sweep, Timeout), 2, new WorkerOptions(), new EventLog(), CancellationToken.None);
        ThreadWorkers.Run(new RunLedger(sweep, Timeout), 2, new WorkerOptions(), new EventLog(), CancellationToken.None);
        Assert.All(SweepTestDirectory.Executions(sweep).Values, n => Assert.Equal(1, n));

        var changed = temp.Create("kind: toy\ngrid: { width: [1, 2, 3, 4, 5] }\n");
        Assert.Equal(5, changed.RunKeys().Count);
        var log = new EventLog();
        ThreadWorkers.Run(new RunLedger(changed, Timeout), 2, new WorkerOptions(), log, CancellationToken.None);
        Assert.Equal(2, log.Events.Count(e => e.Type == SweepEventType.Done));
        Assert.All(SweepTestDirectory.Executions(changed).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void ManyWorkersRunEveryRunExactlyOnceInSpecOrder()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }\nseeds: 4\n");
        var log = new EventLog();
        // Two "processes" (separate queues and ledgers) with four threads each.
        Parallel.For(0, 2, _ => ThreadWorkers.Run(new RunLedger(sweep, Timeout), 4, new WorkerOptions(), log, CancellationToken.None));
        Assert.Equal(40, SweepTestDirectory.Executions(sweep).Count(kv => kv.Value == 1));
        Assert.Equal(40, log.Events.Count(e => e.Type == SweepEventType.Done));

        var one = SweepDirectory.OpenOrCreate(temp.Path_("ordered"), ToyKind.Kind, false);
        one.Register(SpecParser.Parse("kind: toy\ngrid: { width: [9, 3, 7] }\n", "s").Expand());
        var single = new EventLog();
        ThreadWorkers.Run(new RunLedger(one, Timeout), 1, new WorkerOptions(), single, CancellationToken.None);
        var widths = single.Events.Where(e => e.Type == SweepEventType.Done)
            .Select(e => ((ToyConfig)one.LoadRun(e.Key!).Config).Width);
        Assert.Equal([9, 3, 7], widths);
    }

    [Fact]
    public void AWorkerStopsClaimingWhenItsTimeLimitNears()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nfixed: { sleep_ms: 300 }\ngrid: { width: [1, 2, 3, 4, 5, 6] }\n");
        var exit = ThreadWorkers.Run(new RunLedger(sweep, Timeout), 1, new WorkerOptions { TimeLimit = TimeSpan.FromMilliseconds(500) }, new EventLog(), CancellationToken.None);
        Assert.Equal(WorkerExit.TimeLimit, exit.Single());
        int ran = SweepTestDirectory.Executions(sweep).Values.Sum();
        Assert.InRange(ran, 1, 2); // a 300 ms run fits once (maybe twice if the first was quick), never all six
    }

    [Fact]
    public void ADirectoryOfAnotherFormatIsRefusedUnlessForced()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\n");
        string manifest = Path.Combine(sweep.Root, SweepDirectory.ManifestFile);
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(manifest))!;
        File.WriteAllText(manifest, JsonSerializer.Serialize(new { format = 99, kind = json["kind"].GetString() }));
        var e = Assert.Throws<EumentiaException>(() => SweepDirectory.Open(sweep.Root, force: false));
        Assert.Contains("written by sweep format 99, this eumentia reads format 1", e.Message);
        Assert.Contains("--force", e.Message);
        Assert.Equal("toy", SweepDirectory.Open(sweep.Root, force: true).Kind.Name);
        Assert.Throws<UsageException>(() => SweepDirectory.OpenOrCreate(sweep.Root, RunKind.Create<ToyConfig>("other", (_, _, _) => RunOutcome.Success), true));
    }

    [Fact]
    public void ARunWhoseConfigNoLongerHashesToItsKeyIsRefused()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nfixed: { width: 5 }\n");
        string key = sweep.RunKeys().Single();
        string runJson = Path.Combine(sweep.RunDir(key), SweepDirectory.RunFile);
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"width\": 5", "\"width\": 6"));
        var e = Assert.Throws<EumentiaException>(() => sweep.LoadRun(key));
        Assert.Contains("hashes to", e.Message);
    }

    [Fact]
    public void AStoppedWorkerCancelsItsRunWhichStaysPendingWithoutAFailure()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nfixed: { sleep_ms: 4000 }\n");
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var log = new EventLog();
        var exit = ThreadWorkers.Run(new RunLedger(sweep, Timeout), 1, new WorkerOptions(), log, stop.Token);
        Assert.Equal(WorkerExit.Stopped, exit.Single());
        Assert.Contains(log.Events, e => e.Type == SweepEventType.Cancelled);
        var status = new RunLedger(sweep, Timeout).Inspect(sweep.RunKeys().Single());
        Assert.Equal((RunState.Pending, 1, 0), (status.State, status.Attempts, status.Failures));
    }

    [Fact]
    public void ABadConfigFoundByTheExecutorIsNotRetried()
    {
        using var temp = new SweepTestDirectory();
        var kind = RunKind.Create<ToyConfig>("toy-usage", (_, _, _) => throw new UsageException("unknown data set 'nope'"));
        var sweep = SweepDirectory.OpenOrCreate(temp.Path_("u"), kind, false);
        sweep.Register([new PlannedRun(CanonicalConfig.Key(kind, new ToyConfig()), new ToyConfig(), CanonicalConfig.Json(kind, new ToyConfig()))]);
        var log = new EventLog();
        ThreadWorkers.Run(new RunLedger(sweep, Timeout), 1, new WorkerOptions(), log, CancellationToken.None);
        var failed = Assert.Single(log.Events, e => e.Type == SweepEventType.Failed);
        Assert.True(failed.Final);
        Assert.Equal("unknown data set 'nope'", failed.Reason);
    }
}
