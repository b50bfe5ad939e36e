using Eumentia.Sweeps.Ledger;

namespace Eumentia.Sweeps.Collect;

/// <summary>Counts of a sweep directory's runs by state, with the failed ones' reasons: what `eumentia sweep status` prints.</summary>
public sealed record SweepSummary(string Root, string Kind, IReadOnlyList<RunStatus> Runs)
{
    public int Count(RunState state) => Runs.Count(r => r.State == state);

    /// <summary>Pending runs whose last claim belonged to a worker that died (they will be taken over).</summary>
    public int Stale => Runs.Count(r => r.Stale && r.State == RunState.Pending);

    /// <summary>Attempts lost to workers that died (killed, preempted, node gone): retried, not counted as failures.</summary>
    public int Lost => Runs.Sum(r => r.Lost);

    /// <summary>
    /// Failed runs whose training diverged (the trainer's reason starts with "diverged": a loss beyond the run's
    /// divergence_factor times its untrained value, or not finite). Deterministic, so never retried; a study leaves
    /// them out of its tables and fits and says so.
    /// </summary>
    public IReadOnlyList<RunStatus> Diverged => Runs.Where(r => r.State == RunState.Failed && r.LastError?.StartsWith("diverged", StringComparison.Ordinal) == true).ToList();

    /// <summary>
    /// One sentence for a study's notes on the runs that did not finish, diverged ones named apart, or null when
    /// every run finished.
    /// </summary>
    public string? FailureNote()
    {
        int failed = Count(RunState.Failed), diverged = Diverged.Count;
        if (failed == 0) return null;
        string keys = string.Join(", ", Diverged.Take(5).Select(r => r.Key)) + (diverged > 5 ? ", ..." : "");
        return (diverged > 0
                ? $"{diverged} run{(diverged == 1 ? "" : "s")} diverged (training loss beyond divergence_factor times its untrained value, or not finite: {keys})"
                  + (failed > diverged ? $" and {failed - diverged} failed otherwise" : "")
                : $"{failed} run{(failed == 1 ? "" : "s")} failed")
            + $"; left out of every table and fit (`eumentia sweep status --dir {Root}` gives each reason).";
    }

    public static SweepSummary Of(RunLedger ledger) =>
        new(ledger.Sweep.Root, ledger.Sweep.Kind.Name, ledger.Sweep.RunKeys().Select(ledger.Inspect).ToList());

    public IEnumerable<string> Lines()
    {
        yield return $"sweep {Root} (kind {Kind}): {Runs.Count} runs: {Count(RunState.Done)} done, {Count(RunState.Running)} running, " +
                     $"{Count(RunState.Pending)} pending{(Stale > 0 ? $" ({Stale} from dead workers)" : "")}, {Count(RunState.Failed)} failed" +
                     (Lost > 0 ? $"; {Lost} attempt{(Lost == 1 ? "" : "s")} lost to killed workers (retried, not failures)" : "");
        foreach (var r in Runs.Where(r => r.State == RunState.Running))
            yield return $"  running {r.Key}: attempt {r.Attempts} on {r.Claim?.Host ?? "?"} pid {r.Claim?.Pid.ToString() ?? "?"} since {r.Claim?.ClaimedUtc:u}";
        foreach (var r in Runs.Where(r => r.State == RunState.Failed))
            yield return $"  failed  {r.Key} after {r.Failures} attempt{(r.Failures == 1 ? "" : "s")}: {r.LastError}";
        foreach (var r in Runs.Where(r => r.State == RunState.Pending && r.Failures > 0))
            yield return $"  retry   {r.Key} ({r.Failures} failed attempt{(r.Failures == 1 ? "" : "s")}): {r.LastError}";
    }
}
