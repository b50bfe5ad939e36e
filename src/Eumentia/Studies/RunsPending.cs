namespace Eumentia.Studies;

/// <summary>
/// Thrown by <see cref="IRunSource.Require"/> when runs a study needs are not finished: they are registered (unless
/// the study is only being analysed) and the study's pass ends here; it is conducted again once they have run.
/// </summary>
/// <param name="cost">What the pending runs cost by their kinds' models (null where the source does not say).</param>
public sealed class RunsPending(int count, string stage, Sweeps.RunCostEstimate? cost = null)
    : Exception($"{count} run{(count == 1 ? "" : "s")} of stage '{stage}' not finished yet")
{
    public int Count { get; } = count;

    public string Stage { get; } = stage;

    public Sweeps.RunCostEstimate? Cost { get; } = cost;
}
