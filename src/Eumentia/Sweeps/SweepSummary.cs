namespace Eumentia.Sweeps;

/// <summary>Counts of a sweep directory's runs by state, with the failed ones' reasons: what `eumentia sweep status` prints.</summary>
public sealed record SweepSummary(string Root, string Kind, IReadOnlyList<RunStatus> Runs)
{
    public int Count(RunState state) => Runs.Count(r => r.State == state);

    /// <summary>Pending runs whose last claim belonged to a worker that died (they will be taken over).</summary>
    public int Stale => Runs.Count(r => r.Stale && r.State == RunState.Pending);

    /// <summary>Attempts lost to workers that died (killed, preempted, node gone): retried, not counted as failures.</summary>
    public int Lost => Runs.Sum(r => r.Lost);

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
