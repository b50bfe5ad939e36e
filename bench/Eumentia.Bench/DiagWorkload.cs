using Eumentia.Analysis.Collapse;
using System.Globalization;
using Eumentia.Analysis;

namespace Eumentia.Bench;

public sealed class DiagWorkload : IWorkload
{
    public string Name => "diag";
    public string Description => "temp";
    public string Usage => "";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int replicas = args.Int("replicas", 10);
        int first = args.Int("first", 0);
        var c = SyntheticCollapse.Benchmark(0.005).First(c => c.Name == "bkt-free-sigma-fine");
        var o4 = new CollapseOptions(Starts: args.Int("starts", 4), BootstrapSamples: args.Int("bootstrap", 16), ProfileErrors: false);
        foreach (int r in args.Strings("list", "0").Select(int.Parse))
        {
            var data = c.Replica(r);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var a = CollapseFitter.Fit(data, c.Form, o4 with { Seed = o4.Seed + (ulong)r });
            double ta = sw.Elapsed.TotalSeconds;
            var b = CollapseFitter.Fit(data, c.Form, o4 with { Seed = o4.Seed + (ulong)r, Starts = 16, BootstrapSamples = 0 });
            string P(CollapseResult f) => string.Join(" ", f.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={p.Value:F5}±{p.Error:F5}({(p.Value - c.Truth[p.Name]) / p.Error:F2})")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"r{r} t={ta:F1}s S4={a.Quality.S:F5} S16={b.Quality.S:F5} at={a.Convergence.StartsAtOptimum}/{a.Convergence.Starts} | {P(a)} || {string.Join(" ", b.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value:F5}")))}"));
        }
        yield break;
    }
}
