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
    // Kind name + batch key of every run that has one (RunKind.BatchKey).
    Dictionary<string, string> batchOf = new(StringComparer.Ordinal);
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

    /// <summary>
    /// After <paramref name="first"/> was claimed: claims up to <paramref name="limit"/> − 1 further pending runs of
    /// its kind and batch key (<see cref="RunKind.BatchKey"/>), in order, and returns them all, <paramref name="first"/>
    /// first. A run without a batch key comes back alone.
    /// </summary>
    public IReadOnlyList<Attempt> ClaimBatch(Attempt first, string worker, int limit)
    {
        string? batch;
        lock (gate) batch = batchOf.GetValueOrDefault(first.Key);
        var claimed = new List<Attempt> { first };
        if (batch is null) return claimed;
        foreach (var key in Snapshot())
        {
            if (claimed.Count >= limit) break;
            if (key == first.Key) continue;
            lock (gate) if (batchOf.GetValueOrDefault(key) != batch) continue;
            var attempt = ledger.TryClaim(key, worker, out var status);
            if (attempt is not null) claimed.Add(attempt);
            else if (status.State is RunState.Done or RunState.Failed)
                lock (gate) final.Add(key);
        }
        return claimed;
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
            var runs = keys.Select(ledger.Sweep.LoadRun).OrderBy(r => r.Index).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
            order = runs.Select(r => r.Key).ToList();
            batchOf = runs.Select(r => (r.Key, r.Kind.Name, Batch: r.Kind.BatchKey(r.Config)))
                .Where(r => r.Batch is not null)
                .ToDictionary(r => r.Key, r => $"{r.Name}\n{r.Batch}", StringComparer.Ordinal);
            known = keys.Count;
            return true;
        }
    }
}
