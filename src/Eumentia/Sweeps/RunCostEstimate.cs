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

    /// <summary>"about 1.3 core-hours of work (0.61 PFLOP) for 84 runs", naming the runs without an estimate.</summary>
    public string Describe()
    {
        string runs = $"{Runs} run{(Runs == 1 ? "" : "s")}";
        if (Unestimated == Runs) return $"no cost estimate for its {runs} (no cost model for their kind)";
        string hours = CoreSeconds / 3600 >= 0.1 ? $"{CoreSeconds / 3600:G3} core-hours" : $"{CoreSeconds / 60:G2} core-minutes";
        string text = string.Create(CultureInfo.InvariantCulture, $"about {hours} of work ({Operations / 1e12:G3} TFLOP) for {runs}");
        return Unestimated > 0 ? $"{text}, {Unestimated} of them without an estimate" : text;
    }
}
