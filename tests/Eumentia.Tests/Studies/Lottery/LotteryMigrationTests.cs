using System.Text.Json;
using System.Text.Json.Nodes;
using Eumentia.Cli;
using Eumentia.Studies;
using Eumentia.Studies.Lottery;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Lottery;

/// <summary>
/// `eumentia study migrate` on a lottery directory that the previous main made and was killed part way
/// (Fixtures/lottery-02a3989: 13 of 32 levels and baselines finished): after migrating, the study with the same
/// settings computes only the 19 the old run had not finished, and its tables equal those the old build wrote when
/// it ran to the end.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class LotteryMigrationTests
{
    /// <summary>The settings the fixture was made with: today's tiny preset but the cavity sample, which 02a3989 could not set.</summary>
    static LotterySpec OldSettings => LotteryPresets.Get("tiny") with { CavitySample = 1500 };

    [Fact]
    public void AKilledOldLotteryStudyIsMigratedAndFinishedWithTheOldNumbers()
    {
        string dir = OldStudyFixture.Copy("lottery-02a3989");
        string expected = Path.Combine(AppContext.BaseDirectory, "Fixtures", "lottery-02a3989", "expected");
        try
        {
            // Before migrating, the study refuses the directory and says what to do, changing nothing.
            var (code, stdout, err) = CliRunner.InProcess("lottery", "--analyze-only", "--out", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("lottery study of an older eumentia", err);
            Assert.Contains("eumentia study migrate --dir", err);
            Assert.False(File.Exists(Path.Combine(dir, "runs", "sweep.json")));

            (code, stdout, err) = CliRunner.InProcess("study", "migrate", "--dir", dir);
            Assert.True(code == 0, stdout + err);
            Assert.Contains("8 finished IMP levels and 5 finished baselines kept", stdout);
            Assert.False(File.Exists(Path.Combine(dir, "spec.json")));
            Assert.False(Directory.Exists(Path.Combine(dir, "runs", "nlgp")));

            // study.json records the old spec, which is the one today's settings make: the same keys.
            var study = new LotteryStudy();
            var recorded = (LotterySpec)StudyDirectory.Open(dir).Spec(study);
            Assert.Equal(JsonSerializer.Serialize(OldSettings), JsonSerializer.Serialize(recorded));

            // What was finished analyses at once; then the study computes only what the killed run had not finished.
            (code, stdout, err) = CliRunner.InProcess("lottery", "--analyze-only", "--out", dir);
            Assert.True(code == 0, stdout + err);
            var finished = StudyRunner.Run(study, OldSettings, dir, new StudyRunOptions(2));
            Assert.Equal(32 - 13, finished.Executed);
            Assert.Equal(0, StudyRunner.Run(study, OldSettings, dir, new StudyRunOptions(2)).Executed);

            OldStudyFixture.AssertSameTable(Path.Combine(expected, "results.csv"), Path.Combine(dir, "results.csv"), "seconds");
            OldStudyFixture.AssertSameTable(Path.Combine(expected, "summary.csv"), Path.Combine(dir, "summary.csv"));
            // Every old finding keeps its numbers; the levels run today also measure the window excess, which adds its findings.
            var now = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "findings.json")))!.AsArray();
            var before = JsonNode.Parse(File.ReadAllText(Path.Combine(expected, "findings.json")))!.AsArray();
            Assert.Equal(before.Count, now.Count(f => !f!["id"]!.GetValue<string>().Contains("window") && f["id"]!.GetValue<string>() != "dense-distance-ratio-nlgp-vs-gp"));
            Assert.All(before, f => Assert.Contains(now, g => JsonNode.DeepEquals(f, g)));

            (code, _, err) = CliRunner.InProcess("study", "migrate", "--dir", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("already a study directory", err);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
