using System.Diagnostics;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using Xunit.Abstractions;

namespace Eumentia.Tests.Sweeps.Workers;

/// <summary>
/// A sweep of real training runs is SIGKILLed 20 times at random moments (while starting, claiming, training,
/// writing), each time restarted with the same command and default settings, then run to the end: every run
/// ends done, none failed, none lost, none executed again after it was done, none by two workers at once.
/// </summary>
public class FaultInjectionTests(ITestOutputHelper output)
{
    const int Kills = 20;

    [Fact]
    public void TwentyKillsAtRandomMomentsThenResumeDoEveryRunExactlyOnce()
    {
        if (OperatingSystem.IsWindows()) return; // SIGKILL semantics
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        // Runs of one to a few seconds: a kill often lands on the same run again (the run in flight is taken up
        // first after a restart), which is what used to use up its attempts.
        int seeds = 2;
        File.WriteAllText(spec, Spec(seeds));
        string dir = temp.Path_("runs/kills");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"kill moments drawn with seed {seed}");

        int killedWhileRunning = 0;
        for (int start = 0; killedWhileRunning < Kills && start < 3 * Kills; start++)
        {
            int claimsBefore = Claims(dir);
            using var sweep = CliRunner.Start(temp.Path_($"start-{start}.log"), "sweep", "run", spec, "--dir", dir, "-j", "2");
            // Every fourth kill at a random moment after start (starting up, registering, claiming), the others at a
            // random moment after this process claimed its first run (training, writing files, finishing, claiming the next).
            if (start % 4 != 0)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (Claims(dir) == claimsBefore && !sweep.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(5);
            }
            if (sweep.WaitForExit(random.Next(0, 1500)))
            {
                // Everything was done before this kill (a fast machine): more seeds give the next kills work.
                File.WriteAllText(spec, Spec(seeds += 2));
                continue;
            }
            sweep.Kill(); // SIGKILL
            sweep.WaitForExit();
            killedWhileRunning++;
        }

        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir, "-j", "2");
        Assert.True(code == 0, stdout + stderr);
        var directory = SweepDirectory.Open(dir, false);
        var ledger = new RunLedger(directory, new WorkerOptions().HeartbeatTimeout);
        var runs = directory.RunKeys().Select(ledger.Inspect).ToList();
        Assert.Equal(5 * seeds, runs.Count);

        int failed = runs.Count(r => r.State == RunState.Failed);
        int notDone = runs.Count(r => r.State != RunState.Done);
        int twice = runs.Count(r => ExecutedAfterDoneOrConcurrently(directory.RunDir(r.Key)));
        int lostAttempts = runs.Sum(r => Ends(directory.RunDir(r.Key)).Count(e => e.Status == AttemptStatus.Lost));
        int mostLost = runs.Max(r => Ends(directory.RunDir(r.Key)).Count(e => e.Status == AttemptStatus.Lost));
        int wouldHaveFailed = runs.Count(r => Ends(directory.RunDir(r.Key)).Count(e => e.Status == AttemptStatus.Lost) >= SweepDirectory.DefaultMaxAttempts);
        output.WriteLine($"{killedWhileRunning} kills, {runs.Count} runs: {failed} failed, {notDone} not done, {twice} run twice; {lostAttempts} attempts lost and retried " +
                         $"(at most {mostLost} by one run; {wouldHaveFailed} runs lost {SweepDirectory.DefaultMaxAttempts} or more, which counted as failures used to fail)");
        foreach (var r in runs.Where(r => ExecutedAfterDoneOrConcurrently(directory.RunDir(r.Key))))
            output.WriteLine($"run twice? {r.Key}: " + string.Join("; ", Directory.GetFiles(directory.RunDir(r.Key), "attempt-*").Order()
                .Select(f => Path.GetFileName(f) + (f.EndsWith(".end", StringComparison.Ordinal) ? " " + File.ReadAllText(f) : ""))));
        Assert.Equal(Kills, killedWhileRunning);
        Assert.Equal((0, 0, 0), (failed, notDone, twice));
        Assert.All(runs, r => Assert.True(RunResult.IsValid(Path.Combine(directory.RunDir(r.Key), SweepDirectory.ResultFile))));

        (code, stdout, _) = CliRunner.InProcess("collect", "--dir", dir);
        Assert.Equal(0, code);
        Assert.Contains($"{runs.Count} runs ({runs.Count} done): wrote {2 * runs.Count} rows", stdout);
    }

    [Fact]
    public void AWorkerInAnotherPidNamespaceWithTheSameHostNameRunsNothingTwice()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var probe = Process.Start(new ProcessStartInfo("unshare", "-r --pid --fork --mount-proc true") { RedirectStandardError = true })!;
        probe.WaitForExit();
        if (probe.ExitCode != 0)
        {
            output.WriteLine("skipped: this kernel refuses unprivileged user and PID namespaces (unshare -r --pid)");
            return;
        }
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        File.WriteAllText(spec, TrainSpecs.Tiny("8, 12, 16, 20", 3));
        string dir = temp.Path_("runs/ns");
        using var sweep = CliRunner.Start(temp.Path_("sweep.log"), "sweep", "run", spec, "--dir", dir, "-j", "1");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.Exists(dir) || Directory.GetFiles(dir, "attempt-1.claim", SearchOption.AllDirectories).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline && !sweep.HasExited, File.ReadAllText(temp.Path_("sweep.log")));
            Thread.Sleep(20);
        }
        // Same host name, same kernel, its own PID namespace: the pids in the other worker's claims mean nothing there.
        using var worker = Process.Start(new ProcessStartInfo("unshare", $"-r --pid --fork --mount-proc dotnet {CliRunner.CliDll} sweep worker --dir {dir}")
            { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["CI"] = "true" } })!;
        string workerLog = worker.StandardOutput.ReadToEnd() + worker.StandardError.ReadToEnd();
        worker.WaitForExit();
        sweep.WaitForExit();
        output.WriteLine(workerLog);
        Assert.Equal(0, worker.ExitCode);

        var directory = SweepDirectory.Open(dir, false);
        var ledger = new RunLedger(directory, new WorkerOptions().HeartbeatTimeout);
        Assert.All(directory.RunKeys(), key =>
        {
            Assert.Equal(RunState.Done, ledger.Inspect(key).State);
            Assert.False(ExecutedAfterDoneOrConcurrently(directory.RunDir(key)), $"{key} ran twice");
        });
        Assert.Contains("done", workerLog); // the namespaced worker did take runs nobody held
    }

    [Fact]
    public void CtrlCStopsTheSweepCleanlyWithExitCode130()
    {
        if (OperatingSystem.IsWindows()) return;
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        // 400 runs: enough that the sweep is still going when the signal lands. With 20 tiny runs the rest finished in
        // the moment between the first result.json and the kill (exit 0 on a fresh CI machine).
        File.WriteAllText(spec, TrainSpecs.Tiny("8, 12, 16, 20", 100));
        string dir = temp.Path_("runs/int");
        using var sweep = CliRunner.Start(temp.Path_("int.log"), "sweep", "run", spec, "--dir", dir, "-j", "2");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((!Directory.Exists(dir) || Directory.GetFiles(dir, "result.json", SearchOption.AllDirectories).Length == 0) && !sweep.HasExited)
        {
            Assert.True(DateTime.UtcNow < deadline, File.ReadAllText(temp.Path_("int.log")));
            Thread.Sleep(20);
        }
        Assert.False(sweep.HasExited, "the sweep ended before it could be interrupted");
        using (var signal = Process.Start("kill", $"-INT {sweep.Id}")) signal.WaitForExit();
        Assert.True(sweep.WaitForExit(30_000));
        Assert.Equal(130, sweep.ExitCode);
        // Its runs in flight were cancelled, not lost or failed: nothing is counted against them.
        var directory = SweepDirectory.Open(dir, false);
        var ledger = new RunLedger(directory, new WorkerOptions().HeartbeatTimeout);
        Assert.All(directory.RunKeys().Select(ledger.Inspect), r => Assert.Equal((0, 0), (r.Failures, r.Lost)));
        Assert.DoesNotContain(directory.RunKeys().Select(ledger.Inspect), r => r.State is RunState.Running or RunState.Failed);
    }

    static string Spec(int seeds) => $$"""
        kind: train
        fixed: { data: mnist-10k, train_size: 2000, validation_size: 100, epochs: 4, p_eval: [0.0, 0.5], eval_draws: 1 }
        grid: { width: [4, 8, 12, 16, 24] }
        seeds: {{seeds}}
        """;

    static int Claims(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, "attempt-*.claim", SearchOption.AllDirectories).Length : 0;

    static List<AttemptEnd> Ends(string runDir) =>
        Directory.GetFiles(runDir, "attempt-*.end").Select(AttemptEnd.TryRead).OfType<AttemptEnd>().ToList();

    /// <summary>
    /// Exactly one attempt ended done, and it is the last attempt that executed: later claims (a worker that had
    /// given the run up for lost) ended "already done" without executing. Every earlier attempt ended before the
    /// next one was claimed (lost or cancelled; none failed).
    /// </summary>
    static bool ExecutedAfterDoneOrConcurrently(string runDir)
    {
        var attempts = Directory.GetFiles(runDir, "attempt-*.claim").Select(p => int.Parse(Path.GetFileName(p)[8..^6])).Order().ToList();
        var ends = attempts.ToDictionary(n => n, n => AttemptEnd.TryRead(Path.Combine(runDir, $"attempt-{n}.end")));
        var done = attempts.Where(n => ends[n]?.Status == AttemptStatus.Done).ToList();
        // A worker killed after writing result.json (which makes the run done) and before writing its attempt's end
        // leaves that last attempt without an end: it is the run's one execution, and nobody claims the run again.
        if (done.Count == 0 && attempts.Count > 0 && ends[attempts[^1]] is null && RunResult.IsValid(Path.Combine(runDir, SweepDirectory.ResultFile)))
            done.Add(attempts[^1]);
        if (done.Count != 1) return true;
        foreach (int n in attempts.Where(n => n > done[0]))
            if (ends[n] is not { Status: AttemptStatus.Cancelled, Reason: "already done" }) return true;
        foreach (int n in attempts.Where(n => n < done[0]))
            if (ends[n] is not { Status: AttemptStatus.Lost or AttemptStatus.Cancelled }) return true;
        return false;
    }
}
