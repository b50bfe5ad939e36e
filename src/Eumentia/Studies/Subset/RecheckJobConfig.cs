namespace Eumentia.Studies.Subset;

/// <summary>
/// One recheck of the subset study as a keyed run (kind "subset-recheck"): a full-rank student that the study's
/// search did not match, searched again with <see cref="Recheck.LongSearch"/> at its one budget.
/// </summary>
public sealed record RecheckJobConfig
{
    public string Network { get; init; } = "";
    public string Allocation { get; init; } = "";
    public int[] Mask { get; init; } = [];
    public int Draw { get; init; }
    public int Budget { get; init; }
    public ulong Seed { get; init; } = 1;
    public double Tolerance { get; init; } = 1e-8;
    /// <summary>The search of issue 23 (<see cref="MatchOptions.Certify"/>); false, the default, names rechecks run before it.</summary>
    public bool Certify { get; init; }
}
