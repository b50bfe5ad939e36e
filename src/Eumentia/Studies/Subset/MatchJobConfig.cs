using Eumentia.Nets.TeacherStudent;

namespace Eumentia.Studies.Subset;

/// <summary>
/// One matching job of the subset study as a keyed run (kind "subset-match"): one draw of one allocation on one
/// network, searched at every budget the allocation can place. Its key holds only what its outcomes depend on,
/// so a study that grows (more draws, networks or allocations, or a new spec field) reuses every finished job.
/// Defaults are the quick preset's, and a field added later must default to what older jobs did.
/// </summary>
public sealed record MatchJobConfig
{
    /// <summary>"ff:4-4-4", "rnn:1-4-1", "relu:3-4-1".</summary>
    public string Network { get; init; } = "";
    /// <summary>A built-in allocation's name, or "mask:NAME" with <see cref="Mask"/>.</summary>
    public string Allocation { get; init; } = "";
    /// <summary>The learnable weights of a user-given mask (indices into the network's weights); empty otherwise.</summary>
    public int[] Mask { get; init; } = [];
    /// <summary>The draw: its teacher, frozen student and allocation ranking.</summary>
    public int Draw { get; init; }
    /// <summary>The study's root seed.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>The budget grid (<see cref="SubsetSpec.Budgets"/>).</summary>
    public int BudgetPoints { get; init; } = 40;
    public int Restarts { get; init; } = 4;
    public double Tolerance { get; init; } = 1e-8;
    public int ConfirmRestarts { get; init; } = 24;
    public int? RoughConfirmRestarts { get; init; }
    public bool Homotopy { get; init; } = true;
    /// <summary>
    /// The search of issue 23 (<see cref="MatchOptions.Certify"/>). Its default is the search before it, unlike the
    /// spec's, so that the key of a job finished then still names the search that ran it; every job a study plans
    /// now sets it.
    /// </summary>
    public bool Certify { get; init; }

    public MatchOptions Options => new(Restarts, Tolerance, ConfirmRestarts, Homotopy: Homotopy, RoughConfirmRestarts: RoughConfirmRestarts, Certify: Certify);

    /// <summary>The allocation this job places: a built-in one by name, or the mask it carries.</summary>
    public Allocation ToAllocation() => Mask.Length > 0
        ? new Allocation(AllocationKind.Mask, Mask: Mask, MaskName: Allocation.StartsWith("mask:", StringComparison.Ordinal) ? Allocation["mask:".Length..] : Allocation, MaskNetwork: Network)
        : Studies.Subset.Allocation.Parse(Allocation);

    /// <summary>The job of draw <paramref name="draw"/> of <paramref name="allocation"/> on <paramref name="network"/> in <paramref name="spec"/>.</summary>
    public static MatchJobConfig Of(SubsetSpec spec, string network, Allocation allocation, int draw) => new()
    {
        Network = network, Allocation = allocation.Name, Mask = allocation.Mask is { } mask ? [.. mask] : [], Draw = draw, Seed = spec.Seed,
        BudgetPoints = spec.MaxBudgetPoints, Restarts = spec.Match.Restarts, Tolerance = spec.Match.Tolerance, ConfirmRestarts = spec.Match.ConfirmRestarts,
        // Smooth networks never use the rough budget, so it stays out of their keys.
        RoughConfirmRestarts = SubsetNetwork.Parse(network, spec.Seed).IsSmooth ? null : spec.Match.RoughConfirmRestarts, Homotopy = spec.Match.Homotopy, Certify = spec.Match.Certify,
    };
}
