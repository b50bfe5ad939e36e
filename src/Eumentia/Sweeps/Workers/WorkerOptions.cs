using Eumentia.Sweeps.Ledger;

namespace Eumentia.Sweeps.Workers;

/// <summary>How a worker pulls runs from a sweep directory.</summary>
public sealed record WorkerOptions
{
    /// <summary>A claim from another host whose heartbeat is older than this is taken over.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a running attempt refreshes its heartbeat: a sixth of the timeout, so a few missed beats are tolerated.</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromTicks(Math.Max(HeartbeatTimeout.Ticks / 6, TimeSpan.FromMilliseconds(100).Ticks));

    /// <summary>Stop claiming when the next run (estimated by the longest so far) would not finish within this time.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>After a failure, mark the sweep so every worker stops (in-flight runs are cancelled, not counted as failed).</summary>
    public bool FailFast { get; init; }

    /// <summary>
    /// The most runs of one batch (<see cref="RunKind.BatchKey"/>: e.g. the evaluation branches of one trained net)
    /// a worker claims and executes together; 1 executes every run alone. The numbers do not depend on it.
    /// </summary>
    public int BatchLimit { get; init; } = 64;

    /// <summary>Name in claims and logs.</summary>
    public string WorkerName { get; init; } = $"{ClaimRecord.ThisHost}:{Environment.ProcessId}";
}

public enum WorkerExit
{
    /// <summary>Nothing left to claim (the rest is done, failed, or running elsewhere).</summary>
    NoWork,
    /// <summary>The time limit leaves no room for another run.</summary>
    TimeLimit,
    /// <summary>Asked to stop (signal, Ctrl-C).</summary>
    Stopped,
    /// <summary>A failure tripped fail-fast.</summary>
    FailFast,
}
