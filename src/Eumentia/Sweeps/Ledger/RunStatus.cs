namespace Eumentia.Sweeps.Ledger;

public enum RunState { Pending, Running, Done, Failed }

/// <summary>
/// A run's place in the ledger. <see cref="Attempts"/> counts claims ever made; <see cref="Failures"/> the ones
/// that failed by themselves (what the attempt limit applies to); <see cref="Lost"/> those whose worker died
/// (killed, preempted, its node gone), which are retried without counting as failures. <see cref="Stale"/>:
/// claimed, but its worker is gone, so the next worker may take it over.
/// </summary>
public sealed record RunStatus(string Key, RunState State, int Attempts, int Failures, string? LastError, ClaimRecord? Claim, bool Stale, int Lost = 0)
{
    public bool Claimable => State == RunState.Pending;
}
