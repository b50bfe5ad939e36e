using System.Globalization;
using Eumentia.Analysis;
using Eumentia.Cli;
using Eumentia.IO;
using Eumentia.Studies.Phases;
using Eumentia.Studies;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Tests.Sweeps;
using Eumentia.Training;

namespace Eumentia.Tests.Studies.Phases;

[Collection(ThreadBudgetCollection.Name)]
public class PhasesStudyTests
{
    static string TempDir() => Path.Combine(Path.GetTempPath(), "eumentia-phases-" + Guid.NewGuid().ToString("N"));

    static string PhaseOf(string dir, double pTrain, double pEval)
    {
        var table = CsvTable.Read(Path.Combine(dir, "phases.csv"));
        var row = table.Rows.Single(r => double.Parse(r[table.Column("p_train", "test")], CultureInfo.InvariantCulture) == pTrain
                                         && double.Parse(r[table.Column("p_eval", "test")], CultureInfo.InvariantCulture) == pEval);
        return row[table.Column("phase", "test")];
    }

    static Dictionary<string, string> Kinds(string dir) =>
        Directory.GetDirectories(Path.Combine(dir, StudyDirectory.RunsFolder)).Where(d => CanonicalConfig.IsKey(Path.GetFileName(d)))
            .ToDictionary(d => Path.GetFileName(d)!, d => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(d, SweepDirectory.RunFile))).RootElement.GetProperty("kind").GetString()!);

    /// <summary>
    /// The tiny preset from its command line: plan only, run in a child killed part way, resume, analyse only; the
    /// planted dementia cell (p_train 0.4, p_eval 0.7) is found. Then p_eval 0.95 is added to the finished study: no
    /// training run is executed, only the eight new evaluations, and the tables and report show the new column.
    /// </summary>
    [Fact]
    public void TinyPresetSurvivesAKillFindsItsDementiaCellAndGrowsWithoutTraining()
    {
        string dir = TempDir();
        try
        {
            var (resumed, analysed) = StudyKillResume.Run(["phases"], "tiny", dir, killAfter: 3);
            Assert.Contains("./eumentia phases --preset tiny", Docs.ReadmeCommandsTests.Commands(File.ReadAllText(Path.Combine(Docs.ReadmeCommandsTests.RepoRoot(), "README.md"))));
            Assert.Contains("dementia", resumed);
            Assert.Contains("dementia", analysed);
            Assert.Equal("dementia", PhaseOf(dir, 0.4, 0.7));
            var kinds = Kinds(dir);
            Assert.Equal(8, kinds.Values.Count(k => k == "train"));
            Assert.Equal(16, kinds.Values.Count(k => k == "eval"));
            var results = CsvTable.Read(Path.Combine(dir, "results.csv"));
            Assert.Equal(16, results.Rows.Count);
            Assert.DoesNotContain("0.95", File.ReadAllText(Path.Combine(dir, "phases.csv")));

            string[] Claims(string key) => Directory.GetFiles(Path.Combine(dir, "runs", key), "attempt-*.claim");
            var before = kinds.Where(k => k.Value == "train").ToDictionary(k => k.Key, k => (File.GetLastWriteTimeUtc(Path.Combine(dir, "runs", k.Key, "result.json")), Claims(k.Key).Length));
            // As the README grows the quick study: --set p_eval=... with the old rates and 0.95.
            var (code, stdout, stderr) = CliRunner.InProcess("phases", "--preset", "tiny", "--set", "p_eval=0,0.7,0.95", "--out", dir, "-j", "2");
            Assert.True(code == 0, stdout + stderr);
            Assert.Contains("stage evaluation: 8 runs to go", stdout); // the eight new evaluations and nothing else
            Assert.DoesNotContain("stage training", stdout);
            var after = Kinds(dir);
            Assert.Equal(before.Keys.Order(), after.Where(k => k.Value == "train").Select(k => k.Key).Order());
            foreach (var (key, written) in before)
            {
                Assert.Equal(written, (File.GetLastWriteTimeUtc(Path.Combine(dir, "runs", key, "result.json")), Claims(key).Length)); // not trained again
            }
            Assert.Equal(24, after.Values.Count(k => k == "eval"));
            Assert.Equal(24, CsvTable.Read(Path.Combine(dir, "results.csv")).Rows.Count);
            Assert.NotEqual("", PhaseOf(dir, 0.4, 0.95));
            Assert.Contains("0.95", File.ReadAllText(Path.Combine(dir, "curves.csv")));
            Assert.Contains("0.95", File.ReadAllText(Path.Combine(dir, "report.html")));
            Interop.ColumnDictionary.AssertDescribes(dir);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    /// <summary>Training runs carry no evaluation settings: their keys do not depend on the study's p_eval, mode or draws.</summary>
    [Fact]
    public void TrainingKeysDoNotDependOnTheEvaluationSettings()
    {
        var spec = PhasesSpec.ForPreset("quick");
        var keys = spec.TrainingRuns().Select(r => r.Key).ToList();
        var other = spec with { PEval = [0.5, 0.95], EvalMode = "prune", EvalDraws = 9 };
        Assert.Equal(keys, other.TrainingRuns().Select(r => r.Key).ToList());
        Assert.Equal(84, keys.Count);
        Assert.All(spec.TrainingRuns(), r => Assert.Equal(new TrainConfig().PEval, ((TrainConfig)r.Config).PEval));
    }

    /// <summary>
    /// The standard and paper presets scale the step budget with N (epochs is a floor: max(min_steps, 20 · N / batch)
    /// steps), so N = 60,000 trains for 20 epochs, not the 4 that min_steps alone gave; tiny and quick keep a pure step
    /// budget, and their run keys and results with it.
    /// </summary>
    [Fact]
    public void LargePresetsScaleTheStepBudgetWithNAndQuickKeepsItsKeys()
    {
        static long Steps(TrainConfig c)
        {
            int perEpoch = (c.TrainSize + c.BatchSize - 1) / c.BatchSize;
            return (long)TrainConfig.PlannedEpochs(c.Epochs, c.MinSteps, perEpoch) * perEpoch;
        }
        foreach (var preset in new[] { "standard", "paper" })
        {
            var runs = PhasesSpec.ForPreset(preset).TrainingRuns().Select(r => (TrainConfig)r.Config).ToList();
            Assert.All(runs, c => Assert.True(Steps(c) >= Math.Max(c.MinSteps, (long)PhasesSpec.TrainedEpochsFloor * c.TrainSize / c.BatchSize), $"{preset} N = {c.TrainSize}"));
        }
        var paper = PhasesSpec.ForPreset("paper").TrainingRuns().Select(r => (TrainConfig)r.Config).ToList();
        Assert.Equal(20L * 938, Steps(paper.First(c => c.TrainSize == 60000)));   // was 4 epochs (3,752 steps)
        Assert.Equal(3000L, Steps(paper.First(c => c.TrainSize == 64)));            // small N keep min_steps
        Assert.Equal(20L * 110, Steps(PhasesSpec.ForPreset("standard").TrainingRuns().Select(r => (TrainConfig)r.Config).First(c => c.TrainSize == 7000)));

        var quick = PhasesSpec.ForPreset("quick").TrainingRuns();
        Assert.All(quick, r => Assert.Equal(1, ((TrainConfig)r.Config).Epochs));
        Assert.Equal(600L, Steps(quick.Select(r => (TrainConfig)r.Config).First(c => c.TrainSize == 64)));
        Assert.Equal("fabbd1359dd2243f", quick[0].Key);                           // the key of main before the floor existed
    }

    [Theory]
    [InlineData("--set", "widht=8", "widht")]
    [InlineData("--set", "eval_mode=mcx", "eval_mode")]
    [InlineData("--grid", "eval_draws=1,2", "eval_draws")]
    [InlineData("--set", "p_eval=1.5", "p_eval")]
    [InlineData("--set", "refine_step=0.7", "refine_step")]
    public void BadSettingsAreRefusedBeforeTheDirectoryIsMade(string option, string value, string named)
    {
        string dir = TempDir();
        var (code, _, err) = CliRunner.InProcess("phases", "--preset", "tiny", option, value, "--out", dir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(named, err);
        Assert.False(Directory.Exists(dir));
    }
}
