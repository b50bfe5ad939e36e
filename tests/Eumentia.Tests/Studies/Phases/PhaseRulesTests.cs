using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Phases;

namespace Eumentia.Tests.Studies.Phases;

public class PhaseRulesTests
{
    static readonly double[] Sizes = [64, 128, 256, 512, 1024, 2048, 4096];
    static readonly double[] Errors = Enumerable.Repeat(0.01, 7).ToArray();
    static readonly PhaseRules Rules = new();

    [Fact]
    public void PowerLawDecayIsEumentia()
    {
        var loss = Sizes.Select(n => 3 * Math.Pow(n, -0.3)).ToArray();
        Assert.Equal(Phase.Eumentia, Rules.Classify(Sizes, loss, Errors, 10, 0.3, 0.02).Phase);
    }

    [Fact]
    public void FlatNearChanceIsAmentia()
    {
        var loss = Sizes.Select(n => Math.Log(10) + 0.01 * Math.Sin(n)).ToArray();
        Assert.Equal(Phase.Amentia, Rules.Classify(Sizes, loss, Errors, 10, 0.0, 0.01).Phase);
    }

    [Fact]
    public void DecayThenRiseIsDementia()
    {
        var loss = Sizes.Select(n => 1.0 + 0.3 * Math.Pow(Math.Log(n / 400.0), 2)).ToArray();
        var v = Rules.Classify(Sizes, loss, Errors, 10, 0.05, 0.05);
        Assert.Equal(Phase.Dementia, v.Phase);
        Assert.Contains("rises", v.Reason);
    }

    [Fact]
    public void RiseWithinNoiseIsNotDementia()
    {
        var loss = Sizes.Select((n, i) => 1.0 - 0.001 * i + (i == 6 ? 0.02 : 0)).ToArray();
        var wide = Enumerable.Repeat(0.05, 7).ToArray();
        Assert.NotEqual(Phase.Dementia, Rules.Classify(Sizes, loss, wide, 10, 0.001, 0.01).Phase);
    }

    [Fact]
    public void CrossoverRecoversAPlantedMinimumWithAnHonestError()
    {
        // L_s(N) = 1 + 0.2 (ln N − ln 500)² + noise: N* = 500.
        var perSeed = Enumerable.Range(0, 8).Select(s => Sizes.Select((n, i) =>
            1 + 0.2 * Math.Pow(Math.Log(n / 500.0), 2) + 0.02 * Philox.Normal(4, (ulong)s, (ulong)i)).ToArray()).ToList();
        var est = CrossoverScale.Estimate(Sizes, perSeed, 300, 1);
        Assert.True(est.Interior);
        Assert.InRange(est.NStar, 350, 700);
        Assert.True(Math.Abs(Math.Log(est.NStar / 500)) < 3 * est.LnNStarError + 0.05, $"N* {est.NStar}, error {est.LnNStarError}");
        Assert.True(est.LnNStarError > 0);
    }
}
