using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Studies.Lottery;
using Eumentia.Training;

namespace Eumentia.Tests.Studies.Lottery;

public sealed class LotteryRunTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), $"eumentia-lottery-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, true);
    }

    /// <summary>A study small enough to run many times in a test: a 16-site ring, 8 hidden units, three IMP levels.</summary>
    static LotterySpec Tiny => new()
    {
        Data = ["nlgp"], Seeds = 1, Side = 16, Xi0 = 1, Xi1 = 2.5, TrainSize = 256, TestSize = 200, Width = 8,
        Init = "sigma", SigmaW = 0.3, Epochs = 2, BatchSize = 32, PruneFraction = 0.3, TargetSparsity = 0.6, RewindStep = 5,
        BaselineEvery = 2, ProbeSize = 200, CavitySample = 50,
    };

    static LotteryData Data(LotterySpec spec) => LotteryData.Load(spec, "nlgp", 0, null);

    static Mlp Load(string path, LotterySpec spec)
    {
        var net = Mlp.Create(spec.Side, spec.Width, spec.Depth, 2, Activation.Relu);
        MlpWeights.Load(net, path);
        return net;
    }

    string Level(string dir, string method, int level) => Path.Combine(dir, method, $"level-{level:00}", "weights.safetensors");

    [Fact]
    public void RewindingRestoresTheStepKValuesAndPrunedWeightsStayZero()
    {
        var spec = Tiny;
        var data = Data(spec);
        string dir = Path.Combine(root, "a");
        var run = new LotteryRun(spec, data, 0, dir);
        Assert.Equal(3, run.Levels); // 0.7³ = 0.343 ≤ 0.4
        var rows = run.Execute();

        // rewind.safetensors holds exactly the dense network's weights after k steps.
        var dense = Mlp.Create(spec.Side, spec.Width, spec.Depth, 2, Activation.Relu);
        dense.Initialize(InitScheme.Sigma, spec.SigmaW, spec.SigmaB, 0);
        float[]? atK = null;
        Trainer.Train(dense, data.Sets.Train, null, spec.Settings(0, 0), onStep: s => { if (s == spec.RewindStep) atK = dense.Layers[0].Weight.ToArray(); });
        var rewind = Load(Path.Combine(dir, "rewind.safetensors"), spec);
        Assert.Equal(atK, rewind.Layers[0].Weight.ToArray());
        Assert.Equal(dense.Layers[0].Weight.ToArray(), Load(Level(dir, "imp", 0), spec).Layers[0].Weight.ToArray());

        for (int level = 1; level <= run.Levels; level++)
        {
            var trained = Load(Level(dir, "imp", level), spec);
            var previous = Load(Level(dir, "imp", level - 1), spec);
            var mask = trained.Layers[0].WeightMask!;
            // Pruned weights are exactly zero after retraining, and masks only ever lose weights.
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] == 0) Assert.Equal(0f, trained.Layers[0].Weight.Span[i]);
                if (previous.Layers[0].WeightMask is { } old) Assert.True(mask[i] <= old[i]);
            }
            Assert.Null(trained.Layers[1].WeightMask); // output layer untouched
            // Retraining started from the rewind values under this mask: redoing it reproduces the level bit for bit.
            var again = Load(Path.Combine(dir, "rewind.safetensors"), spec);
            again.Layers[0].SetWeightMask((float[])mask.Clone());
            Trainer.Train(again, data.Sets.Train, null, spec.Settings(0, spec.RewindStep));
            Assert.Equal(trained.Layers[0].Weight.ToArray(), again.Layers[0].Weight.ToArray());
            Assert.Equal(trained.Layers[1].Weight.ToArray(), again.Layers[1].Weight.ToArray());
        }
        // Sparsity per level is the exact recurrence, and every level was measured.
        long remaining = spec.Side * spec.Width;
        foreach (var m in rows.Where(r => r.Method == "imp").OrderBy(r => r.Level))
        {
            Assert.Equal(remaining, m.Remaining);
            remaining = Pruning.Survivors(remaining, spec.PruneFraction);
            Assert.InRange(m.TestAccuracy, 0, 1);
            Assert.True(double.IsFinite(m.IprMean) && double.IsFinite(m.KurtosisMean) && double.IsFinite(m.CavityAuc));
        }
    }

    [Fact]
    public void BaselinesMatchTheTicketsSparsity()
    {
        var spec = Tiny;
        string dir = Path.Combine(root, "b");
        var run = new LotteryRun(spec, Data(spec), 0, dir);
        var rows = run.Execute();
        Assert.Equal([2, 3], run.BaselineLevels);
        foreach (int level in run.BaselineLevels)
        {
            var ticket = Load(Level(dir, "imp", level), spec).Layers[0].WeightMask!;
            foreach (var method in spec.Baselines)
            {
                var net = Load(Level(dir, method, level), spec);
                var mask = net.Layers[0].WeightMask!;
                Assert.Equal(ticket.Count(v => v == 1), mask.Count(v => v == 1));
                if (method == "reinit") Assert.Equal(ticket, mask);
                else Assert.NotEqual(ticket, mask);
                if (method == "shuffled")
                    for (int i = 0; i < net.Layers[0].Outputs; i++)
                        Assert.Equal(ticket.Skip(i * net.Layers[0].Inputs).Take(net.Layers[0].Inputs).Sum(), mask.Skip(i * net.Layers[0].Inputs).Take(net.Layers[0].Inputs).Sum());
                Assert.Single(rows, r => r.Method == method && r.Level == level);
            }
        }
        // One-shot keeps the largest weights of the dense trained network.
        var dense = Load(Level(dir, "imp", 0), spec).Layers[0].Weight.ToArray();
        var oneshot = Load(Level(dir, "oneshot", 3), spec).Layers[0].WeightMask!;
        float kept = dense.Where((_, i) => oneshot[i] == 1).Min(Math.Abs), dropped = dense.Where((_, i) => oneshot[i] == 0).Max(Math.Abs);
        Assert.True(kept >= dropped);
    }

    [Fact]
    public void RunsOnARealDataSetWithItsImageGrid()
    {
        // The shipped mnist-10k: 28×28 images, ten classes, the same IMP trajectory and measurements as the NLGP.
        var spec = Tiny with { Data = ["mnist-10k"], TrainSize = 300, Baselines = ["shuffled"], BaselineEvery = 1, TargetSparsity = 0.5 };
        var data = LotteryData.Load(spec, "mnist-10k", 0, null);
        Assert.Equal((28, 28), (data.Grid.Width, data.Grid.Height));
        Assert.Equal(10, data.Sets.Train.Classes);
        var rows = new LotteryRun(spec, data, 0, Path.Combine(root, "mnist")).Execute();
        Assert.Equal([0, 1, 2], rows.Where(r => r.Method == "imp").Select(r => r.Level));
        Assert.Equal(2, rows.Count(r => r.Method == "shuffled"));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.IprMean) && double.IsFinite(r.IprNormalisedMean) && double.IsFinite(r.DistanceRatioMean)
            && double.IsFinite(r.KurtosisMean) && double.IsFinite(r.InputKurtosis), $"{r.Method} level {r.Level}"));
        Assert.All(rows.Where(r => r.Method == "imp" && r.Level < 2), r => Assert.True(double.IsFinite(r.CavityAuc)));
    }

    [Fact]
    public void AKilledLevelResumesToTheSameResult()
    {
        var spec = Tiny with { Baselines = ["random"] };
        var data = Data(spec);
        string whole = Path.Combine(root, "whole"), killed = Path.Combine(root, "killed");
        new LotteryRun(spec, data, 0, whole).Execute();

        // Kill the run while level 2 trains: the cancellation fires once level 1 is logged as done.
        using var cts = new CancellationTokenSource();
        var first = new LotteryRun(spec, data, 0, killed, message => { if (message.Contains("imp level 1:")) cts.Cancel(); }, cts.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => first.Execute());
        Assert.True(File.Exists(Path.Combine(killed, "imp", "level-01", "measurements.json")));
        Assert.False(File.Exists(Path.Combine(killed, "imp", "level-02", "measurements.json")));
        var level1 = File.GetLastWriteTimeUtc(Level(killed, "imp", 1));

        var resumedLevels = new List<string>();
        new LotteryRun(spec, data, 0, killed, resumedLevels.Add).Execute();
        Assert.DoesNotContain(resumedLevels, m => m.Contains("imp level 0:") || m.Contains("imp level 1:")); // finished levels are not redone
        Assert.Equal(level1, File.GetLastWriteTimeUtc(Level(killed, "imp", 1)));
        foreach (var (method, level) in new[] { ("imp", 2), ("imp", 3), ("random", 2), ("random", 3) })
            Assert.Equal(File.ReadAllBytes(Level(whole, method, level)), File.ReadAllBytes(Level(killed, method, level)));
    }
}
