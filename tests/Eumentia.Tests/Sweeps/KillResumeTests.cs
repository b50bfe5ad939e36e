using System.Text.Json;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Sweeps;

/// <summary>
/// A local sweep (the real `eumentia sweep run` in a child process) is killed with SIGKILL part way and run
/// again: nothing finished is lost or re-run, the runs in flight are run again, no half-written file counts
/// as a result.
/// </summary>
public class KillResumeTests
{
    [Fact]
    public void SigkillPartWayThenResume()
    {
        if (OperatingSystem.IsWindows()) return; // SIGKILL semantics; the sweep machinery itself is portable
        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        File.WriteAllText(spec, "kind: toy\nfixed: { sleep_ms: 250, p_eval: [0.0, 0.5] }\ngrid: { width: [1, 2, 3, 4, 5, 6, 7, 8] }\nseeds: 2\n");
        string dir = temp.Path_("runs/kill");

        using (var first = CliRunner.Start(temp.Path_("first.log"), "sweep", "run", spec, "--dir", dir, "-j", "2"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (CountResults(dir) < 5 && DateTime.UtcNow < deadline && !first.HasExited) Thread.Sleep(20);
            Assert.False(first.HasExited, "the sweep ended before it could be killed:\n" + File.ReadAllText(temp.Path_("first.log")));
            first.Kill(); // SIGKILL: no handler runs, claims and temp files stay behind
            first.WaitForExit();
        }

        var sweep = SweepDirectory.Open(dir, false);
        var keys = sweep.RunKeys();
        Assert.Equal(16, keys.Count);
        var finishedBefore = keys.Where(k => File.Exists(ResultPath(sweep, k)))
            .ToDictionary(k => k, k => (Text: File.ReadAllText(ResultPath(sweep, k)), Time: File.GetLastWriteTimeUtc(ResultPath(sweep, k))));
        var executedBefore = SweepTestDirectory.Executions(sweep);
        var inFlight = keys.Where(k => executedBefore[k] > 0 && !finishedBefore.ContainsKey(k)).ToList();
        Assert.InRange(finishedBefore.Count, 5, 15);
        Assert.InRange(inFlight.Count, 0, 2);

        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir, "-j", "2");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"0 new; {finishedBefore.Count} of 16 already done", stdout);

        var executed = SweepTestDirectory.Executions(sweep);
        foreach (var key in keys)
        {
            Assert.True(File.Exists(ResultPath(sweep, key)), $"{key} not done");
            using var _ = JsonDocument.Parse(File.ReadAllText(ResultPath(sweep, key))); // complete JSON, never half a file
            if (finishedBefore.TryGetValue(key, out var before))
            {
                Assert.Equal(1, executed[key]); // finished runs are not run again ...
                Assert.Equal(before.Text, File.ReadAllText(ResultPath(sweep, key))); // ... nor their results touched
                Assert.Equal(before.Time, File.GetLastWriteTimeUtc(ResultPath(sweep, key)));
            }
            else
            {
                // Runs in flight at the kill ran once more; the rest exactly once.
                Assert.Equal(inFlight.Contains(key) ? 2 : 1, executed[key]);
            }
        }
        // The dead attempts are on record as lost, and the resumed run said so.
        foreach (var key in inFlight)
            Assert.Equal(AttemptStatus.Lost, AttemptEnd.TryRead(Path.Combine(sweep.RunDir(key), "attempt-1.end"))?.Status);

        (code, stdout, _) = CliRunner.InProcess("collect", "--dir", dir);
        Assert.Equal(0, code);
        Assert.Contains("16 runs (16 done): wrote 32 rows", stdout);
    }

    static string ResultPath(SweepDirectory sweep, string key) => Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile);

    static int CountResults(string dir) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, SweepDirectory.ResultFile, SearchOption.AllDirectories).Length : 0;
}
