using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Studies.Lottery;
using Eumentia.Studies;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Tests.Studies.Lottery;

[Collection(ThreadBudgetCollection.Name)]
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

    /// <summary>The study of <paramref name="spec"/> run here, and its runs' directories by (method, level) for seed 0 of its first data set.</summary>
    (IReadOnlyList<LevelMeasurement> Rows, Func<string, int, string> Level) Study(LotterySpec spec, string name)
    {
        string dir = Path.Combine(root, name);
        StudyRunner.Run(new LotteryStudy(), spec, dir, new StudyRunOptions(2));
        string Run(string method, int level)
        {
            string imp = CanonicalConfig.Key(LotteryRuns.Imp, LotteryLevelConfig.Of(spec, spec.Data[0], spec.Seed, level));
            return Path.Combine(dir, "runs", method == LotteryRun.Imp ? imp : CanonicalConfig.Key(LotteryRuns.Branch, new LotteryBranchConfig { Imp = imp, Method = method }));
        }
        var rows = Directory.GetFiles(Path.Combine(dir, "runs"), LotteryRun.MeasurementsFile, SearchOption.AllDirectories)
            .Select(StudyFiles.ReadJson<LevelMeasurement>).OrderBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Level).ToList();
        return (rows, Run);
    }

    static string Weights(string runDir) => Path.Combine(runDir, LotteryRun.WeightsFile);

    [Fact]
    public void RewindingRestoresTheStepKValuesAndPrunedWeightsStayZero()
    {
        var spec = Tiny;
        var data = Data(spec);
        Assert.Equal(3, LotteryRun.LevelCount(spec, data.Sets.Train.Features, 2)); // 0.7³ = 0.343 ≤ 0.4
        var (rows, level) = Study(spec with { Baselines = [] }, "a");

        // rewind.safetensors holds exactly the dense network's weights after k steps.
        var dense = Mlp.Create(spec.Side, spec.Width, spec.Depth, 2, Activation.Relu);
        dense.Initialize(InitScheme.Sigma, spec.SigmaW, spec.SigmaB, 0);
        float[]? atK = null;
        Trainer.Train(dense, data.Sets.Train, null, spec.Settings(0, 0), onStep: s => { if (s == spec.RewindStep) atK = dense.Layers[0].Weight.ToArray(); });
        string rewindFile = Path.Combine(level("imp", 0), LotteryRun.RewindFile);
        var rewind = Load(rewindFile, spec);
        Assert.Equal(atK, rewind.Layers[0].Weight.ToArray());
        Assert.Equal(dense.Layers[0].Weight.ToArray(), Load(Weights(level("imp", 0)), spec).Layers[0].Weight.ToArray());

        for (int l = 1; l <= 3; l++)
        {
            var trained = Load(Weights(level("imp", l)), spec);
            var previous = Load(Weights(level("imp", l - 1)), spec);
            var mask = trained.Layers[0].WeightMask!;
            // Pruned weights are exactly zero after retraining, and masks only ever lose weights.
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] == 0) Assert.Equal(0f, trained.Layers[0].Weight.Span[i]);
                if (previous.Layers[0].WeightMask is { } old) Assert.True(mask[i] <= old[i]);
            }
            Assert.Null(trained.Layers[1].WeightMask); // output layer untouched
            // Retraining started from the rewind values under this mask: redoing it reproduces the level bit for bit.
            var again = Load(rewindFile, spec);
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
        var (rows, at) = Study(spec, "b");
        Assert.Equal([2, 3], LotteryRun.BaselineLevels(3, spec.BaselineEvery));
        foreach (int level in new[] { 2, 3 })
        {
            var ticket = Load(Weights(at("imp", level)), spec).Layers[0].WeightMask!;
            foreach (var method in spec.Baselines)
            {
                var net = Load(Weights(at(method, level)), spec);
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
        var dense = Load(Weights(at("imp", 0)), spec).Layers[0].Weight.ToArray();
        var oneshot = Load(Weights(at("oneshot", 3)), spec).Layers[0].WeightMask!;
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
        var (rows, _) = Study(spec, "mnist");
        Assert.Equal([0, 1, 2], rows.Where(r => r.Method == "imp").Select(r => r.Level));
        Assert.Equal(2, rows.Count(r => r.Method == "shuffled"));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.IprMean) && double.IsFinite(r.IprNormalisedMean) && double.IsFinite(r.DistanceRatioMean)
            && double.IsFinite(r.KurtosisMean) && double.IsFinite(r.InputKurtosis), $"{r.Method} level {r.Level}"));
        Assert.All(rows.Where(r => r.Method == "imp" && r.Level < 2), r => Assert.True(double.IsFinite(r.CavityAuc)));
    }
}
