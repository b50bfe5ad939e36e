namespace Eumentia.Sweeps.Workers;

/// <summary>
/// A sweep worker stopped because its environment failed (disk full, permission denied: see
/// <see cref="IO.EnvironmentErrors"/>); the run in flight was not counted against its attempts. The message is one
/// line for the user; the command exits 1.
/// </summary>
public sealed class WorkerStoppedException(string message, Exception cause) : EumentiaException(message, cause);
