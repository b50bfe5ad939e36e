namespace Eumentia.Sweeps;

/// <summary>
/// What a run of one kind costs, known before it runs: <see cref="Operations"/> counts the floating-point
/// operations its config implies (a multiply-add counts 2; the kind's own formula), and
/// <see cref="OperationsPerCoreSecond"/> is the rate one core sustains on that kind of work, measured
/// (docs/performance.md, "What a study costs"). The estimate is core-seconds = operations / rate, so it scales
/// exactly as the formula does (twice the steps, twice the cost); how well one rate fits every size is what the
/// measurements there show.
/// </summary>
/// <param name="Operations">The run's operations from its config and the ledger directory its sibling runs lie in
/// (an evaluation reads its training run's config there); NaN when the config does not say enough (a user's data
/// set of unknown size).</param>
public sealed record RunCostModel(Func<object, string, double> Operations, double OperationsPerCoreSecond)
{
    /// <summary>Core-seconds of the run of <paramref name="config"/> (NaN when its operations are unknown).</summary>
    public double CoreSeconds(object config, string ledgerDirectory) => Operations(config, ledgerDirectory) / OperationsPerCoreSecond;
}
