using System.Diagnostics;
using Eumentia.Studies;
using Eumentia.Sweeps.Ledger;
using Eumentia.Tests.Sweeps;
using Eumentia.Tests.Sweeps.Slurm;

namespace Eumentia.Tests.Studies;

/// <summary>
/// The README's cluster recipe, verbatim in form, for every study's tiny preset on the real one-node Slurm that CI
/// installs: `eumentia STUDY --preset tiny --plan-only --out DIR`, then `eumentia sweep slurm --dir DIR --submit`,
/// then nothing: the continuation jobs carry each study through all its stages to its report. Every run of the
/// ledger ends done, each by exactly one claim, and the report is the one a local run writes.
/// </summary>
public class StudySlurmTests
{
    [SlurmFact]
    public void EveryStudysTinyPresetRunsToItsReportThroughSlurm()
    {
        SlurmCluster.AssertAnswers();

        using var temp = new SweepTestDirectory();
        var studies = StudyCatalog.All.Select(s => s.Name).ToList();
        Assert.Contains("lottery", studies);
        var dirs = studies.ToDictionary(s => s, s => temp.Path_(s));
        foreach (var (study, dir) in dirs)
        {
            var planned = CliRunner.InProcess(study, "--preset", "tiny", "--plan-only", "--out", dir);
            Assert.True(planned.Code == 0, planned.Out + planned.Err);
            Assert.Contains("planned: ", planned.Out);
            var submitted = CliRunner.InProcess("sweep", "slurm", "--dir", dir, "--tasks", "2", "--time", "00:10:00", "--submit");
            Assert.True(submitted.Code == 0, submitted.Out + submitted.Err);
            Assert.Matches(@"submitted job \d+ \(array\) and job \d+ \(continuation", submitted.Out);
        }

        var watch = Stopwatch.StartNew();
        while (dirs.Values.Any(d => !File.Exists(Path.Combine(d, "report.html"))) && watch.Elapsed < TimeSpan.FromMinutes(6))
            Thread.Sleep(500);
        foreach (var (study, dir) in dirs)
        {
            string logs = Logs(dir);
            Assert.True(File.Exists(Path.Combine(dir, "report.html")), $"{study}: no report after {watch.Elapsed.TotalSeconds:F0} s\n{logs}");
            Assert.True(File.Exists(Path.Combine(dir, "summary.json")), $"{study}: no summary.json\n{logs}");
            // The last continuation wrote the report; every earlier one submitted the next stage.
            var continuations = Directory.GetFiles(Path.Combine(dir, "runs", "slurm"), "continue-*.out");
            Assert.True(continuations.Length >= 1, logs);
            Assert.Single(continuations, f => File.ReadAllText(f).Contains("every run of the study is finished"));
            var sweep = SweepDirectory.Open(Path.Combine(dir, "runs"), false);
            foreach (var key in sweep.RunKeys())
            {
                Assert.True(File.Exists(Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile)), $"{study}: run {key} has no result\n{logs}");
                Assert.Single(Directory.GetFiles(sweep.RunDir(key), "attempt-*.claim"));
            }
            // The study in the directory is complete: analysing it again runs nothing and needs nothing.
            var analysed = CliRunner.InProcess(study, "--analyze-only", "--out", dir);
            Assert.True(analysed.Code == 0, analysed.Out + analysed.Err);
        }
    }

    static string Logs(string dir)
    {
        string slurm = Path.Combine(dir, "runs", "slurm");
        return !Directory.Exists(slurm) ? "(no Slurm logs)"
            : string.Join("\n", Directory.GetFiles(slurm, "*.out").Order().Select(f => $"== {f}\n{File.ReadAllText(f)}"));
    }
}
