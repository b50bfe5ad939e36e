using Eumentia.Cli;
using Eumentia.Studies;
using Eumentia.Studies.Subset;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Subset;

/// <summary>
/// `eumentia study migrate` on subset directories that the previous main made (Fixtures/subset-02a3989): one killed
/// during its MNIST trainings, one finished. The settings the old ledgers' hashes name are required, wrong ones
/// refused without a change; after migrating, the study with the same settings computes only what the old run had not
/// kept (the killed run's MNIST trainings, and the rechecks, which 02a3989 never kept), and its tables equal the ones
/// the old build wrote when it ran to the end.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class SubsetMigrationTests
{
    static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "subset-02a3989");

    /// <summary>The old command's settings in today's spec.</summary>
    static SubsetSpec OldSettings
    {
        get
        {
            var quick = SubsetSpec.Preset("quick");
            return quick with
            {
                Networks = ["ff:2-2-2", "rnn:1-2-1"], Allocations = [.. "random,spread-row,concentrated-layer".Split(',').Select(Allocation.Parse)],
                Draws = 6, MaxBudgetPoints = 8, Match = quick.Match with { Restarts = 2, ConfirmRestarts = 24, RoughConfirmRestarts = null, Certify = false }, Rechecks = 2, Mnist = quick.Mnist! with { Seeds = 1, Epochs = 1 },
            };
        }
    }

    static readonly string[] HashedSettings = ["--preset", "quick", "--set", "max_budget_points=8", "--set", "match.restarts=2", "--set", "match.confirm_restarts=24", "--set", "match.rough_confirm_restarts=null", "--set", "match.certify=false", "--set", "mnist.epochs=1"];

    static void AssertOldTables(string dir)
    {
        foreach (var table in Directory.GetFiles(Path.Combine(Fixture, "expected"), "*.csv"))
            OldStudyFixture.AssertSameTable(table, Path.Combine(dir, Path.GetFileName(table)), "seconds");
    }

    [Fact]
    public void AKilledOldSubsetStudyIsMigratedWithItsSettingsAndFinishedWithTheOldNumbers()
    {
        string dir = OldStudyFixture.Copy(Path.Combine("subset-02a3989", "killed"));
        try
        {
            var (code, stdout, err) = CliRunner.InProcess("subset", "--analyze-only", "--out", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("subset study of an older eumentia", err);

            // Settings that are not the old run's name other ledgers: refused, and nothing changes.
            (code, stdout, err) = CliRunner.InProcess(["study", "migrate", "--dir", dir, .. HashedSettings, "--set", "match.restarts=3"]);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("made with other seed, max_budget_points or the match options", err);
            Assert.Equal(["ledger"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));

            // Without subset.json the networks and draws come from the settings too.
            (code, stdout, err) = CliRunner.InProcess(["study", "migrate", "--dir", dir, .. HashedSettings, "--set", "networks=ff:2-2-2,rnn:1-2-1", "--set", "draws=6",
                "--set", "rechecks=2", "--set", "mnist.seeds=1"]);
            Assert.True(code == 0, stdout + err);
            Assert.Contains("36 matching jobs and 12 MNIST trainings kept", stdout);
            Assert.False(Directory.Exists(Path.Combine(dir, "ledger")));

            // The study with the old settings: the 24 trainings the kill lost and the 2 rechecks, nothing else.
            var study = new SubsetStudy();
            Assert.Equal(36 - 12 + 2, StudyRunner.Run(study, OldSettings, dir, new StudyRunOptions(2)).Executed);
            AssertOldTables(dir);
            Assert.Equal(0, StudyRunner.Run(study, OldSettings, dir, new StudyRunOptions(2)).Executed);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void AFinishedOldSubsetStudyIsMigratedAndReanalysedComputingOnlyItsRechecks()
    {
        string dir = OldStudyFixture.Copy(Path.Combine("subset-02a3989", "finished"));
        try
        {
            var matching = Directory.GetFiles(Path.Combine(Fixture, "killed", "ledger"), "matching-*.jsonl").Single();
            File.Copy(matching, Path.Combine(dir, "ledger", Path.GetFileName(matching)));
            // A lottery or phases directory records its spec; a subset one needs the settings its ledgers' hashes name.
            var (code, stdout, err) = CliRunner.InProcess("study", "migrate", "--dir", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("give the settings the old study was run with", err);

            (code, stdout, err) = CliRunner.InProcess(["study", "migrate", "--dir", dir, .. HashedSettings, "--set", "rechecks=2", "--set", "mnist.seeds=1"]);
            Assert.True(code == 0, stdout + err);
            Assert.Contains("36 matching jobs and 36 MNIST trainings kept", stdout);
            // Networks, allocations and draws as subset.json records them: the old command's.
            var study = new SubsetStudy();
            var recorded = (SubsetSpec)StudyDirectory.Open(dir).Spec(study);
            Assert.Equal(OldSettings.Networks, recorded.Networks);
            Assert.Equal(OldSettings.Allocations, recorded.Allocations);
            Assert.Equal(6, recorded.Draws);

            var (runCode, runOut, runErr) = CliRunner.InProcess("subset", "--out", dir, "--preset", "quick", "--networks", "ff:2-2-2,rnn:1-2-1", "--allocations", "random,spread-row,concentrated-layer",
                "--draws", "6", "--max-budget-points", "8", "--match-restarts", "2", "--set", "match.confirm_restarts=24", "--set", "match.rough_confirm_restarts=null", "--set", "match.certify=false", "--rechecks", "2", "--mnist-seeds", "1", "--mnist-epochs", "1", "-j", "2");
            Assert.True(runCode == 0, runOut + runErr);
            // Only the rechecks run: the first stage (matching and MNIST) is done.
            Assert.Contains("stage rechecking full-rank failures with a longer search: 2 runs to go", runOut);
            Assert.DoesNotContain("stage matching", runOut);
            AssertOldTables(dir);
            Assert.Equal(0, StudyRunner.Run(study, OldSettings, dir, new StudyRunOptions(2)).Executed);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
