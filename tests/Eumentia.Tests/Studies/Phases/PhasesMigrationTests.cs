using System.Globalization;
using Eumentia.Analysis;
using Eumentia.Cli;
using Eumentia.IO;
using Eumentia.Studies.Phases;
using Eumentia.Studies;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Phases;

/// <summary>
/// `eumentia study migrate` on a phases directory made by the previous main (Fixtures/phases-02a3989: four training
/// runs, evaluated at p_eval 0 and 0.5 in mc-noscale): nothing is trained again, the old numbers come through
/// unchanged, and the migrated study grows like any other.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class PhasesMigrationTests
{
    /// <summary>(train_size, seed, p_eval) → test_loss, test_accuracy of a results.csv.</summary>
    static Dictionary<(double, double, double), (double, double)> Numbers(string path)
    {
        var t = CsvTable.Read(path);
        double N(string[] row, string column) => double.Parse(row[t.Column(column, "test")], CultureInfo.InvariantCulture);
        return t.Rows.ToDictionary(r => (N(r, "train_size"), N(r, "seed"), N(r, "p_eval")), r => (N(r, "test_loss"), N(r, "test_accuracy")));
    }

    static string[] TrainDirs(string dir) =>
        [.. Directory.GetDirectories(Path.Combine(dir, "runs")).Where(d => File.Exists(Path.Combine(d, "run.json")) && File.ReadAllText(Path.Combine(d, "run.json")).Contains("\"kind\": \"train\"")).Order()];

    [Fact]
    public void AnOldPhasesDirectoryIsMigratedWithoutTrainingAndKeepsItsNumbers()
    {
        string dir = OldStudyFixture.Copy("phases-02a3989");
        try
        {
            var old = Numbers(Path.Combine(dir, "results.csv"));
            Assert.Equal(8, old.Count);
            // Before migrating, the study refuses the directory and says what to do.
            var (code, _, err) = CliRunner.InProcess("phases", "--analyze-only", "--out", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("eumentia study migrate --dir", err);

            // The README's command, on this directory.
            string readme = File.ReadAllText(Path.Combine(Docs.ReadmeCommandsTests.RepoRoot(), "README.md"));
            Assert.Contains("`./eumentia study migrate --dir runs/phases-quick`", readme);
            (code, var stdout, err) = CliRunner.InProcess("study", "migrate", "--dir", dir);
            Assert.True(code == 0, stdout + err);
            Assert.Contains("4 training runs kept", stdout);
            Assert.Contains("8 evaluations converted", stdout);
            Assert.DoesNotContain("did not hold", stdout);
            var weights = TrainDirs(dir).ToDictionary(d => Path.GetFileName(d)!, d => File.ReadAllBytes(Path.Combine(d, "weights.safetensors")));
            Assert.Equal(4, weights.Count);

            // The recorded spec plans exactly the migrated runs: analysing (and running) trains and evaluates nothing.
            (code, stdout, err) = CliRunner.InProcess("phases", "--analyze-only", "--out", dir);
            Assert.True(code == 0, stdout + err);
            Assert.Equal(old, Numbers(Path.Combine(dir, "results.csv")));
            var study = new PhasesStudy();
            var spec = (PhasesSpec)StudyDirectory.Open(dir).Spec(study);
            Assert.Equal([0.0, 0.5], spec.PEval);
            Assert.Equal("mc-noscale", spec.EvalMode);
            Assert.Equal(2, spec.Seeds);
            Assert.Equal(0, StudyRunner.Run(study, spec, dir, new StudyRunOptions(2)).Executed);

            // A converted evaluation run again as a branch of the moved weights gives the old number bit for bit.
            var branch = Directory.GetDirectories(Path.Combine(dir, "runs")).First(d => File.ReadAllText(Path.Combine(d, "run.json")).Contains("\"p_eval\": 0.5"));
            Directory.Delete(branch, true);
            Assert.Equal(1, StudyRunner.Run(study, spec, dir, new StudyRunOptions(1)).Executed);
            Assert.Equal(old, Numbers(Path.Combine(dir, "results.csv")));

            // Grown by a p_eval, the migrated study evaluates the four nets once more and trains none of them.
            var grown = StudyRunner.Run(study, spec with { PEval = [0.0, 0.5, 0.95] }, dir, new StudyRunOptions(2));
            Assert.Equal(4, grown.Executed);
            Assert.Equal(12, Numbers(Path.Combine(dir, "results.csv")).Count);
            foreach (var d in TrainDirs(dir))
            {
                Assert.Equal(weights[Path.GetFileName(d)!], File.ReadAllBytes(Path.Combine(d, "weights.safetensors")));
                Assert.Single(Directory.GetFiles(d, "attempt-*.claim")); // the old main's one attempt, moved along
            }
            Assert.All(TrainDirs(dir), d => Assert.True(CanonicalConfig.IsKey(Path.GetFileName(d))));

            (code, _, err) = CliRunner.InProcess("study", "migrate", "--dir", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("already a study directory", err);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
