using System.Text.Json;
using Eumentia.Analysis;
using Eumentia.Cli;
using Eumentia.Data.Synthetic;
using Eumentia.IO;
using Eumentia.Studies.Lottery;
using Eumentia.Training;

namespace Eumentia.Tests.Studies.Lottery;

[Collection(ThreadBudgetCollection.Name)]
public sealed class GainScanTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-gain-scan-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    static string[] Tiny(string dir) =>
    [
        "lottery", "--preset", "quick", "--out", dir, "--seeds", "2", "--side", "16", "--xi1", "2.5", "--train-size", "400", "--test-size", "100",
        "--width", "6", "--epochs", "1", "--target-sparsity", "0.5", "--prune-fraction", "0.3", "--baselines", "none", "--probe-size", "400", "--threads", "2",
    ];

    /// <summary>Each row's measured input kurtosis must match the theory at the gain the row names: a scan that ran one gain
    /// twice, or mislabelled its gains, fails here.</summary>
    static void AssertGainsAreTheOnesRun(CsvTable table, double[] gains)
    {
        Assert.Equal(gains.Length, table.Rows.Count);
        int g = table.Column("gain", "gain"), theory = table.Column("input_kurtosis_theory", "theory"), nlgp = table.Column("input_kurtosis_nlgp", "measured");
        int control = table.Column("input_kurtosis_gp", "control");
        for (int r = 0; r < gains.Length; r++)
        {
            Assert.Equal(gains[r], table.Number(r, g));
            Assert.Equal(NlgpTheory.ExcessKurtosis(gains[r]), table.Number(r, theory), 9);
            Assert.InRange(table.Number(r, nlgp) - table.Number(r, theory), -0.3, 0.3);
            Assert.InRange(table.Number(r, control), -0.3, 0.3); // the control is Gaussian at every gain
        }
        Assert.True(table.Number(0, nlgp) - table.Number(gains.Length - 1, nlgp) > 1, "the input kurtosis does not change with the gain");
    }

    [Fact]
    public void GainsOptionRunsOneStudyPerGainAndTabulatesTheGaps()
    {
        var stdout = new StringWriter();
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Ok, Program.Run([.. Tiny(dir), "--gains", "10,0.1"], stdout, err));
        foreach (var sub in new[] { "gain-0.1", "gain-10" })
            Assert.True(File.Exists(Path.Combine(dir, sub, "report.html")), sub);
        Interop.ColumnDictionary.AssertDescribes(dir);
        var table = CsvTable.Read(Path.Combine(dir, "gain-scan.csv"));
        AssertGainsAreTheOnesRun(table, [0.1, 10]);
        // At g → 0 the NLGP is its own control (same noise, same initialisation): the locality gap must vanish.
        Assert.InRange(table.Number(0, table.Column("distance_ratio_gap", "gap")), -0.01, 0.01);
        foreach (var f in new[] { "report.html", "gain-findings.json", "figures/gain-locality-gap.svg", "figures/gain-non-gaussianity.png", "figures/gain-input-kurtosis.pdf" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Contains("locality-gap-grows-with-gain", stdout.ToString());

        // --analyze-only on the scan directory analyses it again as a scan.
        File.Delete(Path.Combine(dir, "gain-findings.json"));
        Assert.Equal(ExitCodes.Ok, Program.Run(["lottery", "--analyze-only", "--out", dir], new StringWriter(), err));
        Assert.Contains("gap-vanishes-distance-ratio-gap-along", File.ReadAllText(Path.Combine(dir, "gain-findings.json")));
    }

    [Theory]
    [InlineData("--gains", "3", "two distinct gains")]
    [InlineData("--gains", "1,-2", "every gain must be positive")]
    [InlineData("--gains", "1,x", "is not a finite number")]
    public void BadGainListsAreUsageErrors(string option, string value, string message)
    {
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Usage, Program.Run(["lottery", "--out", dir, option, value], new StringWriter(), err));
        Assert.Contains(message, err.ToString());
    }

    [Fact]
    public void GainAndGainsExcludeEachOther()
    {
        var err = new StringWriter();
        Assert.Equal(ExitCodes.Usage, Program.Run(["lottery", "--out", dir, "--gain", "3", "--gains", "1,3"], new StringWriter(), err));
        Assert.Contains("exclude each other", err.ToString());
    }
}
