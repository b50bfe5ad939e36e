using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>
/// The run source of a study directory: runs are looked up by key in its ledger (&lt;dir&gt;/runs), missing ones
/// registered there (never when analysing only) for the sweep workers to run.
/// </summary>
public sealed class LedgerRunSource(RunLedger ledger, bool analyzeOnly, Func<string> stage) : IRunSource
{
    readonly SweepDirectory sweep = ledger.Sweep;

    /// <summary>Runs this source registered (new in the ledger) since it was made.</summary>
    public int Registered { get; private set; }

    public IReadOnlyList<FinishedRun> Require(RunKind kind, IEnumerable<object> configs)
    {
        var finished = new List<FinishedRun>();
        var missing = new List<PlannedRun>();
        foreach (var run in configs.Select(c => PlannedRun.Of(kind, c)))
        {
            if (Finished(run) is { } done) finished.Add(done);
            else missing.Add(run);
        }
        if (missing.Count == 0) return finished;
        if (!analyzeOnly) Registered += sweep.Register(kind, missing);
        var distinct = missing.DistinctBy(r => r.Key).ToList();
        throw new RunsPending(distinct.Count, stage(), RunCostEstimate.Of(distinct.Select(r => (kind, r.Config)), sweep.Root));
    }

    public IReadOnlyList<FinishedRun> Available(RunKind kind, IEnumerable<object> configs) =>
        configs.Select(c => Finished(PlannedRun.Of(kind, c))).OfType<FinishedRun>().ToList();

    FinishedRun? Finished(PlannedRun run)
    {
        string dir = sweep.RunDir(run.Key);
        if (!File.Exists(Path.Combine(dir, SweepDirectory.RunFile))) return null;
        var status = ledger.Inspect(run.Key);
        return status.State switch
        {
            RunState.Done => new FinishedRun(run.Key, dir, run.Config),
            RunState.Failed => new FinishedRun(run.Key, dir, run.Config, status.LastError ?? "failed"),
            _ => null,
        };
    }
}
