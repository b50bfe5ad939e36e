using Eumentia.Cli;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Slurm;
using Eumentia.Sweeps.Workers;

namespace Eumentia.Tests.Sweeps;

public class SweepCommandTests
{
    const string Spec = "kind: toy\nname: demo\nfixed: { p_eval: [0.0, 0.5] }\ngrid: { width: [2, 4] }\nseeds: 2\n";

    static string WriteSpec(SweepTestDirectory temp, string yaml)
    {
        string path = temp.Path_("spec.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void RunStatusAndCollectFromTheCommandLine()
    {
        using var temp = new SweepTestDirectory();
        string spec = WriteSpec(temp, Spec);
        string dir = temp.Path_("runs/demo");

        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir, "-j", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("4 runs in spec, 4 new; 0 of 4 already done", stdout);
        Assert.Contains("4 runs: 4 done, 0 running, 0 pending, 0 failed", stdout);
        Assert.Equal(4, stdout.Split('\n').Count(l => l.Contains("] done ")));  // plain log lines when not a terminal

        // Re-running skips everything; a wider grid on the command line adds only the new runs.
        (code, stdout, _) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir);
        Assert.Equal(0, code);
        Assert.Contains("4 runs in spec, 0 new; 4 of 4 already done", stdout);
        (code, stdout, _) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir, "--grid", "width=2,4,8");
        Assert.Equal(0, code);
        Assert.Contains("6 runs in spec, 2 new; 4 of 6 already done", stdout);
        var sweep = SweepDirectory.Open(dir, false);
        Assert.All(SweepTestDirectory.Executions(sweep).Values, n => Assert.Equal(1, n));

        (code, stdout, _) = CliRunner.InProcess("sweep", "status", "--dir", dir);
        Assert.Equal(0, code);
        Assert.Contains("6 runs: 6 done", stdout);

        (code, stdout, _) = CliRunner.InProcess("collect", "--dir", dir);
        Assert.Equal(0, code);
        Assert.Contains("wrote 12 rows", stdout);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(dir, "results.csv")).Length);
    }

    [Fact]
    public void SpecErrorsAreUsageErrorsNamingTheLine()
    {
        using var temp = new SweepTestDirectory();
        string spec = WriteSpec(temp, "kind: toy\ngrid:\n  widht: [1, 2]\n");
        var (code, _, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", temp.Path_("d"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"eumentia: {spec}:3:3: unknown key 'widht' for run kind 'toy' (did you mean 'width'?)", stderr.Trim());

        (code, _, stderr) = CliRunner.InProcess("sweep", "run", "--kind", "toy", "--set", "dropout=1", "--dir", temp.Path_("d"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--set dropout=1: 'dropout' must be in [0, 1) (got 1)", stderr);

        (code, _, stderr) = CliRunner.InProcess("sweep", "status", "--dir", temp.Path_("nothing"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("does not exist", stderr);
    }

    [Fact]
    public void FailuresAreShownAsTheyHappenAndFailTheCommand()
    {
        using var temp = new SweepTestDirectory();
        string spec = WriteSpec(temp, "kind: toy\ngrid: { width: [1, 2, 3] }\nconfigs: [ {fail: true} ]\n");
        var (code, _, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", temp.Path_("d"), "-j", "1", "--max-attempts", "1");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal(3, stderr.Split('\n').Count(l => l.Contains("FAILED") && l.Contains("toy failure")));

        (code, _, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", temp.Path_("ff"), "-j", "1", "--fail-fast");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("stopped by --fail-fast", stderr);
        Assert.Equal(1, SweepTestDirectory.Executions(SweepDirectory.Open(temp.Path_("ff"), false)).Values.Sum());
    }

    [Fact]
    public void ChildProcessWorkersShareOneDisplay()
    {
        using var temp = new SweepTestDirectory();
        string spec = WriteSpec(temp, TrainSpecs.Tiny("8", 2));
        string dir = temp.Path_("p");
        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir, "-j", "2", "--mode", "processes");
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal(2, stdout.Split('\n').Count(l => l.Contains("] done ")));
        Assert.Contains("2 runs: 2 done", stdout);
        // Executed in the child processes, whose names are in the claims.
        var workers = Directory.GetFiles(dir, "attempt-1.claim", SearchOption.AllDirectories).Select(f => ClaimRecord.TryRead(f)!).ToList();
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w => Assert.NotEqual(Environment.ProcessId, w.Pid));
        Assert.All(workers, w => Assert.Contains(":child", w.Worker));
    }

    [Fact]
    public void SlurmWritesAnArrayScriptOfWorkers()
    {
        using var temp = new SweepTestDirectory();
        string spec = WriteSpec(temp, Spec);
        string dir = temp.Path_("s");
        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "slurm", spec, "--dir", dir, "--partition", "debug", "--time", "00:20:00",
            "--cpus", "4", "--tasks", "3", "--concurrency", "2", "--workers-per-task", "2", "--eumentia", "/opt/eumentia/bin/eumentia");
        Assert.True(code == 0, stderr);
        string script = File.ReadAllText(Path.Combine(dir, "slurm", "sweep.sbatch"));
        Assert.Contains("#SBATCH --array=0-2%2\n", script);
        Assert.Contains("#SBATCH --time=00:20:00\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=4\n", script);
        Assert.Contains("#SBATCH --partition=debug\n", script);
        Assert.Contains($"#SBATCH --output={dir}/slurm/%A_%a.out\n", script);
        Assert.Contains($"exec /opt/eumentia/bin/eumentia sweep worker --dir {dir} --time-limit 1080s --workers 2 --heartbeat-timeout 300s " +
                        "--name \"slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n", script);
        Assert.Contains("4 pending", stdout);
        Assert.Equal(4, SweepDirectory.Open(dir, false).RunKeys().Count);
    }

    [Fact]
    public void SlurmSubmitsAPlannedDirectoryAsItIs()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("planned");
        Assert.Equal(0, CliRunner.InProcess("sweep", "slurm", WriteSpec(temp, Spec), "--dir", dir).Code);
        var keys = SweepDirectory.Open(dir, false).RunKeys();

        // As the README's cluster recipe gives it: only the directory, which a study's --plan-only filled.
        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "slurm", "--dir", dir, "--tasks", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("0 new; 4 pending", stdout);
        Assert.Contains("#SBATCH --array=0-1\n", File.ReadAllText(Path.Combine(dir, "slurm", "sweep.sbatch")));
        Assert.Equal(keys, SweepDirectory.Open(dir, false).RunKeys()); // no default run registered on the side

        var wrongKind = CliRunner.InProcess("sweep", "slurm", "--dir", dir, "--kind", "criticality-probe");
        Assert.Equal(2, wrongKind.Code);
        Assert.Contains("holds runs of kind", wrongKind.Err);
        var nothing = CliRunner.InProcess("sweep", "slurm", "--dir", temp.Path_("empty"));
        Assert.Equal(2, nothing.Code);
        Assert.False(Directory.Exists(temp.Path_("empty")));
    }

    [Theory]
    [InlineData("30", 30 * 60)]
    [InlineData("10:30", 10 * 60 + 30)]
    [InlineData("01:02:03", 3723)]
    [InlineData("2-00", 2 * 86400)]
    [InlineData("1-02:03", 86400 + 2 * 3600 + 3 * 60)]
    [InlineData("1-00:00:05", 86405)]
    public void SlurmTimeFormats(string text, int seconds) => Assert.Equal(seconds, SlurmScript.ParseTime(text).TotalSeconds);

    [Fact]
    public void WorkerTimeLimitLeavesAMargin()
    {
        Assert.Equal(TimeSpan.FromMinutes(54), SlurmScript.WorkerTimeLimit(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(270), SlurmScript.WorkerTimeLimit(TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(10), SlurmScript.WorkerTimeLimit(TimeSpan.FromHours(24)));
        Assert.Equal(TimeSpan.FromSeconds(30), SlurmScript.WorkerTimeLimit(TimeSpan.FromMinutes(1)));
        Assert.Throws<UsageException>(() => SlurmScript.ParseTime("1h"));
        Assert.Equal(TimeSpan.FromMinutes(90), Durations.Parse("1.5h", "--x"));
        Assert.Throws<UsageException>(() => Durations.Parse("-3s", "--x"));
    }
}
