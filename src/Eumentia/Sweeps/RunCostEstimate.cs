using System.Globalization;

namespace Eumentia.Sweeps;

/// <summary>
/// The summed cost of a batch of planned runs by their kinds' <see cref="RunCostModel"/>s: core-seconds and
/// operations of the runs that have a model, and how many have none (or a config their model cannot size).
/// </summary>
public sealed record RunCostEstimate(int Runs, double CoreSeconds, double Operations, int Unestimated)
{
    /// <summary>The estimate of these runs (each run once), their ledger in <paramref name="ledgerDirectory"/>.</summary>
    public static RunCostEstimate Of(IEnumerable<(RunKind Kind, object Config)> runs, string ledgerDirectory)
    {
        int count = 0, unestimated = 0;
        double seconds = 0, operations = 0;
        foreach (var (kind, config) in runs)
        {
            count++;
            double ops = kind.Cost is { } model ? model.Operations(config, ledgerDirectory) : double.NaN;
            if (!double.IsFinite(ops)) { unestimated++; continue; }
            operations += ops;
            seconds += kind.Cost!.SecondsPerRun + ops / kind.Cost.OperationsPerCoreSecond;
        }
        return new RunCostEstimate(count, seconds, operations, unestimated);
    }

    /// <summary>Both estimates together (runs of several requests of one stage).</summary>
    public RunCostEstimate Plus(RunCostEstimate other) =>
        new(Runs + other.Runs, CoreSeconds + other.CoreSeconds, Operations + other.Operations, Unestimated + other.Unestimated);

    /// <summary>"about 1.3 core-hours of work (0.61 TFLOP) for 84 runs" (minutes below 0.1 h, PFLOP from 1 000 TFLOP), naming the runs without an estimate.</summary>
    public string Describe()
    {
        string runs = $"{Runs} run{(Runs == 1 ? "" : "s")}";
        if (Unestimated == Runs) return $"no cost estimate for its {runs} (no cost model for their kind)";
        var c = CultureInfo.InvariantCulture;
        string hours = CoreSeconds / 3600 >= 0.1 ? string.Create(c, $"{CoreSeconds / 3600:0.###} core-hours") : string.Create(c, $"{CoreSeconds / 60:0.##} core-minutes");
        string flop = Operations >= 1e15 ? string.Create(c, $"{Operations / 1e15:G3} PFLOP") : string.Create(c, $"{Operations / 1e12:G3} TFLOP");
        string text = $"about {hours} of work ({flop}) for {runs}";
        return Unestimated > 0 ? $"{text}, {Unestimated} of them without an estimate" : text;
    }
}
