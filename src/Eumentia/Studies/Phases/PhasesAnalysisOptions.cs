namespace Eumentia.Studies.Phases;

/// <summary>The knobs of the phase analysis; every one has a documented default and a command-line override.</summary>
public sealed record PhasesAnalysisOptions
{
    public PhaseRules Rules { get; init; } = new();
    /// <summary>Classes of the task: ln C is the loss of a net that never learned.</summary>
    public int Classes { get; init; } = 10;
    /// <summary>Seed-bootstrap resamples for fit errors and N*.</summary>
    public int BootstrapSamples { get; init; } = 200;
    /// <summary>Collapse search: multi-start count and bootstrap resamples (kept small: collapses are the slow part).</summary>
    public int CollapseStarts { get; init; } = 8;
    public int CollapseBootstrap { get; init; } = 40;
}
