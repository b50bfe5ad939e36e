namespace Eumentia.Sweeps;

public enum RunState { Pending, Running, Done, Failed }

/// <summary>
/// A run's place in the ledger. <see cref="Attempts"/> counts claims ever made; <see cref="Failures"/> the failed
/// or lost ones (what the attempt limit applies to). <see cref="Stale"/>: claimed, but its worker is gone, so
/// the next worker may take it over.
/// </summary>
public sealed record RunStatus(string Key, RunState State, int Attempts, int Failures, string? LastError, ClaimRecord? Claim, bool Stale)
{
    public bool Claimable => State == RunState.Pending;
}
