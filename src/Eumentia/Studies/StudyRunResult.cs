namespace Eumentia.Studies;

/// <summary>
/// What <see cref="StudyRunner.Run"/> got to: the outcome when the study completed; otherwise the runs still
/// pending (plan-only) or an interruption.
/// </summary>
/// <param name="Outcome">The report and headline; null unless the study completed.</param>
/// <param name="Pending">Runs registered and not finished when the runner stopped (0 when complete).</param>
/// <param name="PendingStage">The stage those runs belong to.</param>
/// <param name="Executed">Runs executed by this call (done or failed).</param>
/// <param name="Interrupted">Stopped by <see cref="StudyRunOptions.Cancel"/>; the same call again resumes.</param>
/// <param name="PendingCost">What the pending runs cost by their kinds' cost models (null when none are pending or the source does not say).</param>
public sealed record StudyRunResult(StudyOutcome? Outcome, int Pending, string? PendingStage, int Executed, bool Interrupted, Sweeps.RunCostEstimate? PendingCost = null);
