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
    public string Usage => "--replicas 100 --steps 0.02 0.005 --cases power bkt bkt-free-sigma dp1-depth-time --master cubic linear --bootstrap 40 --starts 8 --seeds 5 --noise 0.015 --resampling seeds --omega 1 --first 0 --replicate-starts 0 [--profile-at-truth] --csv FILE (case power-corrected: the drop-smallest extrapolation)";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int replicas = args.Int("replicas", 100);
        int seeds = args.Int("seeds", 5);
        double noise = args.Double("noise", 0.015);
        var steps = args.Strings("steps", "0.02", "0.005").Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var cases = args.Strings("cases", "power", "bkt", "bkt-free-sigma", "dp1-depth-time");
        var masters = args.Strings("master", "cubic").Select(m => Enum.Parse<MasterCurve>(m, ignoreCase: true)).ToArray();
        var resampling = Enum.Parse<CollapseResampling>(args.String("resampling", "Seeds"), ignoreCase: true);
        bool profile = args.Flag("profile_at_truth");
        int first = args.Int("first", 0);
        double omega = args.Double("omega", 1);
        var options = new CollapseOptions(Starts: args.Int("starts", 8), BootstrapSamples: args.Int("bootstrap", 40), ProfileErrors: false, Resampling: resampling, ReplicateStarts: args.Int("replicate_starts", 0));
        string? csv = args.String("csv", "") is { Length: > 0 } f ? f : null;
        var rows = new List<string> { "case,master,resampling,replicas,failed,mean_S,median_S,parameter,truth,mean_estimate,within_1sigma,within_2sigma,mean_pull,scatter_over_error,comparisons,form_wins,undecided,profile_within_1,profile_within_2,profile_median" };
        void Write(CaseCoverage r, ParameterCoverage p)
        {
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{r.Case},{r.Master},{resampling},{r.Replicas},{r.Failed},{r.MeanS:G4},{r.MedianS:G4},{p.Name},{p.Truth:G6},{p.MeanEstimate:G6},{p.Within1:F3},{p.Within2:F3},{p.MeanPull:F3},{p.ScatterOverError:F3},{r.RivalComparisons},{r.FormWins},{r.Undecided},{p.ProfileWithin1:F3},{p.ProfileWithin2:F3},{p.ProfileMedian:G4}");
            Console.WriteLine(line);
            rows.Add(line);
            if (csv is not null) File.WriteAllLines(csv, rows);
        }
        foreach (double step in steps)
            foreach (var c in SyntheticCollapse.Benchmark(step, seeds, noise).Where(c => cases.Any(n => c.Name == $"{n}-{(step >= 0.01 ? "coarse" : "fine")}")))
                foreach (var master in masters)
                {
                    var r = CollapseCoverage.Measure(c, replicas, options with { Master = master }, first, profile);
                    foreach (var p in r.Parameters) Write(r, p);
                }
        // The drop-the-smallest-sizes extrapolation on data with a known correction to scaling (omega = 1).
        if (cases.Contains("power-corrected"))
            foreach (double step in steps)
                foreach (var master in masters)
                {
                    var r = CollapseCoverage.MeasureDropSmallest(SyntheticCollapse.Corrected(step, seeds, noise), replicas, options with { Master = master }, omega, first);
                    foreach (var p in r.Parameters) Write(r, p);
                }
        yield break;
    }
}
