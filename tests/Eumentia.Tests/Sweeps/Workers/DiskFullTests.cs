using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Eumentia.Tests.Sweeps.Workers;

/// <summary>
/// A sweep on a 300 KiB file system (a tmpfs mounted in a private mount namespace, so no privileges are needed
/// beyond user namespaces) fills it: the command stops with one line and exit 1, no run is counted as failed,
/// nothing unfinished reads as done, and the same command on a disk with room finishes every run once.
/// </summary>
public class DiskFullTests(ITestOutputHelper output)
{
    [Fact]
    public void ASweepThatFillsItsDiskStopsWithOneLineAndResumesElsewhere()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (Shell("unshare -rm true").Code != 0)
        {
            output.WriteLine("skipped: this kernel refuses unprivileged user and mount namespaces (unshare -rm)");
            return;
        }
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        File.WriteAllText(spec, TrainSpecs.Tiny("8, 12, 16, 20, 24", 4));
        string mount = temp.Path_("small");
        string copy = temp.Path_("copy");
        Directory.CreateDirectory(mount);
        var (code, log) = Shell("unshare -rm sh -c 'mount -t tmpfs -o size=300k tmpfs \"$1\" && dotnet \"$2\" sweep run \"$3\" --dir \"$1/s\" -j 2; " +
                                "echo \"exit $?\"; cp -a \"$1/s\" \"$4\"' sh " + string.Join(' ', new[] { mount, CliRunner.CliDll, spec, copy }.Select(a => $"'{a}'")));
        output.WriteLine(log);
        Assert.Equal(0, code);
        Assert.Contains("exit 1", log);
        var errors = log.Split('\n').Where(l => l.StartsWith("eumentia:", StringComparison.Ordinal)).ToList();
        Assert.Contains("no space left on device (ENOSPC)", Assert.Single(errors));
        Assert.DoesNotContain("   at ", log); // no stack trace
        Assert.DoesNotContain("Unhandled exception", log);

        var sweep = SweepDirectory.Open(copy, false);
        var ledger = new RunLedger(sweep, new WorkerOptions().HeartbeatTimeout);
        var before = sweep.RunKeys().Select(ledger.Inspect).ToList();
        Assert.InRange(before.Count(r => r.State == RunState.Done), 0, 19); // the disk filled part way
        Assert.All(before, r => Assert.Equal(0, r.Failures));
        Assert.DoesNotContain(before, r => r.State == RunState.Failed);
        var doneBefore = before.Where(r => r.State == RunState.Done).Select(r => r.Key).ToHashSet();

        var (resumed, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", copy, "-j", "2");
        Assert.True(resumed == 0, stdout + stderr);
        Assert.Contains($"{doneBefore.Count} of 20 already done", stdout);
        Assert.All(sweep.RunKeys(), key =>
        {
            Assert.Equal(RunState.Done, ledger.Inspect(key).State);
            var ends = Directory.GetFiles(sweep.RunDir(key), "attempt-*.end").Select(AttemptEnd.TryRead).ToList();
            Assert.Equal(1, ends.Count(e => e?.Status == AttemptStatus.Done));
            Assert.DoesNotContain(ends, e => e?.Status == AttemptStatus.Failed);
        });
    }

    static (int Code, string Output) Shell(string command)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command + " 2>&1");
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text);
    }
}
