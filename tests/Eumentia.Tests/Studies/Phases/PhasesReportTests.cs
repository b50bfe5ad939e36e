using System.Text.Json;
using Eumentia.Studies.Phases;
using Eumentia.Tests.Reports;

namespace Eumentia.Tests.Studies.Phases;

/// <summary>The phases report on synthetic loss curves whose phases are known: headline, summary.json, figure files, a browser's view.</summary>
public class PhasesReportTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-phases-report-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    static readonly double[] Sizes = [64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>Three seeds of L(N) with 2 % noise: a power law (eumentia), a rise beyond a minimum (dementia) or chance (amentia).</summary>
    static LossCurve Curve(double pTrain, double pEval, Func<double, double> loss)
    {
        var random = new Random(HashCode.Combine(pTrain, pEval));
        var perSeed = Enumerable.Range(0, 3).Select(_ => Sizes.Select(n => loss(n) * (1 + 0.02 * (random.NextDouble() - 0.5))).ToArray()).ToList();
        return new LossCurve(new CellKey(32, 1, pTrain, pEval), Sizes, [0, 1, 2], perSeed, Sizes.Select(_ => 0.5).ToArray());
    }

    [Fact]
    public void TheReportOpensWithTheCountsAndBoundariesAndWritesEveryFigureAsFiles()
    {
        var curves = new List<LossCurve>();
        foreach (double pTrain in new[] { 0.0, 0.3 })
        {
            curves.Add(Curve(pTrain, 0.0, n => 4 * Math.Pow(n, -0.4)));
            curves.Add(Curve(pTrain, 0.3, n => 3 * Math.Pow(n, -0.3)));
            curves.Add(Curve(pTrain, 0.6, n => 3 * Math.Pow(n, -0.3) + 4e-4 * n));
            curves.Add(Curve(pTrain, 0.9, _ => Math.Log(10)));
        }
        var result = PhasesAnalysis.Run(curves, new PhasesAnalysisOptions { BootstrapSamples = 10, CollapseStarts = 2, CollapseBootstrap = 0 });
        PhasesReport.Write(result, dir, "Synthetic phases", ["Synthetic curves: two p_train, four p_eval."]);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        var counts = summary.RootElement.GetProperty("values").GetProperty("phase_counts");
        Assert.Equal(4, counts.GetProperty("eumentia").GetInt32());
        Assert.Equal(2, counts.GetProperty("dementia").GetInt32());
        Assert.Equal(2, counts.GetProperty("amentia").GetInt32());
        var boundary = summary.RootElement.GetProperty("values").GetProperty("boundaries").EnumerateArray()
            .First(b => b.GetProperty("between").GetString() == "eumentia -> dementia");
        Assert.Equal(0.45, boundary.GetProperty("p_eval").GetDouble(), 9);
        Assert.Equal(0.15, boundary.GetProperty("p_eval_half_width").GetDouble(), 9);

        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Contains("8 cells: 4 eumentia, 2 dementia, 2 amentia, 0 undetermined.", html);
        Assert.Contains("p_eval = 0.45 ± 0.15 at p_train 0", html);
        Assert.DoesNotContain("PhaseRules {", html);
        foreach (var stem in new[] { "phase-diagrams", "phase-boundaries", "loss-curves-w32-d1", "alpha-w32-d1" })
            foreach (var extension in new[] { ".svg", ".png", ".pdf", ".csv" })
                Assert.True(File.Exists(Path.Combine(dir, "figures", stem + extension)), stem + extension);
        // Units and symbols: the loss in nats against the size N; the boundaries carry their resolution as x error bars.
        Assert.Contains("test loss L (nats)", File.ReadAllText(Path.Combine(dir, "figures", "loss-curves-w32-d1.svg")));
        Assert.Contains(",0.15,", File.ReadAllText(Path.Combine(dir, "figures", "phase-boundaries.csv")));
        BrowserCheck.AssertClean(Path.Combine(dir, "report.html"));
    }
}
