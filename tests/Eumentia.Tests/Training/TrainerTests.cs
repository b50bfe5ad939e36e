using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Numerics.Threading;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

[Collection(ThreadBudgetCollection.Name)]
public class TrainerTests
{
    static TrainSettings Settings(OptimizerKind opt = OptimizerKind.Sgd, double lr = 0.05, double pTrain = 0.2, int epochs = 5, double wd = 0, int patience = 0) =>
        new(LossKind.CrossEntropy, opt, lr, 0.9, wd, 32, epochs, 0, patience, pTrain, 7);

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.05)]
    [InlineData(OptimizerKind.Adam, 0.003)]
    public void LearnsSeparableBlobs(OptimizerKind opt, double lr)
    {
        var train = SyntheticData.Blobs(600, 20, 4, 0.6, 1);
        var test = SyntheticData.Blobs(400, 20, 4, 0.6, 1, offset: 10_000);
        var net = Mlp.Create(20, 32, 2, 4, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, 3);
        double before = Evaluator.Evaluate(net, test, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, 0).Accuracy;
        var outcome = Trainer.Train(net, train, test, Settings(opt, lr));
        var after = Evaluator.Evaluate(net, test, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, 0);
        Assert.True(after.Accuracy > 0.95, $"accuracy {after.Accuracy} (was {before})");
        Assert.True(outcome.History[^1].TrainLoss < outcome.History[0].TrainLoss);
    }

    [Fact]
    public void FrozenAndPrunedWeightsNeverMove()
    {
        var train = SyntheticData.Blobs(200, 10, 3, 0.5, 2);
        var net = Mlp.Create(10, 16, 1, 3, Activation.Tanh);
        net.Initialize(InitScheme.Sigma, 1.2, 0.1, 4);
        var layer = net.Layers[0];
        var learnable = Enumerable.Range(0, 160).Select(i => i % 3 == 0 ? 1f : 0f).ToArray();
        var pruned = Enumerable.Range(0, 160).Select(i => i % 5 == 0 ? 0f : 1f).ToArray();
        layer.SetLearnableMask(learnable);
        layer.SetWeightMask(pruned);
        var before = layer.Weight.ToArray();
        Trainer.Train(net, train, null, Settings(OptimizerKind.Adam, 0.01, 0.1, 3, wd: 0.01));
        var after = layer.Weight.ToArray();
        int moved = 0;
        for (int i = 0; i < 160; i++)
        {
            if (pruned[i] == 0) Assert.Equal(0f, after[i]);
            else if (learnable[i] == 0) Assert.Equal(before[i], after[i]);
            else if (after[i] != before[i]) moved++;
        }
        Assert.True(moved > 30, $"only {moved} learnable weights moved");
    }

    [Fact]
    public void DivergenceIsReportedWithItsCause()
    {
        var train = SyntheticData.Blobs(200, 10, 3, 0.5, 2);
        var net = Mlp.Create(10, 16, 2, 3, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, 4);
        // Past the bound on the loss (100 x its untrained value by default) long before it overflows.
        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(net, train, null, Settings(lr: 1e6, pTrain: 0)));
        Assert.Contains("exceeds 100 x its untrained value", e.Message);

        // Without the bound, the loss runs on until it is no longer finite.
        net.Initialize(InitScheme.He, 0, 0, 4);
        e = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(net, train, null, Settings(lr: 1e6, pTrain: 0) with { DivergenceFactor = double.PositiveInfinity }));
        Assert.Contains("training loss became", e.Message);
    }

    [Fact]
    public void AHealthyRunStaysFarBelowTheDivergenceBound()
    {
        // The default lr on the same data: never near 100 x the untrained loss, so nothing changes for runs that converge.
        var train = SyntheticData.Blobs(200, 10, 3, 0.5, 2);
        var net = Mlp.Create(10, 16, 2, 3, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, 4);
        var outcome = Trainer.Train(net, train, null, Settings(lr: 0.05, pTrain: 0) with { DivergenceFactor = 2 });
        Assert.True(outcome.History[^1].TrainLoss < outcome.History[0].TrainLoss);
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestEpoch()
    {
        // Tiny noisy training set and long training: validation loss turns up, and the kept weights are the best epoch's.
        var train = SyntheticData.Blobs(40, 30, 4, 2.0, 5);
        var val = SyntheticData.Blobs(300, 30, 4, 2.0, 5, offset: 5000);
        var net = Mlp.Create(30, 64, 2, 4, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, 1);
        var outcome = Trainer.Train(net, train, val, Settings(lr: 0.05, pTrain: 0, epochs: 200, patience: 5));
        Assert.True(outcome.StoppedEarly);
        double best = outcome.History.Min(h => h.ValidationLoss);
        Assert.Equal(best, outcome.History.First(h => h.Epoch == outcome.BestEpoch).ValidationLoss);
        var now = Evaluator.Evaluate(net, val, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, 0).Loss;
        Assert.Equal(best, now, 5);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeightsOnOneAndTwoThreads()
    {
        var train = SyntheticData.Blobs(512, 200, 10, 0.8, 3);
        float[] Run(int threads)
        {
            int saved = Parallelism.MaxThreads;
            Parallelism.MaxThreads = threads;
            try
            {
                var net = Mlp.Create(200, 300, 2, 10, Activation.Relu);
                net.Initialize(InitScheme.He, 0, 0, 11);
                Trainer.Train(net, train, null, Settings(epochs: 2) with { BatchSize = 256 });
                return net.Layers.SelectMany(d => d.Weight.ToArray().Concat(d.Bias)).ToArray();
            }
            finally { Parallelism.MaxThreads = saved; }
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void WeightsRoundTripThroughSafetensors()
    {
        var net = Mlp.Create(7, 5, 2, 3, Activation.Erf);
        net.Initialize(InitScheme.Glorot, 0, 0, 2);
        net.Layers[1].SetWeightMask(Enumerable.Range(0, 25).Select(i => i % 2 == 0 ? 1f : 0f).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"eumentia-{Guid.NewGuid():N}.safetensors");
        try
        {
            MlpWeights.Save(net, path);
            var copy = Mlp.Create(7, 5, 2, 3, Activation.Erf);
            MlpWeights.Load(copy, path);
            for (int l = 0; l < 3; l++)
            {
                Assert.Equal(net.Layers[l].Weight.ToArray(), copy.Layers[l].Weight.ToArray());
                Assert.Equal(net.Layers[l].Bias, copy.Layers[l].Bias);
            }
            Assert.Equal(net.Layers[1].WeightMask, copy.Layers[1].WeightMask);
            // The header is what torch's safetensors expects: little-endian u64 length, 8-byte aligned JSON.
            var bytes = File.ReadAllBytes(path);
            ulong len = BitConverter.ToUInt64(bytes, 0);
            Assert.Equal(0ul, len % 8);
            Assert.Contains("\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[5,7]", System.Text.Encoding.UTF8.GetString(bytes, 8, (int)len));
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 10).ToArray());
            var e = Assert.Throws<EumentiaException>(() => SafeTensors.Read(path));
            Assert.Contains("truncated", e.Message);
        }
        finally { File.Delete(path); }
    }
}

[Collection(ThreadBudgetCollection.Name)]
public class EnsembleTests
{
    [Fact]
    public void MembersTrainExactlyAsTheyWouldAlone()
    {
        var train = SyntheticData.Blobs(300, 40, 5, 0.8, 9);
        var settings = Enumerable.Range(0, 3).Select(i =>
            new TrainSettings(LossKind.CrossEntropy, OptimizerKind.Sgd, 0.05, 0.9, 0, 32, 2, 0, 0, 0.1 * i, (ulong)(20 + i))).ToArray();
        Mlp Fresh(int i)
        {
            var net = Mlp.Create(40, 48, 2, 5, Activation.Relu);
            net.Initialize(InitScheme.He, 0, 0, settings[i].Seed);
            return net;
        }
        var alone = Enumerable.Range(0, 3).Select(i => { var n = Fresh(i); Trainer.Train(n, train, null, settings[i]); return n; }).ToArray();
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = 2;
        try
        {
            var together = Enumerable.Range(0, 3).Select(Fresh).ToArray();
            var outcomes = Ensemble.Train(together.Select((n, i) => new EnsembleMember(n, train, null, settings[i])).ToArray());
            Assert.Equal(3, outcomes.Count);
            for (int i = 0; i < 3; i++)
                for (int l = 0; l < 3; l++)
                    Assert.Equal(alone[i].Layers[l].Weight.ToArray(), together[i].Layers[l].Weight.ToArray());
            // Members that differ in p_train and seed end up different.
            Assert.NotEqual(together[0].Layers[0].Weight.ToArray(), together[1].Layers[0].Weight.ToArray());
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Fact]
    public void ThreadLimitIsScopedToTheCallingThread()
    {
        int before = Parallelism.MaxThreads;
        using (Parallelism.Limit(1)) Assert.Equal(1, Parallelism.MaxThreads);
        Assert.Equal(before, Parallelism.MaxThreads);
    }
}
