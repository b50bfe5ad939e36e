using System.Globalization;
using Eumentia.Analysis.Collapse;

namespace Eumentia.Bench;

/// <summary>
/// `collapse-coverage`: the coverage benchmark of <see cref="CollapseCoverage"/> (not a timing): for each synthetic
/// case on each grid, how often the truth lies within 1σ and 2σ of each parameter, mean pull, scatter over error,
/// S, and how often the case's form won against its rival. One line per (case, parameter) and a CSV.
/// </summary>
public sealed class CollapseCoverageWorkload : IWorkload
{
    public string Name => "collapse-coverage";
    public string Description => "coverage of collapse errors on synthetic replicas with known answers (not a timing)";
    public string Usage => "--replicas 100 --steps 0.02 0.005 --cases power bkt bkt-free-sigma dp1-depth-time --master cubic linear --bootstrap 40 --starts 8 --seeds 5 --noise 0.015 --replicate-starts 4 --spread trimmed --omega 1 --first 0 [--profile-at-truth] --csv FILE --replica-csv FILE --theta-csv FILE --comparison-csv FILE (case power-corrected: the drop-smallest extrapolation; power-small: the shape of docs/analysis.md's example, 4 sizes, one grid)";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int replicas = args.Int("replicas", 100);
        int seeds = args.Int("seeds", 5);
        double noise = args.Double("noise", 0.015);
        var steps = args.Strings("steps", "0.02", "0.005").Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var cases = args.Strings("cases", "power", "bkt", "bkt-free-sigma", "dp1-depth-time");
        var masters = args.Strings("master", "cubic").Select(m => Enum.Parse<MasterCurve>(m, ignoreCase: true)).ToArray();
        bool profile = args.Flag("profile_at_truth");
        int first = args.Int("first", 0);
        double omega = args.Double("omega", 1);
        var options = new CollapseOptions(Starts: args.Int("starts", 8), BootstrapSamples: args.Int("bootstrap", 40), ProfileErrors: false, ReplicateStarts: args.Int("replicate_starts", 4),
            Spread: Enum.Parse<ReplicateSpread>(args.String("spread", "trimmed").Replace("-", ""), ignoreCase: true));
        string? csv = args.String("csv", "") is { Length: > 0 } f ? f : null;
        // Every replica's estimates as it finishes, so a run stopped early still counts the replicas it did.
        string? replicaCsv = args.String("replica_csv", "") is { Length: > 0 } rf ? rf : null;
        var gate = new object();
        // Besides the headline error (of --spread), the error the standard deviation over all replicates would have given,
        // and every replicate's parameters (--theta-csv), so that other spreads can be screened offline
        // (docs/analysis/collapse-coverage/spreads.py); NaN where the replicates are not at hand (the drop-smallest extrapolation).
        string? thetaCsv = args.String("theta_csv", "") is { Length: > 0 } tf ? tf : null;
        // Every comparison of a case's form with its rival (cases power and bkt), so that runs split over replica ranges
        // can be counted together (table.py): which form won, what the comparison decided, and the ratio's interval.
        string? comparisonCsv = args.String("comparison_csv", "") is { Length: > 0 } cf ? cf : null;
        if (comparisonCsv is not null && !File.Exists(comparisonCsv))
            File.WriteAllText(comparisonCsv, "case,master,replica,true_form,winner,decision,S_true,S_rival,ratio_low,ratio_high,ratio_samples\n");
        if (thetaCsv is not null && !File.Exists(thetaCsv)) File.WriteAllText(thetaCsv, "case,replica,factor,parameter,truth,estimate,values\n");
        if (replicaCsv is not null && !File.Exists(replicaCsv))
            File.WriteAllText(replicaCsv, "case,master,replicate_starts,spread,replica,S,parameter,truth,estimate,error,error_standarddeviation\n");
        void Replica(string name, MasterCurve master, int replica, double s, IEnumerable<(string Name, double Value, double Error)> estimates, IReadOnlyDictionary<string, double> truth,
            CollapseResult? fit = null, CollapseComparison? comparison = null)
        {
            if (comparisonCsv is not null && comparison is not null)
                lock (gate)
                    File.AppendAllLines(comparisonCsv, [string.Create(CultureInfo.InvariantCulture,
                        $"{name},{master},{replica},{comparison.FormA},{comparison.Winner},{comparison.Decision},{comparison.SA:R},{comparison.SB:R},{comparison.RatioLow:R},{comparison.RatioHigh:R},{comparison.RatioSamples}")]);
            if (replicaCsv is null) return;
            // The error scale f (sqrt(S), seeds): the headline error over the spread of --spread's core of replicates.
            var thetas = fit?.BootstrapParameters.OfType<double[]>().ToArray() ?? [];
            var free = fit?.Parameters.Select((p, j) => (p, j)).Where(t => !t.p.Fixed).Select(t => t.j).ToArray() ?? [];
            var core = CollapseErrors.Core(thetas, free, options.Spread);
            double Factor(int j) => fit!.Parameters[j].Error / CollapseErrors.StandardDeviation(core.Select(t => t[j]).ToArray());
            string AllSd(string parameter)
            {
                if (fit is null) return "NaN";
                int j = fit.Parameters.ToList().FindIndex(p => p.Name == parameter);
                return (Factor(j) * CollapseErrors.StandardDeviation(thetas.Select(t => t[j]).ToArray())).ToString("R", CultureInfo.InvariantCulture);
            }
            lock (gate)
            {
                if (thetaCsv is not null && fit is not null)
                    File.AppendAllLines(thetaCsv, fit.Parameters.Select((p, j) => (p, j)).Where(t => truth.ContainsKey(t.p.Name)).Select(t => string.Create(CultureInfo.InvariantCulture,
                        $"{name},{replica},{Factor(t.j):R},{t.p.Name},{truth[t.p.Name]:R},{t.p.Value:R},{string.Join(" ", fit.BootstrapParameters.Select(v => v is null ? "NaN" : v[t.j].ToString("R", CultureInfo.InvariantCulture)))}")));
                File.AppendAllLines(replicaCsv, estimates.Where(e => truth.ContainsKey(e.Name)).Select(e => string.Create(CultureInfo.InvariantCulture,
                    $"{name},{master},{options.ReplicateStarts},{options.Spread},{replica},{s:R},{e.Name},{truth[e.Name]:R},{e.Value:R},{e.Error:R},{AllSd(e.Name)}")));
            }
        }
        var rows = new List<string> { "case,master,replicate_starts,replicas,failed,mean_S,median_S,parameter,truth,mean_estimate,within_1sigma,within_2sigma,mean_pull,scatter_over_error,comparisons,form_wins,undecided,rival_wins,profile_within_1,profile_within_2,profile_median" };
        void Write(CaseCoverage r, ParameterCoverage p)
        {
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{r.Case},{r.Master},{options.ReplicateStarts},{r.Replicas},{r.Failed},{r.MeanS:G4},{r.MedianS:G4},{p.Name},{p.Truth:G6},{p.MeanEstimate:G6},{p.Within1:F3},{p.Within2:F3},{p.MeanPull:F3},{p.ScatterOverError:F3},{r.RivalComparisons},{r.FormWins},{r.Undecided},{r.RivalWins},{p.ProfileWithin1:F3},{p.ProfileWithin2:F3},{p.ProfileMedian:G4}");
            Console.WriteLine(line);
            rows.Add(line);
            if (csv is not null) File.WriteAllLines(csv, rows);
        }
        var small = cases.Contains("power-small") ? new[] { SyntheticCollapse.SmallPowerLaw() } : [];
        foreach (double step in steps)
            foreach (var c in SyntheticCollapse.Benchmark(step, seeds, noise).Concat(step == steps[0] ? small : []).Where(c => c.Name == "power-small" || cases.Any(n => c.Name == $"{n}-{(step >= 0.01 ? "coarse" : "fine")}")))
                foreach (var master in masters)
                {
                    var r = CollapseCoverage.Measure(c, replicas, options with { Master = master }, first, profile,
                        (i, fit, comparison) => Replica(c.Name, master, i, fit.Quality.S, fit.Parameters.Select(p => (p.Name, p.Value, p.Error)), c.Truth, fit, comparison));
                    foreach (var p in r.Parameters) Write(r, p);
                }
        // The drop-the-smallest-sizes extrapolation on data with a known correction to scaling (omega = 1).
        if (cases.Contains("power-corrected"))
            foreach (double step in steps)
                foreach (var master in masters)
                {
                    var corrected = SyntheticCollapse.Corrected(step, seeds, noise);
                    var r = CollapseCoverage.MeasureDropSmallest(corrected, replicas, options with { Master = master }, omega, first,
                        (i, d) => Replica($"{corrected.Name} drop-smallest omega={omega}", master, i, d.Rows[0].S, d.Extrapolated.Select(e => (e.Name, e.Value, e.Error)), corrected.Truth));
                    foreach (var p in r.Parameters) Write(r, p);
                }
        yield break;
    }
}
