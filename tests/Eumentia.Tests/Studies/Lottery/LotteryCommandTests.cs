using Eumentia.Cli;
using Eumentia.Studies.Lottery;

namespace Eumentia.Tests.Studies.Lottery;

[Collection(ThreadBudgetCollection.Name)]
public sealed class LotteryCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-lottery-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    static string[] Tiny(string dir, int seeds = 2) =>
    [
        "lottery", "--preset", "quick", "--out", dir, "--seeds", $"{seeds}", "--side", "16", "--xi1", "2.5", "--train-size", "200", "--test-size", "100",
        "--width", "6", "--epochs", "1", "--target-sparsity", "0.5", "--prune-fraction", "0.3", "--baseline-every", "1", "--probe-size", "100", "--threads", "2",
    ];

    [Fact]
    public void WritesTablesFindingsAndReport()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run(Tiny(dir), stdout, stderr));
        foreach (var f in new[] { "study.json", "results.csv", "summary.csv", "findings.json", "report.html", "summary.json", "figures/ipr.svg", "figures/distance-ratio.png",
                     "figures/cavity-auc.pdf", "figures/cavity-nlgp.csv", "figures/receptive-fields-gp.svg", "figures/receptive-fields-gp.csv" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Interop.ColumnDictionary.AssertDescribes(dir);
        var results = File.ReadAllLines(Path.Combine(dir, "results.csv"));
        // 2 data sets × 2 seeds × (IMP levels 0..2 + 4 baselines × levels 1..2)
        Assert.Equal(1 + 2 * 2 * (3 + 4 * 2), results.Length);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("ipr-nlgp-vs-gp", html);
        Assert.Contains("imp-vs-shuffled-ipr-normalised", html);
        // The NLGP's saturated erf makes its inputs sub-Gaussian, so the kurtosis finding asks for a fall there; the control has no direction.
        var findings = File.ReadAllText(Path.Combine(dir, "findings.json"));
        Assert.Contains("kurtosis-moves-with-inputs", findings);
        Assert.Contains("ipr-normalised.svg", string.Join(" ", Directory.GetFiles(Path.Combine(dir, "figures"))));
        Assert.DoesNotContain("issue item", html);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal("lottery", summary.RootElement.GetProperty("study").GetString());
        Assert.True(summary.RootElement.GetProperty("values").GetProperty("claims").GetArrayLength() > 0);
        Eumentia.Tests.Reports.BrowserCheck.AssertClean(Path.Combine(dir, "report.html"));

        // Rerunning finds everything done; a study grown by a seed runs only that seed's levels and baselines.
        int runs = Directory.GetDirectories(Path.Combine(dir, "runs")).Length;
        var again = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run(Tiny(dir), again, new StringWriter()));
        Assert.DoesNotContain("to go", again.ToString());
        var grown = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run(Tiny(dir, seeds: 3), grown, new StringWriter()));
        Assert.Equal(runs * 3 / 2, Directory.GetDirectories(Path.Combine(dir, "runs")).Length);
        Assert.Equal(1 + 2 * 3 * (3 + 4 * 2), File.ReadAllLines(Path.Combine(dir, "results.csv")).Length);
    }

    /// <summary>The tiny preset from its command line: planned, killed part way, resumed, analysed, with the planned sparsities.</summary>
    [Fact]
    public void TinyPresetSurvivesAKillAndPrunesToThePlannedSparsities()
    {
        var (_, analysed) = StudyKillResume.Run(["lottery"], "tiny", dir, killAfter: 10);
        var spec = LotteryPresets.Get("tiny");
        var results = Eumentia.IO.CsvTable.Read(Path.Combine(dir, "results.csv"));
        int method = results.Column("method", "method"), level = results.Column("level", "level"), remaining = results.Column("remaining", "remaining");
        // 2 data sets × 2 seeds × (IMP levels 0..3 + oneshot and random at levels 2 and 3)
        Assert.Equal(2 * 2 * (4 + 2 * 2), results.Rows.Count);
        // Every row has the sparsity its level plans: 16 × 8 first-layer weights losing 30 % per level.
        long[] planned = new long[4];
        planned[0] = 16 * 8;
        for (int l = 1; l < 4; l++) planned[l] = Eumentia.Nets.Pruning.Survivors(planned[l - 1], spec.PruneFraction);
        Assert.All(Enumerable.Range(0, results.Rows.Count), r => Assert.Equal(planned[(int)results.Number(r, level)], (long)results.Number(r, remaining)));
        Assert.Equal([0, 1, 2, 3], Enumerable.Range(0, results.Rows.Count).Where(r => results.Rows[r][method] == "imp").Select(r => (int)results.Number(r, level)).Distinct().Order());
        Assert.Equal([2, 3], Enumerable.Range(0, results.Rows.Count).Where(r => results.Rows[r][method] == "random").Select(r => (int)results.Number(r, level)).Distinct().Order());
        Assert.Contains("findings (mean ± standard error over seeds)", analysed);
        Assert.Contains("kurtosis-moves-with-inputs", File.ReadAllText(Path.Combine(dir, "findings.json")));
    }

    [Theory]
    [InlineData("--prune-fraction", "1.5", "prune_fraction")]
    [InlineData("--preset", "huge", "not recognized")]
    [InlineData("--scope", "diagonal", "scope")]
    [InlineData("--pruned-layers", "7", "pruned_layers")]
    public void BadInputIsAUsageError(string option, string value, string message)
    {
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Usage, Program.Run(["lottery", "--out", dir, option, value], new StringWriter(), err));
        Assert.Contains(message, err.ToString());
    }
}
