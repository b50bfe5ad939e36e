using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Data;

/// <summary>
/// Deterministic, class-stratified splits of a training file into a validation set and an ordered training
/// pool. The validation set is a fixed function of (labels, size): it does not move with the data seed, so
/// every run of a sweep is early-stopped on the same examples. The training pool is put in one
/// seed-dependent, class-interleaved order, and the training subset of size N is its first N examples:
/// subsets are nested (subset(N) ⊂ subset(2N)) and every prefix is as class-balanced as the pool allows.
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>Key of the validation draw. Fixed (not the data seed) so the validation set never changes.</summary>
    const ulong ValidationSeed = 0;

    /// <summary>
    /// Splits <paramref name="total"/> over classes in proportion to <paramref name="classCounts"/> by
    /// largest remainder (ties to the smaller class index), in exact integer arithmetic.
    /// </summary>
    public static int[] Quotas(ReadOnlySpan<int> classCounts, int total)
    {
        long n = 0;
        foreach (int c in classCounts) n += c;
        if (total < 0 || total > n) throw new ArgumentOutOfRangeException(nameof(total), total, $"must be between 0 and {n}");
        var quota = new int[classCounts.Length];
        var remainder = new long[classCounts.Length];
        int assigned = 0;
        for (int c = 0; c < quota.Length; c++)
        {
            long share = (long)total * classCounts[c];
            quota[c] = (int)(share / Math.Max(n, 1));
            remainder[c] = share % Math.Max(n, 1);
            assigned += quota[c];
        }
        var byRemainder = Enumerable.Range(0, quota.Length).OrderByDescending(c => remainder[c]).ThenBy(c => c).ToArray();
        for (int k = 0; k < total - assigned; k++) quota[byRemainder[k]]++;
        return quota;
    }

    /// <summary>Indices of each class's examples, ascending.</summary>
    public static int[][] ByClass(ReadOnlySpan<byte> labels, int classes)
    {
        var counts = new int[classes];
        foreach (byte y in labels) counts[y]++;
        var members = counts.Select(n => new int[n]).ToArray();
        var filled = new int[classes];
        for (int i = 0; i < labels.Length; i++) members[labels[i]][filled[labels[i]]++] = i;
        return members;
    }

    /// <summary>
    /// The validation set of <paramref name="size"/> examples, in class proportion: for each class, the first
    /// quota entries of a fixed random permutation of its examples. Returned ascending.
    /// </summary>
    public static int[] Validation(ReadOnlySpan<byte> labels, int classes, int size)
    {
        var members = ByClass(labels, classes);
        var quota = Quotas(members.Select(m => m.Length).ToArray(), size);
        var chosen = new List<int>(size);
        for (int c = 0; c < classes; c++)
        {
            var perm = Philox.Permutation(ValidationSeed, RngStream.Of(RngStream.Split, c), members[c].Length);
            for (int k = 0; k < quota[c]; k++) chosen.Add(members[c][perm[k]]);
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>
    /// Every example not in <paramref name="excluded"/>, in the class-interleaved training order for
    /// <paramref name="dataSeed"/>: each class's examples are shuffled (stream Subset(0, class)), then dealt
    /// in rounds, one from each class that has any left, the classes' order within round r shuffled too
    /// (stream Subset(1, r)) so that no class is systematically first. Any prefix therefore holds k or k+1
    /// examples of every class that still has examples.
    /// </summary>
    public static int[] TrainingOrder(ReadOnlySpan<byte> labels, int classes, IReadOnlyCollection<int> excluded, ulong dataSeed)
    {
        var skip = excluded as ISet<int> ?? new HashSet<int>(excluded);
        var queues = ByClass(labels, classes)
            .Select((m, c) =>
            {
                var pool = m.Where(i => !skip.Contains(i)).ToArray();
                var perm = Philox.Permutation(dataSeed, RngStream.Of(RngStream.Subset, 0, c), pool.Length);
                return perm.Select(k => pool[k]).ToArray();
            })
            .ToArray();
        int total = queues.Sum(q => q.Length), rounds = queues.Max(q => q.Length);
        var order = new int[total];
        int next = 0;
        for (int r = 0; r < rounds; r++)
            foreach (int c in Philox.Permutation(dataSeed, RngStream.Of(RngStream.Subset, 1, r), classes))
                if (r < queues[c].Length) order[next++] = queues[c][r];
        return order;
    }
}
