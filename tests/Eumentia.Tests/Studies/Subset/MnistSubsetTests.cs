using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Subset;

[Collection(ThreadBudgetCollection.Name)]
public class MnistSubsetTests
{
    [Fact]
    public void MoreLearnableWeightsLearnMoreAndNoneLearnNothing()
    {
        // 784-8-10 has 6352 weights; a narrow net and three epochs keep this to seconds.
        var spec = new MnistSubsetSpec("mnist-10k", [8], [0, 20, 6352], [Allocation.Parse("random"), Allocation.Parse("concentrated-layer")], 1, 3);
        var layout = MnistSubsetStudy.Layout(spec, 3, null);
        var r = MnistSubsetStudy.Summarise(spec, layout, [.. MnistSubsetStudy.Jobs(spec, 3, layout).Select(job => MnistJob.Train(job, null))]);
        Assert.Equal(6352, r.Weights);
        Assert.Equal(1 + 2 * 2, r.Runs.Count); // m = 0 is trained once and shared
        double Accuracy(string a, int m) => r.Curves.Single(c => c.Allocation == a && c.Budget == m).TestAccuracy;
        Assert.Equal(Accuracy("random", 0), Accuracy("concentrated-layer", 0));
        Assert.InRange(Accuracy("random", 0), 0.0, 0.3);
        Assert.True(Accuracy("random", 6352) > 0.6, $"all weights learnable: {Accuracy("random", 6352)}");
        Assert.True(Accuracy("random", 6352) > Accuracy("random", 20) + 0.2);
        // With every weight learnable the allocation no longer matters: same network, same training.
        Assert.Equal(Accuracy("random", 6352), Accuracy("concentrated-layer", 6352), 6);
    }
}
