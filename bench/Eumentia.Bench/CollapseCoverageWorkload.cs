using Eumentia.Analysis.Collapse;
using System.Globalization;

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
    public string Usage => "--replicas 100 --steps 0.02 0.005 --cases power bkt bkt-free-sigma dp1-depth-time --master cubic linear --bootstrap 40 --starts 8 --csv FILE";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int replicas = args.Int("replicas", 100);
        var steps = args.Strings("steps", "0.02", "0.005").Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var cases = args.Strings("cases", "power", "bkt", "bkt-free-sigma", "dp1-depth-time");
        var masters = args.Strings("master", "cubic").Select(m => Enum.Parse<MasterCurve>(m, ignoreCase: true)).ToArray();
        var options = new CollapseOptions(Starts: args.Int("starts", 8), BootstrapSamples: args.Int("bootstrap", 40), ProfileErrors: false);
        string? csv = args.String("csv", "") is { Length: > 0 } f ? f : null;
        var rows = new List<string> { "case,master,replicas,failed,mean_S,median_S,parameter,truth,mean_estimate,within_1sigma,within_2sigma,mean_pull,scatter_over_error,comparisons,form_wins,undecided" };
        foreach (double step in steps)
            foreach (var c in SyntheticCollapse.Benchmark(step).Where(c => cases.Any(n => c.Name == $"{n}-{(step >= 0.01 ? "coarse" : "fine")}")))
                foreach (var master in masters)
                {
                    var r = CollapseCoverage.Measure(c, replicas, options with { Master = master });
                    foreach (var p in r.Parameters)
                    {
                        string line = string.Create(CultureInfo.InvariantCulture,
                            $"{r.Case},{r.Master},{r.Replicas},{r.Failed},{r.MeanS:G4},{r.MedianS:G4},{p.Name},{p.Truth:G6},{p.MeanEstimate:G6},{p.Within1:F3},{p.Within2:F3},{p.MeanPull:F3},{p.ScatterOverError:F3},{r.RivalComparisons},{r.FormWins},{r.Undecided}");
                        Console.WriteLine(line);
                        rows.Add(line);
                    }
                    if (csv is not null) File.WriteAllLines(csv, rows);
                }
        yield break;
    }
}
