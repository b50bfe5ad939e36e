using Eumentia.Nets;
using Eumentia.Studies.Lottery;

namespace Eumentia.Tests.Nets;

public class PruningTests
{
    static Mlp Net(ulong seed = 1)
    {
        var net = Mlp.Create(37, 23, 2, 3, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, seed);
        return net;
    }

    [Fact]
    public void LayerWiseLevelsRemoveExactFractionsOfTheSmallestWeights()
    {
        var net = Net();
        int[] layers = [0, 1];
        var expected = layers.ToDictionary(l => l, l => (long)net.Layers[l].Inputs * net.Layers[l].Outputs);
        for (int level = 1; level <= 6; level++)
        {
            var before = layers.ToDictionary(l => l, l => net.Layers[l].Weight.ToArray());
            var masks = Pruning.PruneByMagnitude(net, layers, 0.2, PruneScope.LayerWise);
            Assert.Null(masks[2]); // the output layer is left alone
            foreach (int l in layers)
            {
                expected[l] = expected[l] - (long)Math.Round(0.2 * expected[l], MidpointRounding.AwayFromZero);
                Assert.Equal(expected[l], masks[l]!.LongCount(v => v == 1));
                Assert.All(masks[l]!, v => Assert.True(v is 0 or 1));
                // Every survivor is at least as large as every weight pruned at this level.
                var w = before[l];
                var old = net.Layers[l].WeightMask;
                float smallestKept = w.Where((_, i) => masks[l]![i] == 1).Min(Math.Abs);
                float largestDropped = w.Where((_, i) => masks[l]![i] == 0 && (old is null || old[i] == 1)).DefaultIfEmpty(0).Max(Math.Abs);
                Assert.True(smallestKept >= largestDropped);
                if (old is not null) Assert.All(Enumerable.Range(0, w.Length), i => Assert.True(masks[l]![i] <= old[i])); // nested
            }
            Pruning.Apply(net, masks);
            // Perturb the survivors so the next level ranks new magnitudes, as retraining would.
            foreach (int l in layers)
            {
                var span = net.Layers[l].Weight.Span;
                for (int i = 0; i < span.Length; i++) span[i] *= 1 + 0.3f * MathF.Sin(i * 0.7f + level);
                net.Layers[l].ApplyWeightMask();
            }
        }
    }

    [Fact]
    public void GlobalScopeRanksAllPrunedLayersTogether()
    {
        var net = Net(2);
        int[] layers = [0, 1];
        long total = layers.Sum(l => (long)net.Layers[l].Inputs * net.Layers[l].Outputs);
        var masks = Pruning.PruneByMagnitude(net, layers, 0.35, PruneScope.Global);
        long kept = layers.Sum(l => masks[l]!.LongCount(v => v == 1));
        Assert.Equal(Pruning.Survivors(total, 0.35), kept);
        float threshold = layers.SelectMany(l => net.Layers[l].Weight.ToArray().Where((_, i) => masks[l]![i] == 1)).Min(Math.Abs);
        Assert.All(layers.SelectMany(l => net.Layers[l].Weight.ToArray().Where((_, i) => masks[l]![i] == 0)), v => Assert.True(Math.Abs(v) <= threshold));
        // The two layers have different fan-ins (He scale), so the global ranking prunes them unequally.
        Assert.NotEqual(masks[0]!.Average(), masks[1]!.Average(), 3);
    }

    [Fact]
    public void RandomMasksHaveExactCountsAndDependOnSeedAndLevel()
    {
        var net = Net();
        var keep = new Dictionary<int, long> { [0] = 100, [1] = 7 };
        var a = Pruning.Random(net, keep, 5, 3);
        Assert.Equal(100, a[0]!.Count(v => v == 1));
        Assert.Equal(7, a[1]!.Count(v => v == 1));
        Assert.Equal(a[0], Pruning.Random(net, keep, 5, 3)[0]);
        Assert.NotEqual(a[0], Pruning.Random(net, keep, 5, 4)[0]);
        Assert.NotEqual(a[0], Pruning.Random(net, keep, 6, 3)[0]);
    }

    [Fact]
    public void ShuffledMasksKeepEachUnitsCountAtOtherSites()
    {
        var net = Net();
        var ticket = Pruning.PruneByMagnitude(net, [0], 0.7, PruneScope.LayerWise);
        int inputs = net.Layers[0].Inputs, units = net.Layers[0].Outputs;
        // Empty one unit entirely, as IMP does at high sparsity: it must stay empty.
        for (int j = 0; j < inputs; j++) ticket[0]![2 * inputs + j] = 0;
        var shuffled = Pruning.ShuffleWithinUnits(net, ticket, 5, 3);
        Assert.Null(shuffled[1]);
        for (int i = 0; i < units; i++)
            Assert.Equal(ticket[0]!.Skip(i * inputs).Take(inputs).Count(v => v == 1), shuffled[0]!.Skip(i * inputs).Take(inputs).Count(v => v == 1));
        Assert.All(shuffled[0]!.Skip(2 * inputs).Take(inputs), v => Assert.Equal(0f, v));
        Assert.NotEqual(ticket[0], shuffled[0]);
        Assert.Equal(shuffled[0], Pruning.ShuffleWithinUnits(net, ticket, 5, 3)[0]);
        Assert.NotEqual(shuffled[0], Pruning.ShuffleWithinUnits(net, ticket, 5, 4)[0]);
    }

    [Fact]
    public void PyTorchInitDrawsUniformWeightsAndBiasesOfScaleOneOverRootFanIn()
    {
        var net = Mlp.Create(400, 300, 1, 3, Activation.Relu);
        net.Initialize(InitScheme.PyTorch, 0, 0, 4);
        var w = net.Layers[0].Weight.ToArray();
        var b = net.Layers[0].Bias.ToArray();
        double bound = 1 / Math.Sqrt(400);
        Assert.All(w, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.All(b, v => Assert.InRange(Math.Abs(v), 0, bound));
        // A uniform on ±bound has standard deviation bound/√3.
        double std = Math.Sqrt(w.Average(v => (double)v * v));
        Assert.Equal(bound / Math.Sqrt(3), std, 3);
        Assert.Contains(b, v => v != 0);
        Assert.Equal(InitScheme.PyTorch, Initialization.Parse("pytorch"));
    }

    [Fact]
    public void LevelCountReachesTheTargetSparsity()
    {
        int[] sizes = [64, 32, 2];
        int levels = LotteryRun.LevelCount(sizes, [0], 0.2, 0.9, PruneScope.LayerWise);
        long remaining = 64 * 32, beforeLast = 0;
        for (int l = 0; l < levels; l++) (beforeLast, remaining) = (remaining, Pruning.Survivors(remaining, 0.2));
        Assert.True(1 - remaining / 2048.0 >= 0.9);    // reached
        Assert.True(1 - beforeLast / 2048.0 < 0.9);    // not one level later than needed
        Assert.Equal(11, levels);                      // 0.8^10 = 0.107 > 0.1 ≥ 0.8^11 = 0.086
    }
}
