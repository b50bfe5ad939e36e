using Eumentia.Cli;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Subset;

[Collection(ThreadBudgetCollection.Name)]
public class SubsetCommandTests
{
    [Fact]
    public void RunsASmallStudyWithAMaskAndWritesItsTables()
    {
        var root = Path.Combine(Path.GetTempPath(), "eumentia-subset-cli-" + Guid.NewGuid().ToString("N"));
        var dir = Path.Combine(root, "study");
        var mask = Path.Combine(root, "col.txt"); // outside the study directory, which must be new or a study's
        Directory.CreateDirectory(root);
        try
        {
            File.WriteAllLines(mask, ["W1 0 0", "W1 1 0", "W1 0 1", "W1 1 1"]);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = Program.Run(["subset", "--networks", "ff:2-2-2", "--allocations", "random,concentrated-row", "--mask", $"ff:2-2-2={mask}",
                "--draws", "4", "--match-restarts", "2", "--threads", "1", "--set", "mnist=null", "--out", Path.Combine(dir, "study")], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            foreach (var f in new[] { "theory.csv", "outcomes.csv", "match_probability.csv", "transitions.csv", "rechecks.csv", "subset.json", "report.html", "summary.json", "figures/mp-ff-2-2-2.svg", "figures/mp-ff-2-2-2.png", "figures/mp-ff-2-2-2.pdf", "figures/mp-ff-2-2-2.csv" })
                Assert.True(File.Exists(Path.Combine(dir, "study", f)), f);
            Eumentia.Tests.Reports.BrowserCheck.AssertClean(Path.Combine(dir, "study", "report.html"));
            Interop.ColumnDictionary.AssertDescribes(Path.Combine(dir, "study"));
            // The whole first layer of a 2-2-2 net is learnable: W2 W1 covers every 2 x 2 map.
            var mp = File.ReadAllLines(Path.Combine(dir, "study", "match_probability.csv"));
            var columns = mp[0].Split(',');
            var maskRow = mp.Skip(1).Select(l => l.Split(',')).Single(r => r[Array.IndexOf(columns, "allocation")] == "mask:col");
            Assert.Equal("1", maskRow[Array.IndexOf(columns, "match_probability")]);
        }
        finally { Directory.Delete(root, true); }
    }

    /// <summary>docs/subset.md's audit: planted problems on every allocation, their found rate printed and written to planted.csv.</summary>
    [Fact]
    public void AuditsTheSolverOnPlantedProblems()
    {
        var dir = Path.Combine(Path.GetTempPath(), "eumentia-subset-audit-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = CliRunner.InProcess("subset", "--audit", "5", "--networks", "ff:2-2-2", "--set", "mnist=null", "--out", dir);
            Assert.True(code == 0, stderr);
            // A planted teacher is a student, so a match exists: the search finds it on the full-rank problems of a small linear net.
            Assert.Contains("ff:2-2-2       planted solution found in ", stdout);
            var planted = Eumentia.IO.CsvTable.Read(Path.Combine(dir, "planted.csv"));
            Assert.NotEmpty(planted.Rows);
            Assert.Equal(0, planted.Rows.Count % 5); // five problems per allocation that applies
            int found = planted.Column("found", "found");
            Assert.True(planted.Rows.Count(r => r[found] == "true") >= 0.9 * planted.Rows.Count, stdout);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--networks", "ff:2")]
    [InlineData("--allocations", "everywhere")]
    [InlineData("--preset", "huge")]
    [InlineData("--mask", "ff:9-9=none.txt")]
    [InlineData("--draws", "0")]
    [InlineData("--audit", "0")]
    [InlineData("--match-confirm-restarts", "-1")]
    [InlineData("--set", "match.restarts=x")]
    [InlineData("--set", "no_such_field=1")]
    [InlineData("--grid", "draws=1,2")]
    public void BadInputIsAUsageError(string option, string value)
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Usage, Program.Run(["subset", option, value, "--out", Path.GetTempPath()], new StringWriter(), stderr));
        Assert.StartsWith("eumentia:", stderr.ToString());
    }
}
