using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using System.CommandLine;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia sweep status`: how many runs are done, running, pending, failed (with reasons).</summary>
public static class SweepStatusCommand
{
    public static Command Create()
    {
        var cmd = new Command("status", "Summarise a sweep directory: done, running, pending, failed runs.");
        var dir = new Option<string>("--dir") { Description = "Sweep directory.", Required = true };
        var force = new Option<bool>("--force") { Description = "Read a directory written by an incompatible format version." };
        var heartbeat = SweepSpecOptions.HeartbeatTimeout();
        foreach (var o in new Option[] { dir, force, heartbeat }) cmd.Add(o);
        cmd.SetAction(parse =>
        {
            RunKindCatalog.RegisterAll();
            var sweep = SweepDirectory.Open(parse.GetValue(dir)!, parse.GetValue(force));
            var ledger = new RunLedger(sweep, Durations.Parse(parse.GetValue(heartbeat)!, "--heartbeat-timeout"));
            foreach (var line in SweepSummary.Of(ledger).Lines()) parse.InvocationConfiguration.Output.WriteLine(line);
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
