using Eumentia.IO;
using System.Globalization;
using Eumentia.Studies;
using Eumentia.Studies.Phases;
using Eumentia.Sweeps;
using Eumentia.Sweeps.Ledger;
using Eumentia.Tests.Sweeps;
using Eumentia.Training;

namespace Eumentia.Tests.Studies.Core;

/// <summary>
/// The cost models behind `--plan-only`'s estimate: they scale as their formulas say, they count the phases
/// protocol's arithmetic as the PyTorch peer's independent count does, and the estimate reaches the user.
/// </summary>
public class RunCostTests
{
    static readonly TrainConfig Small = new() { TrainSize = 640, ValidationSize = 0, Width = 64, Depth = 2, Epochs = 1, MinSteps = 100 };

    [Fact]
    public void TrainingCostScalesWithStepsAndWidthAsTheModelSays()
    {
        var model = TrainRunKind.Kind.Cost!;
        // Only the steps change the training term; the run's own evaluation (p_eval 0, 2 000 test digits) stays.
        double eval = TrainCost.Evaluation(2000, TrainCost.Weights(784, 64, 2, 10), 1);
        double once = model.Operations(Small, "") - eval, twice = model.Operations(Small with { MinSteps = 200 }, "") - eval;
        Assert.Equal(2 * once, twice, 1e-9 * twice);
        Assert.Equal(model.SecondsPerRun + 2 * (model.CoreSeconds(Small, "") - model.SecondsPerRun) - eval / model.OperationsPerCoreSecond, model.CoreSeconds(Small with { MinSteps = 200 }, ""), 1e-9);
        // 100 steps of 64 examples (10 epochs of 640) through 784-64-64-10: 6P − 2P₀ per example.
        long p = 784 * 64 + 64 * 64 + 64 * 10, p0 = 784 * 64;
        Assert.Equal(100.0 * 64 * (6 * p - 2 * p0), once, 1e-9 * once);
        // Validation counts once without early stopping, every one of the 10 epochs with it.
        var validated = Small with { ValidationSize = 1000 };
        Assert.Equal(2.0 * 1000 * p, model.Operations(validated, "") - model.Operations(Small, ""), 1e-6);
        Assert.Equal(10 * 2.0 * 1000 * p, model.Operations(validated with { Patience = 3 }, "") - model.Operations(Small, ""), 1e-6);
        // A user's data set of unknown shape has no estimate.
        Assert.True(double.IsNaN(model.Operations(Small with { Data = "csv:/nonexistent.csv" }, "")));
    }

    /// <summary>
    /// The phases quick preset needs 1.658 TFLOP of training and 0.253 TFLOP of evaluation (counted independently by
    /// bench/peer/phases_study.py --flops-only, docs/performance.md); the eval runs add the first layer once per
    /// run instead of once per net (9 × 84 × 2 000 × 2 × 100 352 more).
    /// </summary>
    [Fact]
    public void ThePhasesQuickPresetCostsWhatThePeersCountSays()
    {
        var spec = PhasesSpec.ForPreset("quick");
        var train = spec.TrainingRuns().Select(r => (TrainConfig)r.Config).ToList();
        var w = TrainCost.Weights(784, 128, 2, 10);
        double perRunExtras = 1000 * 2.0 * w.All + TrainCost.Evaluation(2000, w, 1); // the last epoch's validation, the p_eval 0 evaluation
        double training = train.Sum(TrainCost.Train) - train.Count * perRunExtras;
        Assert.Equal(1.658e12, training, 0.0006e12);
        string root = Path.Combine(Path.GetTempPath(), $"eumentia-cost-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "k"));
            File.WriteAllText(Path.Combine(root, "k", "config.json"), System.Text.Json.JsonSerializer.Serialize(train[0], JsonDefaults.Options));
            double evaluation = train.Count * spec.Evaluations("k").Sum(e => TrainCost.Eval(e, root));
            Assert.Equal(0.253e12 + 9.0 * 84 * 2000 * 2 * 100352, evaluation, 0.0006e12);
            Assert.True(double.IsNaN(TrainCost.Eval(new EvalConfig { TrainKey = "0123456789abcdef" }, root)), "no training config, no estimate");
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void PlanOnlyPrintsTheEstimateOfThePlannedRuns()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-plancost-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, stderr) = CliRunner.InProcess("phases", "--preset", "tiny", "--plan-only", "--out", dir);
            Assert.True(code == 0, stdout + stderr);
            var spec = PhasesSpec.ForPreset("tiny");
            var expected = RunCostEstimate.Of(spec.TrainingRuns().Select(r => ((RunKind)TrainRunKind.Kind, r.Config)), Path.Combine(dir, StudyDirectory.RunsFolder));
            Assert.Equal(8, expected.Runs);
            Assert.Equal(0, expected.Unestimated);
            Assert.Contains($"cost of stage 'training': {expected.Describe()}", stdout);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"({expected.Operations / 1e12:G3} TFLOP) for 8 runs"), stdout);
            // Twice the steps: twice the training arithmetic, in the estimate the user reads.
            var (code2, stdout2, _) = CliRunner.InProcess("phases", "--preset", "tiny", "--set", "min_steps=600", "--plan-only", "--out", dir + "-2");
            Assert.Equal(0, code2);
            var longer = RunCostEstimate.Of(SpecWith600(spec).Select(c => ((RunKind)TrainRunKind.Kind, c)), "");
            Assert.Contains(longer.Describe(), stdout2);
            Assert.True(longer.Operations > 1.9 * expected.Operations && longer.Operations < 2 * expected.Operations, $"{longer.Operations} vs {expected.Operations}");
        }
        finally
        {
            foreach (var d in new[] { dir, dir + "-2" }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    static IEnumerable<object> SpecWith600(PhasesSpec spec) =>
        spec.TrainingRuns().Select(r => (object)((TrainConfig)r.Config with { MinSteps = 600 }));

    /// <summary>Every study's plan-only output carries its first stage's estimate.</summary>
    [Theory]
    [InlineData("criticality", true)]
    [InlineData("lottery", true)]
    [InlineData("subset", true)]
    public void EveryStudysPlanOnlySaysWhatItsFirstStageCosts(string study, bool modelled)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-plancost-{study}-{Guid.NewGuid():N}");
        try
        {
            var (code, stdout, stderr) = CliRunner.InProcess(study, "--preset", "tiny", "--plan-only", "--out", dir);
            Assert.True(code == 0, stdout + stderr);
            var line = stdout.Split('\n').Single(l => l.StartsWith("cost of stage '", StringComparison.Ordinal));
            if (modelled) Assert.Matches(@": about [0-9.]+ core-(minutes|hours) of work \([0-9.E+-]+ [TP]FLOP\) for [0-9]+ runs", line);
            else Assert.Contains(": no cost estimate for its", line);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void ProbeAndLotteryCostsScaleAsTheirFormulas()
    {
        var probe = new Eumentia.Studies.Criticality.ProbeConfig { Architecture = "cnn2d", Width = 8, Size = 16, Depth = 40, Pairs = 2, Draws = 3 };
        double ops = Eumentia.Studies.Criticality.ProbeCost.Operations(probe);
        Assert.Equal(2 * ops, Eumentia.Studies.Criticality.ProbeCost.Operations(probe with { Depth = 80 }), 1e-9 * ops);
        Assert.Equal(2 * ops, Eumentia.Studies.Criticality.ProbeCost.Operations(probe with { Draws = 6 }), 1e-9 * ops);
        // Four times the sites: four times every per-site term (products, units); shared filters draw the same normals
        // (8 channels × (9 taps × 8 + 1) entries per layer and draw, at 380 products each).
        Assert.Equal(4 * ops - 3 * 3 * 40 * 380.0 * 8 * 73, Eumentia.Studies.Criticality.ProbeCost.Operations(probe with { Size = 32 }), 1e-9 * ops);
        // Local 1-D filters through the pre-activation sampler, by hand: 64 sites, 8 channels, 3 taps (fan-in 24), one
        // pair: products 2·(64·3·24 + 1 024·2), 64·3·8 normals and 2·64·8 units at 380 each; 10 layers, 2 draws.
        var local = new Eumentia.Studies.Criticality.ProbeConfig { Architecture = "cnn1d", Weights = "local", Sampler = "preactivations", Width = 8, Size = 64, Depth = 10, Pairs = 1, Draws = 2 };
        Assert.Equal(20.0 * (2 * (64 * 3 * 24 + 1024 * 2) + 380 * 64 * 3 * 8 + 380 * 1024), Eumentia.Studies.Criticality.ProbeCost.Operations(local), 1e-6);

        var level = new Eumentia.Studies.Lottery.LotteryLevelConfig { Data = "nlgp", Width = 32, TrainSize = 1000, Epochs = 4, ProbeSize = 0, TestSize = 0 };
        double dense = Eumentia.Studies.Lottery.LotteryCost.Level(level);
        long p = 64 * 32 + 32 * 2, p0 = 64 * 32;
        // The data and measurements: 34 500 per input value (1 000 examples of 64 sites here), whatever the epochs.
        double data = 34_500.0 * 1000 * 64;
        Assert.Equal(4.0 * 1000 * (6 * p - 2 * p0) + data, dense, 1e-9 * dense);
        Assert.Equal(2 * (dense - data) + data, Eumentia.Studies.Lottery.LotteryCost.Level(level with { Epochs = 8 }), 1e-9 * dense);
        // A probe set: one forward pass over it and its input values.
        Assert.Equal(2.0 * p * 500 + 34_500.0 * 500 * 64, Eumentia.Studies.Lottery.LotteryCost.Level(level with { ProbeSize = 500 }) - dense, 1e-6 * dense);
        // A pruned level retrains from the rewind point: k steps of 64 fewer examples.
        Assert.Equal(dense - 10.0 * 64 * (6 * p - 2 * p0), Eumentia.Studies.Lottery.LotteryCost.Level(level with { Level = 1, RewindStep = 10 }), 1e-6);
    }

    /// <summary>Each term of the subset models, computed by hand: removing one changes the number.</summary>
    [Fact]
    public void SubsetCostsCountEveryTerm()
    {
        // ff:4-4-4: W = 4·4 + 4·4 = 32 weights, E = 4·4 = 16 equations; 40 budget points capped at the 32 weights;
        // one Levenberg–Marquardt iteration (2·E·W²) per descent, 4 restarts + 48 confirmations per budget.
        var match = new Eumentia.Studies.Subset.MatchJobConfig { Network = "ff:4-4-4", Allocation = "random", BudgetPoints = 40, Restarts = 4, ConfirmRestarts = 48 };
        Assert.Equal(32.0 * (4 + 48) * 2 * 16 * 32 * 32, Eumentia.Studies.Subset.SubsetCost.Match(match));
        Assert.Equal(8.0 * (4 + 48) * 2 * 16 * 32 * 32, Eumentia.Studies.Subset.SubsetCost.Match(match with { BudgetPoints = 8 }));
        // A rough network's confirmations are its rough budget; a mask is one budget.
        Assert.Equal(32.0 * (4 + 12) * 2 * 16 * 32 * 32, Eumentia.Studies.Subset.SubsetCost.Match(match with { RoughConfirmRestarts = 12 }));
        Assert.Equal(1.0 * (4 + 48) * 2 * 16 * 32 * 32, Eumentia.Studies.Subset.SubsetCost.Match(match with { Mask = [0, 1, 2] }));
        // A recheck: one budget, 50 long descents and 50 homotopies.
        Assert.Equal(100.0 * 2 * 16 * 32 * 32, Eumentia.Studies.Subset.SubsetCost.Recheck(new Eumentia.Studies.Subset.RecheckJobConfig { Network = "ff:4-4-4", Allocation = "random", Budget = 9 }));

        // MNIST 784-32-10, 4 epochs of the whole training split, then one forward pass over the test split.
        var shape = Eumentia.Data.DataSources.NominalShape("mnist-10k")!.Value;
        long p = 784 * 32 + 32 * 10, p0 = 784 * 32;
        var mnist = new Eumentia.Studies.Subset.MnistJobConfig { Hidden = [32], Allocation = "random", Budget = 100, Epochs = 4 };
        Assert.Equal(4.0 * shape.Train * (6 * p - 2 * p0) + 2.0 * shape.Test * p, Eumentia.Studies.Subset.SubsetCost.Mnist(mnist), 1e-9 * Eumentia.Studies.Subset.SubsetCost.Mnist(mnist));
        Assert.Equal(4.0 * 2000 * (6 * p - 2 * p0) + 2.0 * shape.Test * p, Eumentia.Studies.Subset.SubsetCost.Mnist(mnist with { TrainSize = 2000 }), 1);
        // Budget 0 trains nothing: only the test pass.
        Assert.Equal(2.0 * shape.Test * p, Eumentia.Studies.Subset.SubsetCost.Mnist(mnist with { Budget = 0 }), 1);
    }

    [Fact]
    public void AnEstimateNamesRunsWithoutAModel()
    {
        var toy = RunKind.Create<EvalConfig>("toy-no-cost", (_, _, _) => RunOutcome.Success);
        var mixed = RunCostEstimate.Of([((RunKind)TrainRunKind.Kind, Small), (toy, new EvalConfig())], "");
        Assert.Equal(1, mixed.Unestimated);
        Assert.EndsWith("for 2 runs, 1 of them without an estimate", mixed.Describe());
        Assert.StartsWith("no cost estimate", RunCostEstimate.Of([(toy, new EvalConfig())], "").Describe());
    }
}
