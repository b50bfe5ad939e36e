namespace Eumentia.Sweeps;

/// <summary>
/// What a run of one kind costs, known before it runs: a fixed part per run (starting it, reading its data,
/// building its network, writing its files: <see cref="SecondsPerRun"/>) plus <see cref="Operations"/>, the
/// operations its config implies by the kind's own formula (a multiply-add counts 2), at
/// <see cref="OperationsPerCoreSecond"/>. Both constants are fitted to runs of the kind measured at three sizes on
/// one core (`Eumentia.Bench cost`; docs/performance.md, "What a study costs"), so the estimate scales as the formula
/// does (twice the steps, twice the operations part), and how well it fits every size is what those measurements show.
/// </summary>
/// <param name="Operations">The run's operations from its config and the ledger directory its sibling runs lie in
/// (an evaluation reads its training run's config there); NaN when the config does not say enough (a user's data
/// set of unknown size).</param>
public sealed record RunCostModel(Func<object, string, double> Operations, double OperationsPerCoreSecond, double SecondsPerRun)
{
    /// <summary>Core-seconds of the run of <paramref name="config"/> (NaN when its operations are unknown).</summary>
    public double CoreSeconds(object config, string ledgerDirectory) => SecondsPerRun + Operations(config, ledgerDirectory) / OperationsPerCoreSecond;
}
