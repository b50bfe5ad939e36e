using System.Globalization;
using System.Text.Json;
using System.Text;
using Eumentia.Cli;
using Eumentia.Tests.Analysis.Collapse;

namespace Eumentia.Tests.Analysis;

/// <summary>The `fit` and `collapse` commands end to end on small CSV files, and their messages for bad input.</summary>
public sealed class FitAndCollapseCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-cli-{Guid.NewGuid():N}");

    public FitAndCollapseCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, true);

    string Csv(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    string LossCsv()
    {
        var sb = new StringBuilder("N,seed,loss\n");
        foreach (var o in SyntheticData.ScalingLaw(n => 0.05 + 4 * Math.Pow(n, -0.5), SyntheticData.Geometric(100, 2, 7), 4, 0.03, 1).Observations)
            sb.Append(CultureInfo.InvariantCulture, $"{o.Size},{o.Seed},{o.Value:R}\n");
        return Csv("loss.csv", sb.ToString());
    }

    [Fact]
    public void FitWritesJsonTablesFiguresAndReport()
    {
        string outDir = Path.Combine(dir, "fit");
        var (code, stdout, stderr) = Run("fit", "--csv", LossCsv(), "--size", "N", "--y", "loss", "--seed", "seed", "--bootstrap", "20", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("L = E + A N^-alpha", stdout);
        foreach (var f in new[] { "fit.json", "fit_parameters.csv", "fit_points.csv", "local_slopes.csv", "report.html", "figures/fit.svg", "figures/fit.png", "figures/fit.pdf", "figures/fit.csv", "figures/local_slopes.pdf" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Interop.ColumnDictionary.AssertDescribes(outDir, "N");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "fit.json")));
        var fits = json.RootElement.GetProperty("fits");
        Assert.Equal(2, fits.GetArrayLength());
        var alpha = fits[1].GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "alpha");
        Assert.InRange(alpha.GetProperty("value").GetDouble(), 0.4, 0.6);
        Assert.True(alpha.GetProperty("error").GetDouble() > 0);
        Assert.Equal(7, fits[1].GetProperty("inputs").GetProperty("sizes").GetArrayLength());
        Assert.Equal("N", fits[1].GetProperty("inputs").GetProperty("columns").GetProperty("size").GetString());
        Assert.StartsWith("eumentia fit --csv", json.RootElement.GetProperty("command").GetString());
    }

    [Fact]
    public void CollapseWritesJsonTablesFiguresAndComparison()
    {
        var sb = new StringBuilder("L,p,seed,m\n");
        foreach (var o in CollapseTestData.PowerLaw(30, seeds: 3).Observations)
            sb.Append(CultureInfo.InvariantCulture, $"{o.Size},{o.Control:R},{o.Seed},{o.Value:R}\n");
        string outDir = Path.Combine(dir, "collapse");
        var (code, stdout, stderr) = Run("collapse", "--csv", Csv("fss.csv", sb.ToString()), "--size", "L", "--param", "p", "--y", "m", "--seed", "seed",
            "--starts", "3", "--bootstrap", "0", "--sensitivity", "false", "--compare", "bkt", "--range", "nu=0.5:3", "--fix", "zeta=0.4",
            "--map", "nu,p_c", "--map-points", "5", "--scaled-window", "3", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("power collapses the data", stdout);
        Assert.Contains("points (|x| <= 3)", stdout);
        foreach (var f in new[] { "collapse.json", "collapse_points.csv", "sensitivity.csv", "quality_map.csv", "report.html", "figures/raw.svg", "figures/collapsed.png", "figures/collapsed.csv",
                     "figures/collapse.svg", "figures/collapsed_bkt.pdf", "figures/quality_map.svg", "figures/quality_map.csv" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Interop.ColumnDictionary.AssertDescribes(outDir, "L", "p", "m", "m_se");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "collapse.json")));
        var pc = json.RootElement.GetProperty("collapse").GetProperty("parameters")[0];
        Assert.Equal("p_c", pc.GetProperty("name").GetString());
        Assert.InRange(pc.GetProperty("value").GetDouble(), 0.48, 0.52);
        Assert.Equal("power", json.RootElement.GetProperty("comparison").GetProperty("winner").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("collapse").GetProperty("window").GetProperty("scaled_window").GetDouble());
        Assert.Equal(26, File.ReadAllLines(Path.Combine(outDir, "quality_map.csv")).Length); // header and 5 x 5 cells
    }

    [Fact]
    public void CollapseWithCorrectionsAndTheDropTheSmallestStudyWritesBoth()
    {
        var sb = new StringBuilder("L,p,seed,m\n");
        foreach (var o in CollapseTestData.PowerLaw(31, seeds: 3).Observations)
            sb.Append(CultureInfo.InvariantCulture, $"{o.Size},{o.Control:R},{o.Seed},{o.Value:R}\n");
        string csv = Csv("fss2.csv", sb.ToString()), outDir = Path.Combine(dir, "drop");
        var (code, stdout, stderr) = Run("collapse", "--csv", csv, "--size", "L", "--param", "p", "--y", "m", "--seed", "seed",
            "--starts", "2", "--bootstrap", "8", "--sensitivity", "false", "--drop-smallest", "--omega", "1.5", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("extrapolated linearly in L_min^-1.5", stdout);
        var rows = File.ReadAllLines(Path.Combine(outDir, "drop_smallest.csv"));
        Assert.Equal(4, rows.Length); // header, L >= 8 and L >= 16 (3 sizes kept at least), the extrapolation
        Assert.StartsWith("inf", rows[^1]);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "collapse.json"))))
        {
            var drop = json.RootElement.GetProperty("drop_smallest");
            Assert.Equal(1.5, drop.GetProperty("omega").GetDouble());
            Assert.Equal(2, drop.GetProperty("rows").GetArrayLength());
            Assert.Equal(3, drop.GetProperty("extrapolated").GetArrayLength());
        }

        (code, stdout, stderr) = Run("collapse", "--csv", csv, "--size", "L", "--param", "p", "--y", "m", "--seed", "seed",
            "--starts", "2", "--bootstrap", "0", "--sensitivity", "false", "--corrections", "--out", Path.Combine(dir, "corr"));
        Assert.True(code == 0, stderr);
        Assert.Contains("power+corrections", stdout);
        using var corrected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "corr", "collapse.json")));
        Assert.Equal(["p_c", "nu", "zeta", "c", "omega"], corrected.RootElement.GetProperty("collapse").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public void FitFindsTheBktLengthOfCrossoverScales()
    {
        var sb = new StringBuilder("p,seed,n_star\n");
        foreach (var o in SyntheticData.ScalingLaw(p => Math.Exp(1 + 0.8 / Math.Sqrt(0.6 - p)), SyntheticData.Linear(0.2, 0.5, 10), 5, 0.05, 3).Observations)
            sb.Append(CultureInfo.InvariantCulture, $"{o.Size:R},{o.Seed},{o.Value:R}\n");
        string outDir = Path.Combine(dir, "bkt");
        var (code, stdout, stderr) = Run("fit", "--model", "bkt-length", "--csv", Csv("xi.csv", sb.ToString()), "--param", "p", "--y", "n_star", "--seed", "seed",
            "--bootstrap", "20", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("p_c above the data", stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "fit.json")));
        Assert.InRange(json.RootElement.GetProperty("bkt_length").GetProperty("parameters")[0].GetProperty("value").GetDouble(), 0.55, 0.65);
        Assert.True(File.Exists(Path.Combine(outDir, "figures", "bkt_length.svg")));
        Assert.Equal(ExitCodes.Usage, Run("fit", "--model", "bkt-length", "--csv", Path.Combine(dir, "xi.csv"), "--y", "n_star").Code);
    }

    [Fact]
    public void MissingColumnListsTheColumnsPresent()
    {
        var (code, _, stderr) = Run("fit", "--csv", LossCsv(), "--size", "N", "--y", "test_loss", "--out", Path.Combine(dir, "x"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no column 'test_loss' for the observable; the columns present are: N, seed, loss", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public void NaNIsReportedWithItsLine()
    {
        var (code, _, stderr) = Run("fit", "--csv", Csv("nan.csv", "N,loss\n10,1\n20,NaN\n40,0.5\n80,0.4\n"), "--size", "N", "--y", "loss");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("nan.csv: line 3: column 'loss' is NaN", stderr);
    }

    [Fact]
    public void SingleSizeAndTooFewPointsAreUsageErrors()
    {
        var (code, _, stderr) = Run("collapse", "--csv", Csv("one.csv", "L,p,m\n8,0.1,1\n8,0.2,2\n8,0.3,3\n"), "--size", "L", "--param", "p", "--y", "m");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("only one size (8)", stderr);
        (code, _, stderr) = Run("fit", "--csv", Csv("few.csv", "N,loss\n10,1\n20,0.7\n40,0.5\n"), "--size", "N", "--y", "loss", "--model", "offset");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("fewer points than parameters", stderr);
    }

    [Theory]
    [InlineData("--form", "gaussian", "unknown collapse form 'gaussian'")]
    [InlineData("--class", "ising", "unknown universality class 'ising'")]
    [InlineData("--fix", "nu", "--fix nu: expected name=value")]
    [InlineData("--range", "nu=2:1", "low must be below high")]
    [InlineData("--master-curve", "spline", "--master-curve spline: use cubic or linear")]
    [InlineData("--scaled-window", "0", "--scaled-window 0: the window |x| <= W needs a positive W")]
    [InlineData("--omega", "-1", "--omega -1: the correction exponent must be positive")]
    [InlineData("--replicate-starts", "-1", "--replicate-starts is -1; it must be 0 (polish only) or more")]
    public void BadCollapseOptionsAreUsageErrors(string option, string value, string message)
    {
        var (code, _, stderr) = Run("collapse", "--csv", Csv("c.csv", "L,p,m\n8,0.1,1\n16,0.2,2\n"), "--size", "L", "--param", "p", "--y", "m", option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void HelpSaysWhichParametersEachFormFixes()
    {
        var (code, stdout, _) = Run("collapse", "--help");
        Assert.Equal(0, code);
        Assert.Contains("sigma FIXED at 1/2", stdout);
        Assert.Contains("--master-curve", stdout);
        Assert.Contains("each replicate re-optimised from --replicate-starts random starts", stdout);
    }

    [Fact]
    public void ConstantDataAreRefusedBeforeAnythingIsWritten()
    {
        string outDir = Path.Combine(dir, "constant");
        var (code, _, stderr) = Run("collapse", "--csv", Csv("k.csv", "L,p,m\n8,0.1,1\n8,0.2,1\n16,0.1,1\n16,0.2,1\n32,0.1,1\n32,0.2,1\n"), "--size", "L", "--param", "p", "--y", "m",
            "--form", "power", "--fix", "nu=1", "--out", outDir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("constant data have no shape to collapse", stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void MissingFileIsAUsageError()
    {
        var (code, _, stderr) = Run("fit", "--csv", Path.Combine(dir, "none.csv"), "--size", "N", "--y", "loss");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("none.csv: no such file", stderr);
    }
}
