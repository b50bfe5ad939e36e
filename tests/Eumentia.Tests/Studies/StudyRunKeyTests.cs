using Eumentia.Studies.Criticality;
using Eumentia.Studies.Lottery;
using Eumentia.Studies.Subset;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Studies;

/// <summary>
/// One pinned key per run kind of the criticality, lottery and subset studies (train's is pinned in
/// RunIdentityTests): these keys name the run directories of finished studies, so a renamed field, a changed
/// default or a renamed kind orphans them and must fail here. Checked independently:
/// printf '%s' '&lt;canonical&gt;' | sha256sum | cut -c1-16
/// </summary>
public class StudyRunKeyTests
{
    public static TheoryData<RunKind, object, string, string> Pinned => new()
    {
        {
            ProbeRun.Kind,
            new ProbeConfig { Architecture = "cnn1d", Weights = "local", Sampler = "preactivations", SigmaW = 1.25, Width = 8, Size = 32, Depth = 100, Pairs = 1, Draws = 4, InitialRho = 1, Seed = 3 },
            "{\"config\":{\"architecture\":\"cnn1d\",\"depth\":100,\"draws\":4,\"initial_rho\":1,\"pairs\":1,\"sampler\":\"preactivations\",\"seed\":3,\"sigma_w\":1.25,\"size\":32,\"weights\":\"local\",\"width\":8},\"kind\":\"criticality-probe\"}",
            "772be540c16eb403"
        },
        {
            LotteryRuns.Imp,
            new LotteryLevelConfig { Data = "gp", Seed = 2, Level = 3, Width = 6, PrunedLayers = [0] },
            "{\"config\":{\"data\":\"gp\",\"level\":3,\"pruned_layers\":[0],\"seed\":2,\"width\":6},\"kind\":\"lottery-imp\"}",
            "7143b958499af12a"
        },
        {
            LotteryRuns.Branch,
            new LotteryBranchConfig { Imp = "0123456789abcdef", Method = "reinit" },
            "{\"config\":{\"imp\":\"0123456789abcdef\",\"method\":\"reinit\"},\"kind\":\"lottery-branch\"}",
            "05d8de9f095d5038"
        },
        {
            MatchJob.Kind,
            new MatchJobConfig { Network = "ff:4-4-4", Allocation = "random", Draw = 7 },
            "{\"config\":{\"allocation\":\"random\",\"draw\":7,\"network\":\"ff:4-4-4\"},\"kind\":\"subset-match\"}",
            "7d82267c9b86dac4"
        },
        {
            RecheckJob.Kind,
            new RecheckJobConfig { Network = "rnn:1-4-1", Allocation = "mask:col", Mask = [0, 2], Draw = 2, Budget = 9 },
            "{\"config\":{\"allocation\":\"mask:col\",\"budget\":9,\"draw\":2,\"mask\":[0,2],\"network\":\"rnn:1-4-1\"},\"kind\":\"subset-recheck\"}",
            "8741524850e4e86f"
        },
        {
            MnistJob.Kind,
            new MnistJobConfig { Allocation = "random", Budget = 300, Replica = 1, TrainSize = 2000 },
            "{\"config\":{\"allocation\":\"random\",\"budget\":300,\"replica\":1,\"train_size\":2000},\"kind\":\"subset-mnist\"}",
            "cdb5c7f9456e2749"
        },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void KeysOfEveryStudyRunKindArePinned(RunKind kind, object config, string canonical, string key)
    {
        Assert.Equal(canonical, CanonicalConfig.Json(kind, config));
        Assert.Equal(key, CanonicalConfig.Key(kind, config));
    }

    /// <summary>A config at its record's defaults has an empty canonical form: defaults change no key.</summary>
    [Fact]
    public void DefaultsChangeNothing()
    {
        foreach (var (kind, config) in new (RunKind, object)[]
                 {
                     (ProbeRun.Kind, new ProbeConfig()), (LotteryRuns.Imp, new LotteryLevelConfig()), (LotteryRuns.Branch, new LotteryBranchConfig()),
                     (MatchJob.Kind, new MatchJobConfig()), (RecheckJob.Kind, new RecheckJobConfig()), (MnistJob.Kind, new MnistJobConfig()),
                 })
            Assert.Equal($"{{\"config\":{{}},\"kind\":\"{kind.Name}\"}}", CanonicalConfig.Json(kind, config));
        // A lottery level of the default spec is the default level: the spec's defaults are the key's.
        Assert.Equal(CanonicalConfig.Key(LotteryRuns.Imp, new LotteryLevelConfig { Seed = 5, Level = 2 }),
            CanonicalConfig.Key(LotteryRuns.Imp, LotteryLevelConfig.Of(new LotterySpec(), "nlgp", 5, 2)));
    }

    /// <summary>
    /// What a level's training does not read is not in its key: a study that prunes further, changes its baselines
    /// or adds seeds and gains reuses every level it has.
    /// </summary>
    [Fact]
    public void StudyKnobsOutsideARunLeaveItsKey()
    {
        var spec = LotteryPresets.Get("tiny");
        string level = CanonicalConfig.Key(LotteryRuns.Imp, LotteryLevelConfig.Of(spec, "nlgp", spec.Seed, 1));
        var grown = spec with { TargetSparsity = 0.9, Baselines = ["reinit"], BaselineEvery = 1, Seeds = spec.Seeds + 3, Gains = [spec.Gain, 2 * spec.Gain] };
        Assert.Equal(level, CanonicalConfig.Key(LotteryRuns.Imp, LotteryLevelConfig.Of(grown, "nlgp", grown.Seed, 1)));
        // A real data set ignores the NLGP's knobs, so they stay out of its key.
        Assert.Equal(CanonicalConfig.Key(LotteryRuns.Imp, LotteryLevelConfig.Of(spec, "mnist-10k", 0, 0)),
            CanonicalConfig.Key(LotteryRuns.Imp, LotteryLevelConfig.Of(spec with { Gain = 7, Side = 9 }, "mnist-10k", 0, 0)));

        var subset = SubsetSpec.Preset("tiny");
        var job = MatchJobConfig.Of(subset, "ff:2-2-2", subset.Allocations[0], 3);
        var other = subset with { Draws = 40, Rechecks = 9, Bootstrap = 17, Mnist = null, Networks = ["rnn:1-2-1", "ff:2-2-2"] };
        Assert.Equal(CanonicalConfig.Key(MatchJob.Kind, job), CanonicalConfig.Key(MatchJob.Kind, MatchJobConfig.Of(other, "ff:2-2-2", other.Allocations[0], 3)));
    }
}
