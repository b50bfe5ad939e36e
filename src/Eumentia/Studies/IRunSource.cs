using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>The runs a study asks for: finished ones are read back, missing ones planned in the study's ledger.</summary>
public interface IRunSource
{
    /// <summary>
    /// The finished runs of these configs, in order (a run that failed for good, e.g. diverged, is finished too:
    /// see <see cref="FinishedRun.Failure"/>). Registers every missing one (kind + config → key, as sweeps do) and
    /// throws <see cref="RunsPending"/> if any is not finished. Ask for everything independent at once: workers run a batch in parallel.
    /// </summary>
    IReadOnlyList<FinishedRun> Require(RunKind kind, IEnumerable<object> configs);

    /// <summary>The finished subset, in order, registering nothing (for analyses that accept partial data).</summary>
    IReadOnlyList<FinishedRun> Available(RunKind kind, IEnumerable<object> configs);
}
