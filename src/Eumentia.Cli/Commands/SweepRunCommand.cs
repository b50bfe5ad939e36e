using Eumentia.Numerics.Threading;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using System.CommandLine;
using System.Globalization;
using Eumentia.Sweeps;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia sweep run`: register a spec's runs and execute the pending ones with local workers.</summary>
public static class SweepRunCommand
{
    /// <summary>Threads or child processes; see README "Sweeps" for the measurement behind the default.</summary>
    public const string DefaultMode = "threads";

    public static Command Create()
    {
        var cmd = new Command("run", "Run a sweep here: skip done runs, run pending ones with N parallel workers.");
        var spec = new SweepSpecOptions();
        spec.AddTo(cmd);
        var workers = new Option<int?>("--workers", "-j") { Description = "Parallel workers (default: the thread budget, EUMENTIA_THREADS or all cores)." };
        var mode = new Option<string>("--mode") { Description = "Workers as threads of this process or as child processes.", DefaultValueFactory = _ => DefaultMode };
        mode.AcceptOnlyFromAmong("threads", "processes");
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop all workers at the first failed run." };
        var heartbeat = SweepSpecOptions.HeartbeatTimeout();
        foreach (var o in new Option[] { workers, mode, failFast, heartbeat }) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            // Every option is checked before the runs are registered: a refusal changes nothing.
            int n = parse.GetValue(workers) ?? Parallelism.MaxThreads;
            if (n < 1) throw new UsageException($"--workers {n} must be at least 1");
            var timeout = Durations.Parse(parse.GetValue(heartbeat)!, "--heartbeat-timeout");
            var (sweep, planned, added) = spec.Prepare(parse);
            sweep.ClearFailFast();
            var ledger = new RunLedger(sweep, timeout);
            var before = SweepSummary.Of(ledger);
            stdout.WriteLine($"sweep {sweep.Root}: {planned} runs in spec, {added} new; {before.Count(RunState.Done)} of {before.Runs.Count} already done");

            var options = new WorkerOptions { HeartbeatTimeout = timeout, FailFast = parse.GetValue(failFast) };
            var display = new SweepDisplay(stdout, stderr, new SweepProgress(before));
            using var stop = new CancellationTokenSource();
            using var signals = SweepCommand.OnSignals(stop);
            string chosen = parse.GetValue(mode)!;
            bool childFailed = display.Run($"{Path.GetFileName(sweep.Root)} ({n} {chosen})", () =>
            {
                if (chosen == "threads")
                {
                    ThreadWorkers.Run(ledger, n, options, display, stop.Token); // throws when it stopped on its own
                    return false;
                }
                // A child that stopped on its own (disk full) said why on its stderr, passed through above.
                return ProcessWorkers.Run(SelfCommand.Get(), WorkerArguments(sweep, options, parse.GetValue(spec.Force)), n,
                    Math.Max(1, Parallelism.MaxThreads / n), display, stderr, stop.Token).Any(code => code != ExitCodes.Ok);
            });

            var after = SweepSummary.Of(ledger);
            foreach (var line in after.Lines()) stdout.WriteLine(line);
            if (sweep.FailFastTripped) { stderr.WriteLine("eumentia: stopped by --fail-fast after a failure"); return ExitCodes.Failure; }
            if (stop.IsCancellationRequested) { stderr.WriteLine("eumentia: interrupted; run the same command again to resume"); return signals.ExitCode; }
            return after.Count(RunState.Failed) > 0 || childFailed ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return cmd;
    }

    static List<string> WorkerArguments(SweepDirectory sweep, WorkerOptions options, bool force)
    {
        var args = new List<string> { "sweep", "worker", "--dir", sweep.Root, "--events", "--workers", "1",
            "--heartbeat-timeout", options.HeartbeatTimeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + "s" };
        if (options.FailFast) args.Add("--fail-fast");
        if (force) args.Add("--force");
        return args;
    }
}
