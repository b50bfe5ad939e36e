namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// The runs of a sweep directory in registration (spec) order, shared by the workers of one process. Remembers
/// runs found done or failed (final states), and re-reads the directory when it runs dry, so runs registered
/// while workers are running (a changed spec) are picked up too.
/// </summary>
public sealed class RunQueue(RunLedger ledger)
{
    readonly Lock gate = new();
    readonly HashSet<string> final = new(StringComparer.Ordinal);
    List<string> order = [];
    int known = -1;

    public RunLedger Ledger => ledger;

    /// <summary>Claims the first pending run in order, or returns null when no run can be claimed now.</summary>
    public Attempt? ClaimNext(string worker)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1 && !Refresh()) return null;
            if (pass == 0 && known < 0) Refresh();
            foreach (var key in Snapshot())
            {
                var attempt = ledger.TryClaim(key, worker, out var status);
                if (attempt is not null) return attempt;
                if (status.State is RunState.Done or RunState.Failed)
                    lock (gate) final.Add(key);
            }
        }
        return null;
    }

    List<string> Snapshot()
    {
        lock (gate) return order.Where(k => !final.Contains(k)).ToList();
    }

    /// <summary>Re-reads the run list; true if it changed.</summary>
    bool Refresh()
    {
        var keys = ledger.Sweep.RunKeys();
        lock (gate)
        {
            if (keys.Count == known) return false;
            var indexed = keys.Select(k => (Key: k, Index: ledger.Sweep.LoadRun(k).Index)).OrderBy(x => x.Index).ThenBy(x => x.Key, StringComparer.Ordinal);
            order = indexed.Select(x => x.Key).ToList();
            known = keys.Count;
            return true;
        }
    }
}
