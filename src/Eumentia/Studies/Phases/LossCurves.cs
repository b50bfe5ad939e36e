using System.Globalization;
using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Studies.Phases;

/// <summary>Identifies one L(N) curve: a network shape and a (p_train, p_eval) point of the phase diagram.</summary>
public readonly record struct CellKey(int Width, int Depth, double PTrain, double PEval);

/// <summary>
/// Test loss against training-set size for one cell: sizes ascending, and the loss of every seed at every
/// size (seeds missing a size are dropped so that bootstraps resample whole curves).
/// </summary>
public sealed record LossCurve(CellKey Key, double[] Sizes, IReadOnlyList<int> Seeds, IReadOnlyList<double[]> PerSeed, double[] MeanAccuracy)
{
    public double[] Mean => Enumerable.Range(0, Sizes.Length).Select(i => PerSeed.Average(s => s[i])).ToArray();

    /// <summary>Standard error of the mean over seeds at each size (0 with a single seed).</summary>
    public double[] StdErr => Enumerable.Range(0, Sizes.Length).Select(i =>
    {
        if (PerSeed.Count < 2) return 0.0;
        double m = PerSeed.Average(s => s[i]);
        return Math.Sqrt(PerSeed.Sum(s => (s[i] - m) * (s[i] - m)) / (PerSeed.Count - 1) / PerSeed.Count);
    }).ToArray();

    /// <summary>The curve as observations (size, value, seed) for the analysis fitters.</summary>
    public ObservationSet ToObservations(string source) => new(
        PerSeed.SelectMany((curve, s) => curve.Select((v, i) => new Observation(Sizes[i], Key.PEval, v, double.NaN, s, 0))).ToList(),
        Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToList(), source);
}

public static class LossCurves
{
    /// <summary>
    /// Reads collect's results.csv (one row per run × p_eval) into curves. Only finished runs count; the
    /// columns used are width, depth, p_train, p_eval, train_size, seed, test_loss and test_accuracy (a table
    /// collected by an older version names the last two result_loss and accuracy).
    /// </summary>
    public static IReadOnlyList<LossCurve> FromResults(CsvTable table)
    {
        string[] needed = ["status", "width", "depth", "p_train", "p_eval", "train_size", "seed", "test_loss", "test_accuracy"];
        var old = new Dictionary<string, string> { ["test_loss"] = "result_loss", ["test_accuracy"] = "accuracy" };
        var headers = table.Headers.ToList();
        var index = needed.ToDictionary(c => c, c =>
        {
            int i = headers.IndexOf(c) is >= 0 and var found ? found : old.TryGetValue(c, out var before) ? headers.IndexOf(before) : -1;
            return i >= 0 ? i : throw new UsageException($"{table.Source}: column '{c}' is missing (columns: {string.Join(", ", table.Headers)})");
        });
        double Num(string[] row, int line, string column)
        {
            var text = row[index[column]];
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new UsageException($"{table.Source}, line {line}: {column} = '{text}' is not a number");
        }

        var points = new Dictionary<CellKey, Dictionary<int, Dictionary<double, (double Loss, double Acc)>>>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            if (row[index["status"]] != "done") continue;
            int line = table.Lines[r];
            var key = new CellKey((int)Num(row, line, "width"), (int)Num(row, line, "depth"), Num(row, line, "p_train"), Num(row, line, "p_eval"));
            int seed = (int)Num(row, line, "seed");
            double n = Num(row, line, "train_size");
            if (!points.TryGetValue(key, out var bySeed)) points[key] = bySeed = [];
            if (!bySeed.TryGetValue(seed, out var byN)) bySeed[seed] = byN = [];
            byN[n] = (Num(row, line, "test_loss"), Num(row, line, "test_accuracy"));
        }

        var curves = new List<LossCurve>();
        foreach (var (key, bySeed) in points.OrderBy(p => p.Key.Width).ThenBy(p => p.Key.Depth).ThenBy(p => p.Key.PTrain).ThenBy(p => p.Key.PEval))
        {
            var sizes = bySeed.Values.SelectMany(b => b.Keys).Distinct().Order().ToArray();
            var complete = bySeed.Where(s => sizes.All(s.Value.ContainsKey)).OrderBy(s => s.Key).ToList();
            if (complete.Count == 0 || sizes.Length < 2) continue;
            curves.Add(new LossCurve(key, sizes, complete.Select(s => s.Key).ToList(),
                complete.Select(s => sizes.Select(n => s.Value[n].Loss).ToArray()).ToList(),
                sizes.Select(n => complete.Average(s => s.Value[n].Acc)).ToArray()));
        }
        return curves;
    }
}
