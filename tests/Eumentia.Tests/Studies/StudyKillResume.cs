using Eumentia.Studies;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies;

/// <summary>
/// The life of a study from its command line, as a user meets it: plan only (runs registered, none run), run in a
/// child process killed with SIGKILL part way, resume, then analyse only. Every run finished before the kill is
/// neither run again nor touched; the resumed study completes and writes its report and summary.json.
/// </summary>
public static class StudyKillResume
{
    /// <summary>Runs the study command <paramref name="verb"/> ("subset", "criticality") with its <paramref name="preset"/> into <paramref name="dir"/>.</summary>
    /// <param name="killAfter">How many runs must be done before the kill.</param>
    /// <returns>The stdout of the resumed run and of the analyse-only run.</returns>
    public static (string Resumed, string Analysed) Run(string[] verb, string preset, string dir, int killAfter)
    {
        Assert.False(OperatingSystem.IsWindows(), "SIGKILL semantics");
        string[] command = [.. verb, "--preset", preset, "--out", dir, "-j", "2"];
        var (code, stdout, stderr) = CliRunner.InProcess([.. command, "--plan-only"]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("planned: ", stdout);
        string runs = Path.Combine(dir, StudyDirectory.RunsFolder);
        int planned = Directory.GetDirectories(runs).Count(d => CanonicalConfig.IsKey(Path.GetFileName(d)));
        // A study planned in stages (lottery's IMP levels, criticality's fine scans) plans only its first stage here.
        Assert.True(planned > 0, "--plan-only planned no runs");
        Assert.Empty(Done(runs));
        Assert.False(File.Exists(Path.Combine(dir, "report.html")));

        string log = Path.Combine(Path.GetDirectoryName(dir)!, Path.GetFileName(dir) + ".child.log");
        using (var child = CliRunner.Start(log, command))
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (Done(runs).Count < killAfter && DateTime.UtcNow < deadline && !child.HasExited) Thread.Sleep(10);
            Assert.False(child.HasExited, "the study ended before it could be killed:\n" + File.ReadAllText(log));
            child.Kill(); // SIGKILL: no handler runs; claims and temporary files stay behind
            child.WaitForExit();
        }
        var before = Done(runs).ToDictionary(run => run, run => Snapshot(Path.Combine(runs, run)));
        Assert.InRange(before.Count, killAfter, int.MaxValue);
        Assert.False(File.Exists(Path.Combine(dir, "report.html")), "the killed study wrote its report:\n" + File.ReadAllText(log));

        (code, var resumed, stderr) = CliRunner.InProcess(command);
        Assert.True(code == 0, resumed + stderr);
        foreach (var (run, snapshot) in before)
        {
            // Finished runs were not run again: one claim, their files untouched.
            Assert.Single(Directory.GetFiles(Path.Combine(runs, run), "attempt-*.claim"));
            Assert.Equal(snapshot, Snapshot(Path.Combine(runs, run)));
        }
        foreach (var file in new[] { "report.html", "summary.json" }) Assert.True(File.Exists(Path.Combine(dir, file)), file);

        (code, var analysed, stderr) = CliRunner.InProcess([.. verb, "--analyze-only", "--out", dir]);
        Assert.True(code == 0, analysed + stderr);
        return (resumed, analysed);
    }

    static List<string> Done(string runs) => !Directory.Exists(runs) ? []
        : [.. Directory.GetDirectories(runs).Where(d => File.Exists(Path.Combine(d, SweepDirectory.ResultFile))).Select(Path.GetFileName).OfType<string>()];

    static string Snapshot(string runDir) => string.Join("|", Directory.GetFiles(runDir).Where(f => !Path.GetFileName(f).StartsWith("attempt-", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)}:{File.GetLastWriteTimeUtc(f).Ticks}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));
}
