using Eumentia.Sweeps;
using Eumentia.Sweeps.Spec;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

public class EvalBranchTests
{
    /// <summary>
    /// An "eval" branch reading a trained run's weights gives bit for bit the numbers the training run's own evaluation
    /// gives for the same config and seed, at every p_eval and mode (mask draws included).
    /// </summary>
    [Theory]
    [InlineData("mc-noscale")]
    [InlineData("prune")]
    [InlineData("mc")]
    public void AnEvalBranchReproducesTheInTrainingEvaluationBitForBit(string mode)
    {
        string root = Path.Combine(Path.GetTempPath(), $"eumentia-evalbranch-{Guid.NewGuid():N}");
        try
        {
            double[] rates = [0.0, 0.3, 0.7];
            var trained = new TrainConfig { Data = "mnist-10k", TrainSize = 256, ValidationSize = 0, Width = 32, Depth = 2, PTrain = 0.2, Epochs = 2, Seed = 3 };
            // Today's way: the training run evaluates at every p_eval itself.
            var inTraining = TrainRun.Execute(trained with { PEval = rates, EvalMode = mode, EvalDraws = 3 }, Path.Combine(root, "a")).Evaluations;
            // The branch way: training with the default evaluation settings (its key independent of the study's p_eval), then eval runs.
            string trainKey = CanonicalConfig.Key(TrainRunKind.Kind, trained);
            TrainRun.Execute(trained, Path.Combine(root, trainKey));
            foreach (var (p, expected) in rates.Zip(inTraining))
            {
                var config = new EvalConfig { TrainKey = trainKey, PEval = p, EvalMode = mode, EvalDraws = 3 };
                string dir = Path.Combine(root, CanonicalConfig.Key(EvalRunKind.Kind, config));
                Assert.True(EvalRunKind.Kind.Execute(config, dir, default).Succeeded);
                var branch = EvalRunKind.Read(dir);
                Assert.Equal(expected, branch); // a record: p_eval, mode, draws, loss, accuracy and their errors, all exact
                Assert.Equal(p > 0 ? 3 : 1, branch.Draws);
            }
            Assert.NotEqual(inTraining[1].Loss, inTraining[2].Loss);
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, true); }
    }

    [Fact]
    public void AnEvalBranchOfARunWithoutWeightsFailsForGood()
    {
        string root = Path.Combine(Path.GetTempPath(), $"eumentia-evalbranch-{Guid.NewGuid():N}");
        try
        {
            var trained = new TrainConfig { Data = "mnist-10k", TrainSize = 64, ValidationSize = 0, Width = 8, Depth = 1, Epochs = 1, SaveWeights = "none" };
            string trainKey = CanonicalConfig.Key(TrainRunKind.Kind, trained);
            TrainRun.Execute(trained, Path.Combine(root, trainKey));
            var outcome = EvalRunKind.Kind.Execute(new EvalConfig { TrainKey = trainKey, PEval = 0.5 }, Path.Combine(root, "e"), default);
            Assert.False(outcome.Succeeded);
            Assert.False(outcome.Retryable);
            Assert.Contains("saved no weights", outcome.Reason);
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, true); }
    }

    /// <summary>Keys pinned: a changed default or field name of EvalConfig would orphan every finished evaluation.</summary>
    [Fact]
    public void EvalKeysArePinned()
    {
        var config = new EvalConfig { TrainKey = "0123456789abcdef", PEval = 0.5, EvalMode = "mc-noscale" };
        Assert.Equal("{\"config\":{\"eval_mode\":\"mc-noscale\",\"p_eval\":0.5,\"train_key\":\"0123456789abcdef\"},\"kind\":\"eval\"}", CanonicalConfig.Json(EvalRunKind.Kind, config));
        Assert.Equal(CanonicalConfig.KeyOf(CanonicalConfig.Json(EvalRunKind.Kind, config)), CanonicalConfig.Key(EvalRunKind.Kind, config));
    }
}
