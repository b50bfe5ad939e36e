using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using System.CommandLine;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia sweep worker`: pull pending runs from a sweep directory until none is left or the time limit nears.
/// What a Slurm array task runs; many workers on many hosts may share one directory.
/// </summary>
public static class SweepWorkerCommand
{
    public static Command Create()
    {
        var cmd = new Command("worker", "Claim and execute pending runs of a sweep directory until none is left (Slurm tasks run this).");
        var dir = new Option<string>("--dir") { Description = "Sweep directory.", Required = true };
        var timeLimit = new Option<string?>("--time-limit") { Description = "Start no run that would end after this (e.g. 55m, 3300s, 01:00:00)." };
        var workers = new Option<int>("--workers", "-j") { Description = "Worker threads in this process.", DefaultValueFactory = _ => 1 };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop all workers of the sweep at the first failed run." };
        var events = new Option<bool>("--events") { Description = "Print machine-readable event lines (for a parent `sweep run`).", Hidden = true };
        var name = new Option<string?>("--name") { Description = "Worker name in claims and logs." };
        var force = new Option<bool>("--force") { Description = "Use a directory written by an incompatible format version." };
        var heartbeat = SweepSpecOptions.HeartbeatTimeout();
        foreach (var o in new Option[] { dir, timeLimit, workers, failFast, events, name, force, heartbeat }) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            RunKindCatalog.RegisterAll();
            var stdout = parse.InvocationConfiguration.Output;
            var sweep = SweepDirectory.Open(parse.GetValue(dir)!, parse.GetValue(force));
            int n = parse.GetValue(workers);
            if (n < 1) throw new UsageException($"--workers {n} must be at least 1");
            var options = new WorkerOptions
            {
                HeartbeatTimeout = Durations.Parse(parse.GetValue(heartbeat)!, "--heartbeat-timeout"),
                TimeLimit = parse.GetValue(timeLimit) is { } t ? Durations.Parse(t, "--time-limit") : null,
                FailFast = parse.GetValue(failFast),
                WorkerName = parse.GetValue(name) ?? new WorkerOptions().WorkerName,
            };
            using var stop = new CancellationTokenSource();
            using var signals = SweepCommand.OnSignals(stop);
            var exits = ThreadWorkers.Run(new RunLedger(sweep, options.HeartbeatTimeout), n, options, new WorkerLog(stdout, parse.GetValue(events)), stop.Token);
            if (stop.IsCancellationRequested) return signals.ExitCode;
            return exits.Contains(WorkerExit.FailFast) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return cmd;
    }
}
