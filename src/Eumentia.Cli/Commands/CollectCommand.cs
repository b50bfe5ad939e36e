using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using System.CommandLine;

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
        var format = new Option<string>("--format") { Description = "csv (default) or parquet: the same columns, typed (results.parquet, metrics.parquet).", DefaultValueFactory = _ => "csv" };
        foreach (var o in new Option[] { dir, results, metrics, force, format }) cmd.Add(o);
        cmd.SetAction(parse =>
        {
            var tableFormat = IO.TableFiles.ParseFormat(parse.GetValue(format)!);
            RunKindCatalog.RegisterAll();
            var sweep = SweepDirectory.Open(parse.GetValue(dir)!, parse.GetValue(force));
            var report = Collector.Collect(new RunLedger(sweep, new WorkerOptions().HeartbeatTimeout), parse.GetValue(results), parse.GetValue(metrics), tableFormat);
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"{report.Runs} runs ({report.Done} done): wrote {report.ResultRows} rows to {report.ResultsPath} and {report.MetricRows} rows to {report.MetricsPath}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
