namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// What an executor reports for one run. Success still requires result.json in the run directory: the ledger
/// counts a run as done only when that file exists. A failure is retried up to the sweep's attempt limit unless
/// it is permanent (a diverged run fails the same way every time).
/// </summary>
public sealed record RunOutcome(bool Succeeded, string? Reason, bool Retryable)
{
    public static RunOutcome Success { get; } = new(true, null, false);

    public static RunOutcome Failure(string reason, bool retryable = true) => new(false, reason, retryable);
}
