using Eumentia.Cli;

namespace Eumentia.Tests.Studies.Lottery;

[Collection(ThreadBudgetCollection.Name)]
public sealed class LotteryCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-lottery-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    static string[] Tiny(string dir) =>
    [
        "lottery", "--preset", "quick", "--out", dir, "--seeds", "2", "--side", "16", "--xi1", "2.5", "--train-size", "200", "--test-size", "100",
        "--width", "6", "--epochs", "1", "--target-sparsity", "0.5", "--prune-fraction", "0.3", "--baseline-every", "1", "--probe-size", "100", "--threads", "2",
    ];

    [Fact]
    public void WritesTablesFindingsAndReport()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run(Tiny(dir), stdout, stderr));
        foreach (var f in new[] { "spec.json", "results.csv", "summary.csv", "findings.json", "report.html", "summary.json", "figures/ipr.svg", "figures/distance-ratio.png",
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

        // Rerunning finds everything done; a changed knob is refused instead of mixing studies.
        Assert.Equal(ExitCodes.Ok, Program.Run(Tiny(dir), new StringWriter(), new StringWriter()));
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Usage, Program.Run([.. Tiny(dir), "--lr", "0.2"], new StringWriter(), err));
        Assert.Contains("spec.json", err.ToString());
    }

    [Fact]
    public void RunsAsASweepKindAndReportsAcrossRuns()
    {
        Directory.CreateDirectory(dir);
        var yaml = Path.Combine(dir, "lottery.yaml");
        File.WriteAllText(yaml, """
            kind: lottery
            fixed: { data: [nlgp, gp], seeds: 1, side: 16, xi1: 2.5, train_size: 200, test_size: 100, width: 6, epochs: 1,
                     target_sparsity: 0.5, prune_fraction: 0.3, baseline_every: 1, baselines: [random], probe_size: 100 }
            seeds: 2
            """);
        string sweep = Path.Combine(dir, "sweep");
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run(["sweep", "run", yaml, "--dir", sweep, "-j", "2"], new StringWriter(), err));
        Assert.Equal(ExitCodes.Ok, Program.Run(["lottery", "--report-only", "--out", sweep], new StringWriter(), err));
        Interop.ColumnDictionary.AssertDescribes(sweep);
        var results = File.ReadAllLines(Path.Combine(sweep, "results.csv"));
        // 2 seeds (one per sweep run) × 2 data sets × (IMP levels 0..2 + random at levels 1..2)
        Assert.Equal(1 + 2 * 2 * (3 + 2), results.Length);
        Assert.Contains(results, r => r.StartsWith("gp,1,random,2,"));
        Assert.True(File.Exists(Path.Combine(sweep, "report.html")));
        Assert.Contains("receptive-fields-nlgp.svg", Directory.GetFiles(Path.Combine(sweep, "figures")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--prune-fraction", "1.5", "prune_fraction")]
    [InlineData("--preset", "huge", "unknown preset")]
    [InlineData("--scope", "diagonal", "scope")]
    [InlineData("--pruned-layers", "7", "pruned_layers")]
    public void BadInputIsAUsageError(string option, string value, string message)
    {
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Usage, Program.Run(["lottery", "--out", dir, option, value], new StringWriter(), err));
        Assert.Contains(message, err.ToString());
    }
}
