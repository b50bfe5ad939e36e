using System.CommandLine;
using Eumentia.Sweeps;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia collect`: a sweep's results as one tidy results.csv plus merged per-epoch metrics.csv.</summary>
public static class CollectCommand
{
    public static Command Create()
    {
        var cmd = new Command("collect", "Write results.csv (a row per run and evaluation setting) and metrics.csv (per-epoch, all runs).");
        var dir = new Option<string>("--dir") { Description = "Sweep directory.", Required = true };
        var results = new Option<string?>("--results") { Description = "Path of the results table (default <dir>/results.csv)." };
        var metrics = new Option<string?>("--metrics") { Description = "Path of the merged metrics (default <dir>/metrics.csv)." };
        var force = new Option<bool>("--force") { Description = "Read a directory written by an incompatible format version." };
        foreach (var o in new Option[] { dir, results, metrics, force }) cmd.Add(o);
        cmd.SetAction(parse =>
        {
            RunKindCatalog.RegisterAll();
            var sweep = SweepDirectory.Open(parse.GetValue(dir)!, parse.GetValue(force));
            var report = Collector.Collect(new RunLedger(sweep, new WorkerOptions().HeartbeatTimeout), parse.GetValue(results), parse.GetValue(metrics));
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"{report.Runs} runs ({report.Done} done): wrote {report.ResultRows} rows to {report.ResultsPath} and {report.MetricRows} rows to {report.MetricsPath}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
