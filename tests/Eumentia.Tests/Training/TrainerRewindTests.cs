using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

public class TrainerRewindTests
{
    [Fact]
    public void ContinuingFromStepKReproducesTheUninterruptedRun()
    {
        // Plain SGD (no momentum, so no optimizer state to lose): training 0 → T equals training 0 → k, then k → T.
        var train = SyntheticData.Blobs(150, 6, 3, 0.5, 4);
        var settings = new TrainSettings(LossKind.CrossEntropy, OptimizerKind.Sgd, 0.05, 0, 0, 16, 3, 0, 0, 0.1, 9);
        var full = Mlp.Create(6, 10, 1, 3, Activation.Tanh);
        full.Initialize(InitScheme.He, 0, 0, 1);
        var steps = new List<long>();
        float[][]? atK = null;
        const long k = 13; // mid-epoch: 10 steps per epoch
        var outcome = Trainer.Train(full, train, null, settings, onStep: s =>
        {
            steps.Add(s);
            if (s == k) atK = full.Layers.SelectMany(d => new[] { d.Weight.ToArray(), (float[])d.Bias.Clone() }).ToArray();
        });
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), steps);
        Assert.Equal(30, outcome.Steps);

        var resumed = Mlp.Create(6, 10, 1, 3, Activation.Tanh);
        for (int l = 0; l < 2; l++)
        {
            atK![2 * l].CopyTo(resumed.Layers[l].Weight.Span);
            atK[2 * l + 1].CopyTo(resumed.Layers[l].Bias, 0);
        }
        var rest = Trainer.Train(resumed, train, null, settings with { StartStep = k });
        Assert.Equal(30, rest.Steps);
        Assert.Equal(2, rest.History.Count); // epochs 2 (partial) and 3
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(full.Layers[l].Weight.ToArray(), resumed.Layers[l].Weight.ToArray());
            Assert.Equal(full.Layers[l].Bias, resumed.Layers[l].Bias);
        }
        Assert.Throws<UsageException>(() => Trainer.Train(resumed, train, null, settings with { StartStep = 31 }));
    }
}
