namespace Eumentia.Studies;

/// <summary>How <see cref="StudyRunner"/> runs a study.</summary>
/// <param name="Workers">Runs executed side by side (threads of this process).</param>
/// <param name="PlanOnly">Stop after registering the first batch of missing runs (e.g. to run them on a cluster).</param>
/// <param name="AnalyzeOnly">Run nothing, register nothing: conduct the study once on the finished runs.</param>
/// <param name="Force">Use a ledger written by an incompatible format version.</param>
/// <param name="DataDir">Where built-in data sets are found.</param>
/// <param name="Cancel">Stops the workers (their runs are cancelled, not failed) and the study.</param>
public sealed record StudyRunOptions(int Workers, bool PlanOnly = false, bool AnalyzeOnly = false, bool Force = false, string? DataDir = null,
    CancellationToken Cancel = default);
