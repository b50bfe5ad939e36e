using Eumentia.Sweeps.Ledger;
using System.Globalization;
using System.Text;
using Eumentia.IO;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Sweeps;

/// <summary>
/// The "toy" run kind: writes config.json, a per-epoch metrics.csv and result.json with one evaluation per
/// p_eval, like the train kind, in a few milliseconds. Every execution appends a line to executions.log in the
/// run directory (O_APPEND, before any other file), so tests can count how often each run really executed.
/// </summary>
public static class ToyKind
{
    public const string Name = "toy";

    public static RunKind<ToyConfig> Kind { get; } = RunKind.Create<ToyConfig>(Name, Execute);

    public static void Register() => RunKinds.Register(Kind);

    static RunOutcome Execute(ToyConfig config, string dir, CancellationToken cancel)
    {
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "executions.log"), $"{Environment.ProcessId} {DateTime.UtcNow:O}\n");
        AtomicFile.WriteAllText(Path.Combine(dir, "config.json"), $"{{\"width\": {config.Width}}}\n");
        var metrics = new StringBuilder("epoch,train_loss\n");
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            if (config.SleepMs > 0) Task.Delay(config.SleepMs / 2, cancel).Wait(cancel);
            cancel.ThrowIfCancellationRequested();
            metrics.Append(CultureInfo.InvariantCulture, $"{epoch},{Loss(config, epoch):R}\n");
            AtomicFile.WriteAllText(Path.Combine(dir, "metrics.csv"), metrics.ToString());
        }
        if (config.Fail) return RunOutcome.Failure($"toy failure (width {config.Width})");
        var evals = string.Join(",", config.PEval.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{{\"p_eval\": {p:R}, \"loss\": {Loss(config, 2) * (1 + p):R}}}")));
        AtomicFile.WriteAllText(Path.Combine(dir, "result.json"),
            $"{{\"status\": \"done\", \"width\": {config.Width}, \"nested\": {{\"a\": 1}}, \"evaluations\": [{evals}]}}\n");
        return RunOutcome.Success;
    }

    /// <summary>A deterministic function of the config, so a result can be checked against its config.</summary>
    public static double Loss(ToyConfig config, int epoch) => 1.0 / (config.Width * epoch) + config.Dropout + config.Seed * 1e-3;
}
