using Eumentia.Studies.Criticality;
using Eumentia.Theory;

namespace Eumentia.Tests.Studies.Criticality;

/// <summary>A user-supplied φ reaches the simulated networks as well as the theory, so the two can be compared.</summary>
[Collection(ThreadBudgetCollection.Name)]
public class UserActivationProbeTests
{
    [Theory]
    [InlineData("mlp", "shared")]
    [InlineData("cnn1d", "local")]
    public void TheBuiltInSineSuppliedByTheUserGivesTheSameNumbersBitForBit(string architecture, string weights)
    {
        // Built-in sin is already evaluated element by element in float64: the user's copy takes the same path.
        var mine = Activation.Custom("my-sin", Math.Sin, Math.Cos);
        var config = new ProbeConfig { Architecture = architecture, Weights = weights, Activation = "sin", SigmaW = 1.5, Width = 16, Size = 8,
            Depth = 30, Pairs = 2, Draws = 3 };
        var builtIn = SignalProbe.Run(config);
        var user = SignalProbe.Run(config with { Activation = "my-sin" }, activation: mine);
        for (int d = 0; d < config.Draws; d++) Assert.Equal(builtIn.PerDraw[d], user.PerDraw[d]);
    }

    [Theory]
    [InlineData("mlp", "shared")]
    [InlineData("cnn1d", "local")]
    public void TanhSuppliedByTheUserFollowsTheBuiltInTanhToFloatPrecision(string architecture, string weights)
    {
        // The built-in runs the vectorised float32 tanh, the user's copy float64 Math.Tanh rounded: the two differ in the
        // last bit of some units, which the critical map carries along without amplifying.
        var mine = Activation.Custom("my-tanh", Math.Tanh);
        var config = new ProbeConfig { Architecture = architecture, Weights = weights, SigmaW = 1.39558, Width = 32, Size = 8, Depth = 40,
            Pairs = 2, Draws = 3, InitialRho = 0.5 };
        var builtIn = SignalProbe.Run(config);
        var user = SignalProbe.Run(config with { Activation = "my-tanh" }, activation: mine);
        for (int d = 0; d < config.Draws; d++)
            for (int l = 0; l <= config.Depth; l++)
                Assert.True(Math.Abs(builtIn.PerDraw[d][l] - user.PerDraw[d][l]) <= 1e-4 * builtIn.PerDraw[d][l],
                    $"draw {d}, layer {l}: built-in {builtIn.PerDraw[d][l]:R}, user {user.PerDraw[d][l]:R}");
    }

    [Theory]
    [InlineData("mlp", "shared", 512)]
    [InlineData("cnn1d", "local", 128)]
    public void ANewActivationFollowsItsOwnExactIterationAtLargeWidth(string architecture, string weights, int width)
    {
        // φ(x) = tanh x + x/10: never saturates, so its ρ_l differs from tanh's by far more than the Monte Carlo error.
        var phi = Activation.Custom("tanh-plus-linear", x => Math.Tanh(x) + 0.1 * x, x => 1 / (Math.Cosh(x) * Math.Cosh(x)) + 0.1);
        double sigmaW = 1.6;
        var config = new ProbeConfig { Architecture = architecture, Weights = weights, Activation = phi.Name, SigmaW = sigmaW, SigmaB = 0.3,
            Width = width, Size = 8, Depth = 24, Pairs = 4, Draws = 8, InitialRho = 0.5 };
        var result = SignalProbe.Run(config, activation: phi);
        var theory = new MeanField(phi, sigmaW, 0.3).Iterate(1.0, 0.5, config.Depth);
        var tanh = new MeanField(Activation.Tanh, sigmaW, 0.3).Iterate(1.0, 0.5, config.Depth);
        bool distinguishable = false;
        foreach (int l in new[] { 1, 3, 8, 16, 24 })
        {
            double tolerance = 4 * result.StdErr[l] + 2.0 / width; // as for the built-ins: statistics plus the O(1/n) bias
            Assert.True(Math.Abs(result.Mean[l] - theory.Rho[l]) < tolerance,
                $"l = {l}: simulation {result.Mean[l]:F5} ± {result.StdErr[l]:F5}, theory {theory.Rho[l]:F5}");
            // A tanh network, within the tolerance of tanh's curve, would then fall outside this one's.
            distinguishable |= Math.Abs(theory.Rho[l] - tanh.Rho[l]) > 2 * tolerance;
        }
        Assert.True(distinguishable, "the probe cannot tell this activation from tanh: the test would not notice tanh being used instead");
    }

    [Fact]
    public void AUserActivationNeedsTheConfigsNameAndANameOfItsOwn()
    {
        var config = new ProbeConfig { Width = 4, Depth = 2, Draws = 2 };
        var renamed = Assert.Throws<UsageException>(() => SignalProbe.Run(config with { Activation = "mine" }, activation: Activation.Custom("other", Math.Tanh)));
        Assert.Contains("activation", renamed.Message);
        Assert.Contains("'other'", renamed.Message);
        var shadow = Assert.Throws<UsageException>(() => SignalProbe.Run(config, activation: Activation.Custom("tanh", Math.Sin)));
        Assert.Contains("built-in", shadow.Message);
        var unknown = Assert.Throws<UsageException>(() => SignalProbe.Run(config with { Activation = "mine" }));
        Assert.Contains("activation", unknown.Message);
    }
}
