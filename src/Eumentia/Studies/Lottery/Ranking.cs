namespace Eumentia.Studies.Lottery;

/// <summary>Rank statistics for how well one quantity predicts another.</summary>
public static class Ranking
{
    /// <summary>Ranks 1..n with ties given their average rank.</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// Area under the ROC curve of <paramref name="score"/> for the positives in <paramref name="label"/>: the
    /// probability that a random positive outscores a random negative (ties count one half), by Mann–Whitney.
    /// NaN when either class is empty.
    /// </summary>
    public static double Auc(IReadOnlyList<double> score, IReadOnlyList<bool> label)
    {
        var ranks = AverageRanks(score);
        long positives = label.Count(b => b), negatives = label.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        double rankSum = 0;
        for (int i = 0; i < ranks.Length; i++) if (label[i]) rankSum += ranks[i];
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Spearman's rank correlation (Pearson on average ranks); NaN for fewer than two points or a constant input.</summary>
    public static double Spearman(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("Spearman needs equal-length samples");
        if (a.Count < 2) return double.NaN;
        var ra = AverageRanks(a);
        var rb = AverageRanks(b);
        double ma = ra.Average(), mb = rb.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < ra.Length; i++)
        {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}
