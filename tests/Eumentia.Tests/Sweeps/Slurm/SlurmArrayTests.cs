using Eumentia.Sweeps.Ledger;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Eumentia.Tests.Sweeps.Slurm;

/// <summary>
/// A sweep of real training runs submitted to a real (one-node) Slurm cluster as a 2-task job array: every run
/// finishes exactly once, both tasks end cleanly, and collect's table is complete.
/// </summary>
public class SlurmArrayTests
{
    [SlurmFact]
    public void ASweepRunsAsATwoTaskJobArray()
    {
        Assert.True(SlurmFactAttribute.SbatchOnPath, "CI=true but sbatch is not on PATH: .ci/setup should have installed Slurm");
        CliRunner.RegisterKinds();
        var (sinfo, sinfoOut) = Shell("sinfo", "-h", "-o", "%T");
        Assert.True(sinfo == 0 && sinfoOut.Trim().Length > 0, $"sbatch is on PATH but the cluster does not answer (sinfo: {sinfoOut.Trim()}); start it with .ci/slurm/start.sh");

        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        File.WriteAllText(spec, TrainSpecs.Tiny("8, 16", 3));
        string dir = temp.Path_("runs/slurm");

        // The README's cluster recipe: the runs are planned first (here by a spec; a study's --plan-only does the
        // same), then the planned directory alone is submitted.
        var planned = CliRunner.InProcess("sweep", "slurm", spec, "--dir", dir);
        Assert.True(planned.Code == 0, planned.Out + planned.Err);
        var submitted = CliRunner.InProcess("sweep", "slurm", "--dir", dir, "--tasks", "2", "--concurrency", "2",
            "--time", "00:05:00", "--cpus", "1", "--submit");
        Assert.True(submitted.Code == 0, submitted.Out + submitted.Err);
        string job = Regex.Match(submitted.Out, @"submitted job (\d+)").Groups[1].Value;
        Assert.NotEmpty(job);

        var watch = Stopwatch.StartNew();
        while (Shell("squeue", "-h", "-j", job).Output.Trim().Length > 0)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"job {job} still queued after 120 s:\n{Shell("squeue", "-j", job).Output}");
            Thread.Sleep(250);
        }

        // Both array tasks completed with exit code 0 (slurmctld keeps finished records for MinJobAge).
        string states = Shell("scontrol", "-o", "show", "job", job).Output;
        var tasks = states.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir, "slurm"), "*.out").Select(f => $"== {f}\n{File.ReadAllText(f)}"));
        Assert.True(tasks.Length == 2, $"expected 2 array tasks:\n{states}\n{logs}");
        Assert.All(tasks, t => Assert.True(t.Contains("JobState=COMPLETED") && t.Contains("ExitCode=0:0"), $"{t}\n{logs}"));

        var sweep = SweepDirectory.Open(dir, false);
        var keys = sweep.RunKeys();
        Assert.Equal(6, keys.Count);
        foreach (var key in keys)
        {
            // Exactly once: one claim, ended done, and one "done" line in the two tasks' logs together.
            Assert.Equal(["attempt-1.claim"], Directory.GetFiles(sweep.RunDir(key), "attempt-*.claim").Select(Path.GetFileName));
            Assert.Equal(AttemptStatus.Done, AttemptEnd.TryRead(Path.Combine(sweep.RunDir(key), "attempt-1.end"))?.Status);
            Assert.True(File.Exists(Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile)), $"{key} has no result\n{logs}");
            Assert.Single(Regex.Matches(logs, $@"\] done +{key} "));
        }

        var (collected, collectOut, _) = CliRunner.InProcess("collect", "--dir", dir);
        Assert.Equal(0, collected);
        Assert.Contains("6 runs (6 done): wrote 12 rows", collectOut);
        var rows = File.ReadAllLines(Path.Combine(dir, "results.csv")).Skip(1).ToList();
        Assert.Equal(12, rows.Count);
        Assert.All(rows, r => Assert.StartsWith("done", r.Split(',')[1]));
    }

    static (int Code, string Output) Shell(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
