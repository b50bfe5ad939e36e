using System.Globalization;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Studies.Phases;

namespace Eumentia.Bench;

/// <summary>
/// Whether a peer's phases study gives Eumentia's answers: both results tables (one row per run × p_eval, the
/// columns of collect's results.csv) go through Eumentia's own reading (<see cref="LossCurves.FromResults"/>) and
/// phase analysis (<see cref="PhasesAnalysis.Run"/>), and the tool reports per cell whether the phases match and,
/// per cell and N, z = (L̄_ours − L̄_peer) / √(se_ours² + se_peer²) of the seed-mean test losses and the same z of
/// the seed-mean test accuracies (standard errors over seeds). Two
/// implementations of one protocol differ only in their random streams, so z should scatter like a t variable:
/// mean near 0, median |z| near 0.7. With three seeds a side the standard errors are so noisy that z has heavy
/// tails (RMS well above 1, |z| > 3 several per cent), and the points of one net's p_eval grid are correlated: judge
/// a peer against the same statistics of Eumentia against itself with other seeds (--grid seed=3,4,5).
/// </summary>
public sealed class PhasesAgreeTool : IBenchTool
{
    public string Name => "phases-agree";
    public string Description => "per-cell phase agreement and mean-loss z-scores of two phases results tables";
    public string Usage => "--ours runs/phases-quick/results.csv --peer peer-phases-results.csv [--bootstrap 200] [--min-agreement 0.8]";

    public int Run(BenchArgs args)
    {
        string ours = args.String("ours", ""), peer = args.String("peer", "");
        int bootstrap = args.Int("bootstrap", 200);
        double minAgreement = args.Double("min_agreement", 0.8);
        args.RejectUnknown();
        foreach (var (flag, path) in new[] { ("--ours", ours), ("--peer", peer) })
            if (!File.Exists(path)) throw new ArgumentException($"{flag} {path}: no such results table");
        var options = new PhasesAnalysisOptions { BootstrapSamples = bootstrap };
        PhasesAgreement agreement;
        try
        {
            var (ourTable, peerTable) = (CsvTable.Read(ours), CsvTable.Read(peer));
            agreement = Compare(Analyse(ourTable, options), Analyse(peerTable, options)) with
            {
                AccuracyZ = AccuracyZ(SeedAccuracies(ourTable), SeedAccuracies(peerTable)),
            };
        }
        catch (UsageException e) { throw new ArgumentException(e.Message); }
        Console.Write(agreement.Report());
        return agreement.PhaseAgreement >= minAgreement ? 0 : 1;
    }

    static Dictionary<CellKey, CellResult> Analyse(CsvTable table, PhasesAnalysisOptions options) =>
        PhasesAnalysis.Run(LossCurves.FromResults(table), options).Cells.ToDictionary(c => c.Curve.Key);

    /// <summary>The test accuracy of every seed at each (cell, N) of a results table's finished runs.</summary>
    static Dictionary<(CellKey Key, double N), List<double>> SeedAccuracies(CsvTable table)
    {
        int Col(string name) => table.Column(name, "phases results");
        int status = Col("status"), width = Col("width"), depth = Col("depth"), pTrain = Col("p_train"), pEval = Col("p_eval"),
            size = Col("train_size"), accuracy = Col("test_accuracy");
        var points = new Dictionary<(CellKey, double), List<double>>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            if (table.Rows[r][status] != "done") continue;
            var key = (new CellKey((int)table.Number(r, width), (int)table.Number(r, depth), table.Number(r, pTrain), table.Number(r, pEval)), table.Number(r, size));
            if (!points.TryGetValue(key, out var seeds)) points[key] = seeds = [];
            seeds.Add(table.Number(r, accuracy));
        }
        return points;
    }

    /// <summary>z of the seed-mean accuracies at every (cell, N) both tables measured with at least two seeds.</summary>
    public static IReadOnlyList<double> AccuracyZ(IReadOnlyDictionary<(CellKey Key, double N), List<double>> ours,
        IReadOnlyDictionary<(CellKey Key, double N), List<double>> peer)
    {
        static (double Mean, double Se) MeanSe(List<double> v)
        {
            double mean = v.Average();
            return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1) / v.Count));
        }
        var z = new List<double>();
        foreach (var (key, mine) in ours)
        {
            if (!peer.TryGetValue(key, out var theirs) || mine.Count < 2 || theirs.Count < 2) continue;
            var (a, b) = (MeanSe(mine), MeanSe(theirs));
            double se = Math.Sqrt(a.Se * a.Se + b.Se * b.Se);
            if (se > 0) z.Add((a.Mean - b.Mean) / se);
        }
        return z;
    }

    /// <summary>The cells both tables have, their phases side by side, and the z of every (cell, N) both measured.</summary>
    public static PhasesAgreement Compare(IReadOnlyDictionary<CellKey, CellResult> ours, IReadOnlyDictionary<CellKey, CellResult> peer)
    {
        var cells = new List<(CellKey Key, Phase Ours, Phase Peer)>();
        var z = new List<double>();
        foreach (var (key, mine) in ours.OrderBy(k => k.Key.PTrain).ThenBy(k => k.Key.PEval))
        {
            if (!peer.TryGetValue(key, out var theirs)) continue;
            cells.Add((key, mine.Verdict.Phase, theirs.Verdict.Phase));
            var (a, b) = (mine.Curve, theirs.Curve);
            var (am, ae, bm, be) = (a.Mean, a.StdErr, b.Mean, b.StdErr);
            for (int i = 0; i < a.Sizes.Length; i++)
            {
                int j = Array.IndexOf(b.Sizes, a.Sizes[i]);
                double se = j < 0 ? 0 : Math.Sqrt(ae[i] * ae[i] + be[j] * be[j]);
                if (se > 0) z.Add((am[i] - bm[j]) / se);
            }
        }
        return new PhasesAgreement(cells, z);
    }
}

/// <summary>The outcome of <see cref="PhasesAgreeTool.Compare"/>: per cell both phases, and the loss z-scores.</summary>
public sealed record PhasesAgreement(IReadOnlyList<(CellKey Key, Phase Ours, Phase Peer)> Cells, IReadOnlyList<double> Z)
{
    /// <summary>z of the seed-mean test accuracies per (cell, N); empty when not computed.</summary>
    public IReadOnlyList<double> AccuracyZ { get; init; } = [];

    public double PhaseAgreement => Cells.Count == 0 ? 0 : (double)Cells.Count(c => c.Ours == c.Peer) / Cells.Count;

    public string Report()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        int same = Cells.Count(c => c.Ours == c.Peer);
        int decided = Cells.Count(c => c.Ours != Phase.Undetermined && c.Peer != Phase.Undetermined);
        int opposed = Cells.Count(c => c.Ours != c.Peer && c.Ours != Phase.Undetermined && c.Peer != Phase.Undetermined);
        w.WriteLine($"phases: {same} of {Cells.Count} cells in the same phase ({PhaseAgreement:P0}); " +
                    $"{opposed} of the {decided} cells both sides decided are in different phases");
        foreach (var g in Cells.GroupBy(c => c.Key.PTrain))
            w.WriteLine($"  p_train {g.Key:0.0#}: ours  " + string.Join(" ", g.Select(c => Letter(c.Ours))) +
                        $"\n  {"",-11}peer  " + string.Join(" ", g.Select(c => Letter(c.Peer))) + "   (p_eval ascending; E eumentia, D dementia, A amentia, ? undetermined)");
        Summary(w, "mean test loss", Z);
        Summary(w, "mean test accuracy", AccuracyZ);
        return w.ToString();
    }

    static void Summary(StringWriter w, string what, IReadOnlyList<double> z)
    {
        if (z.Count == 0) return;
        double mean = z.Average(), rms = Math.Sqrt(z.Average(v => v * v));
        var abs = z.Select(Math.Abs).Order().ToArray();
        double median = abs.Length % 2 == 1 ? abs[abs.Length / 2] : (abs[abs.Length / 2 - 1] + abs[abs.Length / 2]) / 2;
        w.WriteLine($"{what}, (cell, N) points: {z.Count}; z = (ours - peer) / sqrt(se_ours^2 + se_peer^2): mean {mean:F2}, RMS {rms:F2}, median |z| {median:F2}, " +
                    $"|z| > 2: {z.Count(v => Math.Abs(v) > 2) / (double)z.Count:P0}, |z| > 3: {z.Count(v => Math.Abs(v) > 3) / (double)z.Count:P0}");
    }

    static string Letter(Phase p) => p switch { Phase.Eumentia => "E", Phase.Dementia => "D", Phase.Amentia => "A", _ => "?" };
}
