using Eumentia.Sweeps.Ledger;
using System.Text.Json;

namespace Eumentia.Tests.Sweeps.Workers;

/// <summary>
/// A local sweep of real training runs (`eumentia sweep run` in a child process) is killed with SIGKILL part
/// way and run again: nothing finished is lost or re-run, the runs in flight run again, and no half-written
/// file counts as a result.
/// </summary>
public class KillResumeTests
{
    [Fact]
    public void SigkillPartWayThenResume()
    {
        if (OperatingSystem.IsWindows()) return; // SIGKILL semantics; the sweep machinery itself is portable
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        string spec = temp.Path_("spec.yaml");
        File.WriteAllText(spec, TrainSpecs.Tiny("8, 12, 16", 4));
        string dir = temp.Path_("runs/kill");

        using (var first = CliRunner.Start(temp.Path_("first.log"), "sweep", "run", spec, "--dir", dir, "-j", "2"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (CountResults(dir) < 3 && DateTime.UtcNow < deadline && !first.HasExited) Thread.Sleep(10);
            Assert.False(first.HasExited, "the sweep ended before it could be killed:\n" + File.ReadAllText(temp.Path_("first.log")));
            first.Kill(); // SIGKILL: no handler runs; claims and temporary files stay behind
            first.WaitForExit();
        }

        Eumentia.Cli.RunKindCatalog.RegisterAll(); // the run kinds live in the CLI; this test may run before any other registers them
        var sweep = SweepDirectory.Open(dir, false);
        var keys = sweep.RunKeys();
        Assert.Equal(12, keys.Count);
        var finishedBefore = keys.Where(k => File.Exists(FileOf(sweep, k, "result.json"))).ToDictionary(k => k, k => Snapshot(sweep, k));
        var startedBefore = keys.ToDictionary(k => k, k => Claims(sweep, k));
        var inFlight = keys.Where(k => startedBefore[k] > 0 && !finishedBefore.ContainsKey(k)).ToList();
        Assert.InRange(finishedBefore.Count, 3, 11);
        Assert.All(finishedBefore.Keys, k => Assert.Equal(1, startedBefore[k]));
        Assert.InRange(inFlight.Count, 0, 2); // at most one per worker

        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", spec, "--dir", dir, "-j", "2");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"0 new; {finishedBefore.Count} of 12 already done", stdout);

        foreach (var key in keys)
        {
            Assert.True(File.Exists(FileOf(sweep, key, "result.json")), $"{key} not done");
            using var _ = JsonDocument.Parse(File.ReadAllText(FileOf(sweep, key, "result.json"))); // a whole JSON file, never half of one
            if (finishedBefore.TryGetValue(key, out var before))
            {
                // Finished runs were not run again: one claim, and the executor's files are untouched
                // (train rewrites config.json at the start of every execution).
                Assert.Equal(1, Claims(sweep, key));
                Assert.Equal(before, Snapshot(sweep, key));
            }
            else
            {
                // Runs in flight at the kill were taken over (attempt 1 recorded as lost) and ran once more;
                // the others ran exactly once.
                Assert.Equal(inFlight.Contains(key) ? 2 : 1, Claims(sweep, key));
                if (inFlight.Contains(key))
                    Assert.Equal(AttemptStatus.Lost, AttemptEnd.TryRead(Path.Combine(sweep.RunDir(key), "attempt-1.end"))?.Status);
            }
        }

        (code, stdout, _) = CliRunner.InProcess("collect", "--dir", dir);
        Assert.Equal(0, code);
        Assert.Contains("12 runs (12 done): wrote 24 rows", stdout);
    }

    /// <summary>How often the machinery started the run (each execution claims one attempt file first).</summary>
    static int Claims(SweepDirectory sweep, string key) => Directory.GetFiles(sweep.RunDir(key), "attempt-*.claim").Length;

    static string FileOf(SweepDirectory sweep, string key, string name) => Path.Combine(sweep.RunDir(key), name);

    static string Snapshot(SweepDirectory sweep, string key) => string.Join("|", new[] { "result.json", "config.json", "metrics.csv" }
        .Select(f => $"{f}:{File.GetLastWriteTimeUtc(FileOf(sweep, key, f)).Ticks}:{File.ReadAllText(FileOf(sweep, key, f)).GetHashCode()}"));

    static int CountResults(string dir) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, SweepDirectory.ResultFile, SearchOption.AllDirectories).Length : 0;
}
