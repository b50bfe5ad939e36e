using System.Globalization;
using Eumentia.Tests.Interop;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Lottery;

/// <summary>
/// docs/findings/lottery's regime scan as its page runs it: the committed sweep spec (shrunk with --set and --grid),
/// `collect --kind lottery-imp`, and regime_table.py, whose paired NLGP − control gaps are checked against the
/// results table by hand.
/// </summary>
public class RegimeScanTests
{
    static string Docs(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "docs", "findings", "lottery", file))) return Path.Combine(dir.FullName, "docs", "findings", "lottery", file);
        throw new FileNotFoundException("docs/findings/lottery/" + file);
    }

    [PythonFact]
    public void TheCommittedScanRunsAndTabulatesPairedGaps()
    {
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("runs/regime");
        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", Docs("regime-scan.yaml"), "--dir", dir, "-j", "2",
            "--set", "side=16", "--set", "width=8", "--set", "test_size=100", "--set", "probe_size=200", "--grid", "train_size=200,300");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("32 runs in spec", stdout);
        string results = temp.Path_("results.csv");
        (code, stdout, stderr) = CliRunner.InProcess("collect", "--dir", dir, "--kind", "lottery-imp", "--results", results, "--metrics", temp.Path_("metrics.csv"));
        Assert.True(code == 0, stdout + stderr);

        var (pyCode, table) = PythonPackage.Run(Docs("regime_table.py"), results);
        Assert.True(pyCode == 0, table);
        var lines = table.Trim().Split('\n');
        var header = Cells(lines[0]);
        Assert.Equal(["gain", "train_size", "xi0"], header.Take(3));
        Assert.Equal(2 + 8, lines.Length); // header, rule, 2 gains × 2 sizes × 2 correlation-length pairs
        int gap = Array.IndexOf(header, "Δ window (nlgp − gp)");
        Assert.True(gap > 0, lines[0]);

        // The first row by hand: gain 3, 200 examples, ξ0 = 1; window excess nlgp − gp paired by seed.
        var rows = File.ReadAllLines(results);
        var columns = rows[0].Split(',');
        double Window(string data, string seed) => rows.Skip(1).Select(r => r.Split(','))
            .Where(c => c[Array.IndexOf(columns, "data")] == data && c[Array.IndexOf(columns, "seed")] == seed && c[Array.IndexOf(columns, "gain")] == "3"
                && c[Array.IndexOf(columns, "train_size")] == "200" && c[Array.IndexOf(columns, "xi0")] == "1")
            .Select(c => double.Parse(c[Array.IndexOf(columns, "window_excess_mean")], CultureInfo.InvariantCulture)).Single();
        double[] gaps = [Window("nlgp", "0") - Window("gp", "0"), Window("nlgp", "1") - Window("gp", "1")];
        double mean = gaps.Average(), se = Math.Abs(gaps[0] - gaps[1]) / 2;
        var first = Cells(lines[2]);
        Assert.Equal(["3", "200", "1"], first.Take(3));
        Assert.Equal($"{mean.ToString("F3", CultureInfo.InvariantCulture)} ± {se.ToString("F3", CultureInfo.InvariantCulture)}", first[gap]);
    }

    [PythonFact]
    public void ATableThatIsNotOneGetsOneLine()
    {
        using var temp = new SweepTestDirectory();
        string bad = temp.Path_("bad.csv");
        File.WriteAllText(bad, "a,b\n1,2\n");
        var (code, output) = PythonPackage.Run(Docs("regime_table.py"), bad);
        Assert.Equal(1, code);
        Assert.Single(output.Trim().Split('\n'));
        Assert.Contains("is not a results table of lottery-imp runs", output);
    }

    static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
