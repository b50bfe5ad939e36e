namespace Eumentia.Sweeps.Spec;

/// <summary>"Did you mean" for typos in spec keys and kind names: the closest candidate by edit distance.</summary>
public static class Suggest
{
    /// <summary>The candidate nearest to <paramref name="input"/>, or null when none is plausibly a typo of it.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = candidate; }
        }
        // A third of the length (at least 2 edits) separates typos from unrelated words.
        return best is not null && bestDistance <= Math.Max(2, input.Length / 3) ? best : null;
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
            d[i, j] = v;
        }
        return d[a.Length, b.Length];
    }
}
