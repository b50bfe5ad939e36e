using System.Globalization;
using System.Text;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;

namespace Eumentia.Bench;

/// <summary>
/// Whether a peer's lottery study (bench/peer/lottery_study.py) gives Eumentia's answers: both results.csv tables (one
/// row per data set, seed, method and level, Eumentia's column names) are grouped by (data set, method, level), and
/// for every measure the tool prints z = (m̄_ours − m̄_peer) / √(se_ours² + se_peer²) of the seed means (standard errors
/// over seeds). The sparsity of every level is a pure function of the protocol, so the densities must be equal: a
/// mismatch means the peer prunes differently, and fails.
///
/// The verdict. With six seeds a side, per-level z is a two-sample t with about ten degrees of freedom: |z| &gt; 3 in
/// about 1.3 % of the comparisons when the two sides agree, and the quick preset has 48 (data set, method, level)
/// groups per measure, so a per-level rule would fail a correct peer about every other run. The verdict is therefore
/// taken on each headline measure's trajectory average — per seed, the mean over the levels of one (data set, method),
/// then z over seeds — which tests the whole curve at once; it fails (exit 1) when one of those |z| exceeds --max-z.
/// Per level, the table prints every z, and the summary counts |z| &gt; 2 and &gt; 3 against what chance gives.
/// </summary>
public sealed class LotteryAgreeTool : IBenchTool
{
    public string Name => "lottery-agree";
    public string Description => "per-level z of a peer's lottery measures against Eumentia's (seed errors), densities exact";
    public string Usage => "--ours runs/lottery (or its results.csv) --peer peer-lottery (or its results.csv) [--max-z 3]";

    /// <summary>The measures the verdict is taken on: what the study's findings are built from.</summary>
    public static readonly string[] Headline =
        ["test_accuracy", "ipr_normalised_mean", "distance_ratio_mean", "window_excess_mean", "kurtosis_mean", "non_gaussianity_mean", "cavity_auc"];

    /// <summary>Printed, not judged.</summary>
    public static readonly string[] Others =
        ["test_loss", "ipr_mean", "neighbour_correlation_mean", "kurtosis_within_mean", "cavity_ng_auc", "cavity_spearman", "fan_in_mean", "live_units", "input_kurtosis"];

    public int Run(BenchArgs args)
    {
        string ours = args.String("ours", ""), peer = args.String("peer", "");
        double maxZ = args.Double("max_z", 3);
        args.RejectUnknown();
        if (!(maxZ > 0)) throw new ArgumentException($"--max-z {maxZ} must be positive");
        Comparison comparison;
        try { comparison = Compare(Load("--ours", ours), Load("--peer", peer)); }
        catch (UsageException e) { throw new ArgumentException(e.Message); }
        Console.Write(comparison.Report(maxZ));
        return comparison.Agrees(maxZ) ? 0 : 1;
    }

    /// <summary>One row of a results table: its group and its measures by column name (NaN where not measured).</summary>
    public sealed record Row(string Data, string Method, int Level, ulong Seed, IReadOnlyDictionary<string, double> Values);

    /// <summary>One measure of one group on both sides.</summary>
    public sealed record Point(string Data, string Method, int Level, string Measure, Estimate Ours, Estimate Peer)
    {
        public double Z => Zof(Ours, Peer);
    }

    public sealed record Comparison(IReadOnlyList<Point> Points, IReadOnlyList<Point> Trajectories, IReadOnlyList<string> DensityMismatches,
        IReadOnlyList<string> Missing)
    {
        public bool Agrees(double maxZ) => DensityMismatches.Count == 0 && Points.Count > 0
            && Trajectories.Where(t => Headline.Contains(t.Measure)).All(t => !double.IsFinite(t.Z) || Math.Abs(t.Z) <= maxZ);

        public string Report(double maxZ)
        {
            var s = new StringBuilder();
            string Z(double z) => double.IsFinite(z) ? z.ToString("F2", CultureInfo.InvariantCulture) : "-";
            string[] measures = [.. Headline, .. Others];
            var groups = Points.GroupBy(p => (p.Data, p.Method, p.Level)).ToArray();
            s.AppendLine("z = (Eumentia - peer) / combined seed error, per (data, method, level) and measure (headline measures first):");
            s.AppendLine("| data | method | level | density | " + string.Join(" | ", measures) + " |");
            s.AppendLine("|---|---|---:|---:|" + string.Concat(measures.Select(_ => "---:|")));
            foreach (var g in groups)
            {
                var byMeasure = g.ToDictionary(p => p.Measure);
                string density = byMeasure.TryGetValue("density", out var d) ? d.Ours.Value.ToString("F4", CultureInfo.InvariantCulture) : "-";
                s.AppendLine($"| {g.Key.Data} | {g.Key.Method} | {g.Key.Level} | {density} | "
                    + string.Join(" | ", measures.Select(m => byMeasure.TryGetValue(m, out var p) ? Z(p.Z) : "-")) + " |");
            }
            s.AppendLine();
            s.AppendLine("per measure over the levels: | measure | points | mean z | RMS z | abs(z) > 2 | abs(z) > 3 |");
            s.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var m in measures)
            {
                var z = Points.Where(p => p.Measure == m).Select(p => p.Z).Where(double.IsFinite).ToArray();
                if (z.Length == 0) continue;
                s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {m}{(Headline.Contains(m) ? " (headline)" : "")} | {z.Length} | {z.Average():F2} | {Math.Sqrt(z.Average(v => v * v)):F2} | {z.Count(v => Math.Abs(v) > 2)} | {z.Count(v => Math.Abs(v) > 3)} |"));
            }
            int seeds = Points.Where(p => p.Measure == "test_accuracy").Select(p => Math.Min(p.Ours.N ?? 0, p.Peer.N ?? 0)).DefaultIfEmpty(0).Min();
            s.AppendLine(seeds >= 4
                ? "(with 6 seeds a side z is a t with about 10 degrees of freedom: about 7 % of points beyond 2 and 1.3 % beyond 3 by chance)"
                : $"(only {seeds} seeds a side: the standard errors are so noisy that z means little and the verdict nothing; the tiny preset tests the harness)");
            s.AppendLine();
            s.AppendLine("trajectory averages (per seed the mean over a (data, method)'s levels; the verdict):");
            s.AppendLine("| data | method | measure | Eumentia | peer | z |");
            s.AppendLine("|---|---|---|---:|---:|---:|");
            foreach (var t in Trajectories.Where(t => Headline.Contains(t.Measure) && (t.Ours.N > 0 || t.Peer.N > 0)))
                s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {t.Data} | {t.Method} | {t.Measure} | {t.Ours} | {t.Peer} | {Z(t.Z)} |"));
            foreach (var m in DensityMismatches) s.AppendLine("density mismatch: " + m);
            foreach (var m in Missing) s.AppendLine("only on one side: " + m);
            double worst = Trajectories.Where(t => Headline.Contains(t.Measure) && double.IsFinite(t.Z)).Select(t => Math.Abs(t.Z)).DefaultIfEmpty(0).Max();
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"largest abs(z) of a headline trajectory average: {worst:F2} (limit {maxZ:G3}); densities {(DensityMismatches.Count == 0 ? "equal" : "DIFFER")}: {(Agrees(maxZ) ? "agree" : "DISAGREE")}"));
            return s.ToString();
        }
    }

    static double Zof(Estimate a, Estimate b)
    {
        double se = Math.Sqrt(Sq(a.Error) + Sq(b.Error));
        return se > 0 ? (a.Value - b.Value) / se : double.NaN;
    }

    static double Sq(double e) => double.IsFinite(e) ? e * e : 0;

    public static Comparison Compare(IReadOnlyList<Row> ours, IReadOnlyList<Row> peer)
    {
        var points = new List<Point>();
        var mismatches = new List<string>();
        var missing = new List<string>();
        var (a, b) = (ours.ToLookup(r => (r.Data, r.Method, r.Level)), peer.ToLookup(r => (r.Data, r.Method, r.Level)));
        var keys = a.Select(g => g.Key).Union(b.Select(g => g.Key))
            .OrderBy(k => k.Data, StringComparer.Ordinal).ThenBy(k => MethodOrder(k.Method)).ThenBy(k => k.Level).ToArray();
        foreach (var key in keys)
        {
            var (mine, theirs) = (a[key].ToArray(), b[key].ToArray());
            if (mine.Length == 0 || theirs.Length == 0)
            {
                missing.Add($"{key.Data} {key.Method} level {key.Level} ({(mine.Length == 0 ? "peer" : "Eumentia")} only)");
                continue;
            }
            var (da, db) = (mine.Select(r => r.Values["density"]).Distinct().ToArray(), theirs.Select(r => r.Values["density"]).Distinct().ToArray());
            if (da.Length != 1 || db.Length != 1 || Math.Abs(da[0] - db[0]) > 1e-12)
                mismatches.Add($"{key.Data} {key.Method} level {key.Level}: Eumentia {string.Join("/", da)}, peer {string.Join("/", db)}");
            points.Add(new Point(key.Data, key.Method, key.Level, "density", Estimate.MeanOf(da), Estimate.MeanOf(db)));
            foreach (var m in Headline.Concat(Others))
                if (mine[0].Values.ContainsKey(m) && theirs[0].Values.ContainsKey(m))
                    points.Add(new Point(key.Data, key.Method, key.Level, m, Estimate.MeanOf(mine.Select(r => r.Values[m])), Estimate.MeanOf(theirs.Select(r => r.Values[m]))));
        }
        // Trajectory averages: per seed, the mean of a measure over the levels a (data, method) has on both sides.
        var trajectories = new List<Point>();
        foreach (var group in keys.Where(k => a[k].Any() && b[k].Any()).GroupBy(k => (k.Data, k.Method)))
        {
            var levels = group.Select(k => k.Level).ToHashSet();
            Estimate Average(IReadOnlyList<Row> side, string m) => Estimate.MeanOf(side
                .Where(r => r.Data == group.Key.Data && r.Method == group.Key.Method && levels.Contains(r.Level))
                .GroupBy(r => r.Seed).Select(s => s.Select(r => r.Values.GetValueOrDefault(m, double.NaN)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()));
            foreach (var m in Headline.Concat(Others))
                trajectories.Add(new Point(group.Key.Data, group.Key.Method, -1, m, Average(ours, m), Average(peer, m)));
        }
        return new Comparison(points, trajectories, mismatches, missing);
    }

    static int MethodOrder(string method) => Array.IndexOf(["imp", "oneshot", "random", "shuffled", "reinit"], method) is var i and >= 0 ? i : 99;

    /// <summary>The rows of a results.csv (a study directory's, or the file itself); NaN and empty cells read as NaN.</summary>
    public static IReadOnlyList<Row> Load(string flag, string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "results.csv") : path;
        if (!File.Exists(file)) throw new ArgumentException($"{flag} {path}: no lottery results.csv there");
        var table = CsvTable.Read(file);
        int Col(string name) => table.Column(name, "lottery results");
        int data = Col("data"), method = Col("method"), level = Col("level"), seed = Col("seed");
        var measures = new[] { "density" }.Concat(Headline).Concat(Others).Where(table.HasColumn).ToDictionary(m => m, Col);
        if (!measures.ContainsKey("density")) throw new ArgumentException($"{file}: no density column");
        var rows = new List<Row>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var cells = table.Rows[r];
            double Cell(int c) => double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
                : cells[c].Trim().Length == 0 || cells[c].Trim().Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN
                : throw new ArgumentException($"{file}: line {table.Lines[r]}: column '{table.Headers[c]}' holds '{cells[c]}', not a number");
            rows.Add(new Row(cells[data], cells[method], (int)table.Number(r, level), (ulong)table.Number(r, seed),
                measures.ToDictionary(m => m.Key, m => Cell(m.Value))));
        }
        if (rows.Count == 0) throw new ArgumentException($"{file}: no rows");
        return rows;
    }
}
