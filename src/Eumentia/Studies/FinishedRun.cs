namespace Eumentia.Studies;

/// <summary>
/// A run that will not change any more: <see cref="Directory"/> holds its result.json and other outputs, or,
/// when <see cref="Failure"/> is set, the run failed for good (diverged, or out of attempts) and has no result.
/// </summary>
public sealed record FinishedRun(string Key, string Directory, object Config, string? Failure = null)
{
    public bool Succeeded => Failure is null;
}
