using Eumentia.Nets;
using Eumentia.Sweeps.Spec;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

/// <summary>
/// The validation pass runs after every epoch only when something reads it (early stopping, or a requested curve);
/// otherwise after the last epoch alone, and nothing the run returns or saves besides the other epochs' validation
/// cells may change.
/// </summary>
public class ValidationScheduleTests
{
    static TrainSettings Settings(int patience = 0) => new(LossKind.CrossEntropy, OptimizerKind.Sgd, 0.05, 0.9, 0, 16, 6, 0, patience, 0.2, 5);

    static (TrainOutcome Outcome, float[] Weights) Train(TrainSettings settings)
    {
        var train = SyntheticData.Blobs(64, 12, 3, 0.8, 2);
        var validation = SyntheticData.Blobs(200, 12, 3, 0.8, 2, offset: 9000);
        var net = Mlp.Create(12, 24, 2, 3, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, 4);
        var outcome = Trainer.Train(net, train, validation, settings);
        return (outcome, net.Layers.SelectMany(d => d.Weight.ToArray().Concat(d.Bias)).ToArray());
    }

    [Fact]
    public void WithoutEarlyStoppingOnlyTheLastEpochIsValidatedAndNothingElseChanges()
    {
        var (sparse, weights) = Train(Settings());
        var (curve, curveWeights) = Train(Settings() with { ValidationCurve = true });
        Assert.Equal(6, sparse.History.Count);
        Assert.All(sparse.History.SkipLast(1), h => Assert.True(double.IsNaN(h.ValidationLoss) && double.IsNaN(h.ValidationAccuracy)));
        Assert.All(curve.History, h => Assert.False(double.IsNaN(h.ValidationLoss)));
        // The last epoch's validation, the training metrics and the weights are the curve run's, bit for bit.
        Assert.Equal(curve.History[^1].ValidationLoss, sparse.History[^1].ValidationLoss);
        Assert.Equal(curve.History[^1].ValidationAccuracy, sparse.History[^1].ValidationAccuracy);
        Assert.Equal(curve.History.Select(h => h.TrainLoss), sparse.History.Select(h => h.TrainLoss));
        Assert.Equal(curveWeights, weights);
        Assert.Equal(curve.BestEpoch, sparse.BestEpoch);
    }

    [Fact]
    public void EarlyStoppingValidatesEveryEpoch()
    {
        var (outcome, _) = Train(Settings(patience: 50));
        Assert.All(outcome.History, h => Assert.False(double.IsNaN(h.ValidationLoss)));
    }

    /// <summary>The knob's default adds nothing to a run's canonical form, so every existing train key stands.</summary>
    [Fact]
    public void TheDefaultLeavesTrainKeysAlone()
    {
        var config = new TrainConfig { TrainSize = 64, Width = 8 };
        Assert.DoesNotContain("validation_curve", CanonicalConfig.Json(TrainRunKind.Kind, config));
        Assert.Contains("\"validation_curve\":true", CanonicalConfig.Json(TrainRunKind.Kind, config with { ValidationCurve = true }));
    }
}
