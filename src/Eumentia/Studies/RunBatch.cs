using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>
/// Several independent requests of a study's stage asked as one batch, so that the workers get every missing run of
/// the stage at once: each <see cref="Require"/> registers its missing runs and returns what is finished (all of it
/// when nothing is missing), and <see cref="Complete"/> throws one <see cref="RunsPending"/> for them all. Use the
/// returned runs only after <see cref="Complete"/>.
/// </summary>
public sealed class RunBatch(IRunSource runs)
{
    int pending;
    string? stage;
    RunCostEstimate? cost;

    /// <inheritdoc cref="IRunSource.Require"/>
    public IReadOnlyList<FinishedRun> Require(RunKind kind, IEnumerable<object> configs)
    {
        try { return runs.Require(kind, configs); }
        catch (RunsPending p)
        {
            pending += p.Count;
            stage ??= p.Stage;
            if (p.Cost is { } c) cost = cost is null ? c : cost.Plus(c);
            return [];
        }
    }

    /// <summary>Throws <see cref="RunsPending"/> for every run the batch's requests found missing.</summary>
    public void Complete()
    {
        if (pending > 0) throw new RunsPending(pending, stage!, cost);
    }
}
