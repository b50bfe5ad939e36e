using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Sweeps.Spec;

public class RunIdentityTests
{
    static readonly RunKind<ToyConfig> Toy = ToyKind.Kind;

    [Fact]
    public void CanonicalFormOmitsDefaultsAndSortsSnakeCaseKeys()
    {
        var config = new ToyConfig { Width = 32, PEval = [0.0, 0.5], Dropout = 0.1, Mode = ToyMode.McNoscale, LearningRate = 0.1f };
        Assert.Equal("{\"config\":{\"dropout\":0.1,\"mode\":\"mc_noscale\",\"p_eval\":[0,0.5],\"width\":32},\"kind\":\"toy\"}",
            CanonicalConfig.Json(Toy, config));
        Assert.Equal("{\"config\":{},\"kind\":\"toy\"}", CanonicalConfig.Json(Toy, new ToyConfig()));
    }

    [Fact]
    public void FloatsUseInvariantShortestRoundTripText()
    {
        var config = new ToyConfig { Dropout = 1e-5, LearningRate = 0.3f, PEval = [1.0 / 3, 0.25] };
        Assert.Equal("{\"config\":{\"dropout\":1E-05,\"learning_rate\":0.3,\"p_eval\":[0.3333333333333333,0.25]},\"kind\":\"toy\"}",
            CanonicalConfig.Json(Toy, config));
    }

    // Pinned: these keys name directories of existing results. If this test fails, old results are orphaned.
    // Checked independently: printf '%s' '<canonical>' | sha256sum | cut -c1-16
    [Theory]
    [InlineData(0, "{\"config\":{},\"kind\":\"toy\"}", "b6e88d4f53997adf")]
    [InlineData(1, "{\"config\":{\"dropout\":0.1,\"mode\":\"mc_noscale\",\"p_eval\":[0,0.5],\"width\":32},\"kind\":\"toy\"}", "d873571be34ac3db")]
    [InlineData(2, "{\"config\":{\"data\":\"mnist-10k\",\"seed\":7},\"kind\":\"toy\"}", "25305b8d1142002b")]
    public void PinnedKeys(int which, string canonical, string key)
    {
        ToyConfig config = which switch
        {
            0 => new ToyConfig(),
            1 => new ToyConfig { Width = 32, PEval = [0.0, 0.5], Dropout = 0.1, Mode = ToyMode.McNoscale },
            _ => new ToyConfig { Data = "mnist-10k", Seed = 7 },
        };
        Assert.Equal(canonical, CanonicalConfig.Json(Toy, config));
        Assert.Equal(key, CanonicalConfig.Key(Toy, config));
    }

    [Fact]
    public void PinnedTrainKey()
    {
        // The train kind's results on disk are addressed by this key: a changed TrainConfig default or field
        // name breaks it. printf '%s' '<canonical>' | sha256sum | cut -c1-16
        var train = RunKind.Create<Eumentia.Training.TrainConfig>("train", (_, _, _) => RunOutcome.Success);
        var config = new Eumentia.Training.TrainConfig { Width = 64, PTrain = 0.2, PEval = [0.0, 0.1], TrainSize = 1024, Seed = 3 };
        Assert.Equal("{\"config\":{\"p_eval\":[0,0.1],\"p_train\":0.2,\"seed\":3,\"train_size\":1024,\"width\":64},\"kind\":\"train\"}",
            CanonicalConfig.Json(train, config));
        Assert.Equal("d873b53f34efa1ee", CanonicalConfig.Key(train, config));
    }

    [Fact]
    public void ANewFieldAtItsDefaultKeepsOldKeys()
    {
        var v2 = RunKind.Create<ToyConfigV2>("toy", (_, _, _) => RunOutcome.Success);
        var old = new ToyConfig { Width = 64, Dropout = 0.2, Seed = 3 };
        var same = new ToyConfigV2 { Width = 64, Dropout = 0.2, Seed = 3 };
        Assert.Equal(CanonicalConfig.Key(Toy, old), CanonicalConfig.Key(v2, same));
        Assert.NotEqual(CanonicalConfig.Key(Toy, old), CanonicalConfig.Key(v2, same with { WeightDecay = 1e-4 }));
    }

    [Fact]
    public void KindAndArrayOrderAreIdentity()
    {
        var other = RunKind.Create<ToyConfig>("toy2", (_, _, _) => RunOutcome.Success);
        var config = new ToyConfig { PEval = [0.1, 0.2] };
        Assert.NotEqual(CanonicalConfig.Key(Toy, config), CanonicalConfig.Key(other, config));
        Assert.NotEqual(CanonicalConfig.Key(Toy, config), CanonicalConfig.Key(Toy, config with { PEval = [0.2, 0.1] }));
        Assert.Equal(CanonicalConfig.Key(Toy, config), CanonicalConfig.Key(Toy, config with { PEval = [0.1, 0.2] }));
    }

    [Fact]
    public void FullConfigRoundTripsThroughJson()
    {
        var config = new ToyConfig { Width = 8, Dropout = 0.3, LearningRate = 0.01f, PEval = [0, 0.9], Mode = ToyMode.Prune, Data = "a,\"b\"", Seed = -2 };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) Toy.Schema.WriteFull(writer, config);
        var json = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        var back = (ToyConfig)Toy.Schema.Read(json, "test");
        Assert.Equal(CanonicalConfig.Json(Toy, config), CanonicalConfig.Json(Toy, back));
        Assert.Equal(config.PEval, back.PEval);
    }

    [Fact]
    public void UnsupportedFieldTypesAreRejectedWhenTheKindIsDefined()
    {
        var e = Assert.Throws<ArgumentException>(() => RunKind.Create<BadConfig>("bad", (_, _, _) => RunOutcome.Success));
        Assert.Contains("Nested", e.Message);
    }

    public sealed record BadConfig
    {
        public ToyConfig Nested { get; init; } = new();
    }
}
