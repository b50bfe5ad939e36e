using Eumentia.Cli;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Cli;

/// <summary>
/// Bad input found by trying the command line as a new user would: each gets one line naming what is wrong
/// and where, exit 2 (usage) or 1 (runtime), no stack trace, and nothing written before the refusal.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    readonly SweepTestDirectory temp = new();

    public void Dispose() => temp.Dispose();

    string File_(string name, string text)
    {
        string path = temp.Path_(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the command in-process; asserts the exit code, one "eumentia:" line on stderr holding <paramref name="expected"/>, and no new files.</summary>
    string Refused(int exitCode, string expected, params string[] args)
    {
        var before = Directory.GetFileSystemEntries(temp.Root, "*", SearchOption.AllDirectories).Order().ToList();
        var (code, _, stderr) = CliRunner.InProcess(args);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Run 'eumentia --help'", StringComparison.Ordinal)).ToList();
        Assert.True(code == exitCode, $"exit {code}: {stderr}");
        Assert.StartsWith("eumentia: ", Assert.Single(lines));
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal(before, Directory.GetFileSystemEntries(temp.Root, "*", SearchOption.AllDirectories).Order().ToList());
        return lines[0];
    }

    [Fact]
    public void SpecsThatAreNotValidYamlOrNotOneMappingOfNames()
    {
        Refused(2, "not valid YAML", "sweep", "run", File_("a.yaml", "kind: train\nfixed: { width: 8\ngrid: [\n"), "--dir", temp.Path_("d"));
        Refused(2, "a key must be a plain name, not a list", "sweep", "run", File_("b.yaml", "kind: train\n? [a, b]\n: 1\n"), "--dir", temp.Path_("d"));
        Refused(2, "second YAML document", "sweep", "run", File_("c.yaml", "kind: train\nfixed: {width: 8}\n---\nkind: bogus\n"), "--dir", temp.Path_("d"));
        Refused(2, "name '../../x' is the sweep's directory", "sweep", "run", File_("n.yaml", "kind: train\nname: ../../x\n"));
        Refused(2, "more runs than one spec may plan (100000)", "sweep", "run", File_("s.yaml", "kind: train\nseeds: 100000000\n"), "--dir", temp.Path_("d"));
        Refused(2, "the spec expands to 200000 runs", "sweep", "run", "--kind", "train", "--grid", "width=1,2", "--set", "epochs=1",
            File_("g.yaml", "kind: train\nseeds: 100000\n"), "--dir", temp.Path_("d"));
    }

    [Fact]
    public void BrokenSweepManifests()
    {
        Directory.CreateDirectory(temp.Path_("m1"));
        File_("m1/sweep.json", "[1,2]");
        Refused(1, "m1/sweep.json: not a sweep manifest", "sweep", "status", "--dir", temp.Path_("m1"));
        Directory.CreateDirectory(temp.Path_("m2"));
        File_("m2/sweep.json", "{\"format\": 1, \"kind\": \"bogus\"}");
        Refused(1, "m2/sweep.json: unknown run kind 'bogus'", "sweep", "status", "--dir", temp.Path_("m2"));
        // Found by FuzzTests: an empty path reached Path.GetFullPath, which threw.
        Refused(2, "the sweep directory is empty: give --dir a path", "sweep", "status", "--dir", "");
    }

    [Fact]
    public void NetworksTooLargeForMemoryAndEmptyOutputs()
    {
        Refused(2, "at this depth width ≤", "train", "--width", "1000000", "--depth", "3", "--out", temp.Path_("o1"));
        Refused(2, "at this depth width ≤", "train", "--width", "2000000000", "--out", temp.Path_("o2"));
        Refused(2, "--out ''", "train", "--out", "");
        Refused(2, "--depth 2000000000: at most 10000000 layers", "criticality", "iterate", "--depth", "2000000000", "--out", temp.Path_("i.csv"));
    }

    [Fact]
    public void OptionsThatContradictOrCannotWork()
    {
        Refused(2, "give one", "phases", "--plan-only", "--analyze-only", "--out", temp.Path_("p"));
        var csv = File_("l.csv", "N,seed,loss\n100,0,1.0\n100,1,1.1\n200,0,0.8\n200,1,0.82\n400,0,0.6\n400,1,0.61\n800,0,0.5\n800,1,0.52\n");
        Refused(2, "--holdout 50: ", "fit", "--csv", csv, "--size", "N", "--y", "loss", "--seed", "seed", "--holdout", "50", "--out", temp.Path_("f"));
        Refused(2, "Unrecognized command or argument 'bogus'", "bogus");
    }

    [Fact]
    public void SweepOptionsAreCheckedBeforeAnyRunIsRegistered()
    {
        string spec = File_("t.yaml", TrainSpecs.Tiny("4", 1));
        string dir = temp.Path_("sweep");
        Refused(2, "--workers 0", "sweep", "run", spec, "--dir", dir, "-j", "0");
        Refused(2, "--heartbeat-timeout 'abc'", "sweep", "run", spec, "--dir", dir, "--heartbeat-timeout", "abc");
        Refused(2, "--heartbeat-timeout '-5m'", "sweep", "run", spec, "--dir", dir, "--heartbeat-timeout", "-5m");
        Refused(2, "--tasks 0", "sweep", "slurm", spec, "--dir", dir, "--tasks", "0");
        Refused(2, "--cpus 0", "sweep", "slurm", spec, "--dir", dir, "--cpus", "0");
        Refused(2, "--time 'banana'", "sweep", "slurm", spec, "--dir", dir, "--time", "banana");
        Refused(2, "--max-lost -1", "sweep", "run", spec, "--dir", dir, "--max-lost", "-1");
    }

    [Fact]
    public void AnUnwritableResultsPathIsNamedNotItsTemporaryFile()
    {
        var (code, _, stderr) = CliRunner.InProcess("sweep", "run", File_("t.yaml", TrainSpecs.Tiny("4", 1)), "--dir", temp.Path_("sw"));
        Assert.True(code == 0, stderr);
        string line = Refused(1, "/proc/x.csv", "collect", "--dir", temp.Path_("sw"), "--results", "/proc/x.csv");
        Assert.DoesNotContain(".tmp", line);
    }

    [Fact]
    public void ATrainingThatDivergesEndsFailedAndAReusedDirectoryNoLongerLooksFinished()
    {
        string dir = temp.Path_("reused");
        var (code, _, stderr) = CliRunner.InProcess("train", "--n", "128", "--epochs", "1", "--width", "8", "--out", dir);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(dir, "result.json")));

        // A learning rate of 1e6 takes the loss to ~1e17 within steps: diverged, not a result.
        (code, _, stderr) = CliRunner.InProcess("train", "--n", "128", "--epochs", "1", "--width", "8", "--lr", "1e6", "--out", dir);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("diverged: training loss", stderr);
        Assert.Contains("divergence_factor", stderr);
        Assert.False(File.Exists(Path.Combine(dir, "result.json")), "the earlier run's result still makes the directory look finished");
        Assert.False(File.Exists(Path.Combine(dir, "weights.safetensors")));
        Assert.Contains("1000000", File.ReadAllText(Path.Combine(dir, "config.json")));
    }

    [Fact]
    public void ASweepCanSkipTheWeights()
    {
        string spec = File_("w.yaml", TrainSpecs.Tiny("4, 6", 1));
        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", temp.Path_("w"), "--save-weights", "none");
        Assert.True(code == 0, stdout + stderr);
        var runs = Directory.GetDirectories(temp.Path_("w")).Where(d => File.Exists(Path.Combine(d, "run.json"))).ToArray();
        Assert.Equal(2, runs.Length);
        Assert.All(runs, run => Assert.True(File.Exists(Path.Combine(run, "result.json"))));
        Assert.All(runs, run => Assert.False(File.Exists(Path.Combine(run, "weights.safetensors"))));
        Assert.All(runs, run => Assert.Empty(Directory.GetFiles(run, ".*.tmp")));
    }
}
