using Eumentia.Numerics.Threading;
using Eumentia.Studies.Criticality;
using Eumentia.Theory;

namespace Eumentia.Tests.Studies.Criticality;

[Collection(ThreadBudgetCollection.Name)]
public class SignalProbeTests
{
    [Theory]
    [InlineData("mlp", 1.2, "shared")]
    [InlineData("mlp", 1.39558, "shared")]
    [InlineData("mlp", 2.0, "shared")]
    [InlineData("cnn1d", 1.6, "shared")]
    [InlineData("cnn1d", 1.6, "local")]
    [InlineData("mlp", 1.39558, "shared", "preactivations")]
    [InlineData("mlp", 2.0, "shared", "preactivations")]
    [InlineData("cnn1d", 1.6, "local", "preactivations")]
    public void WideNetworksFollowTheInfiniteWidthIteration(string architecture, double sigmaW, string weights, string sampler = "weights")
    {
        // Many channels per site: a CNN's same-position correlations obey the MLP's mean-field map, with
        // shared or local filters alike (same fan-in, same variance).
        var config = new ProbeConfig
        {
            Architecture = architecture, SigmaW = sigmaW, SigmaB = 0.3, Width = architecture == "mlp" ? 512 : 128,
            // The sampler carries one pair per network: more draws for the same statistics.
            Size = 8, Depth = 24, Pairs = sampler == "preactivations" ? 1 : 4, Draws = sampler == "preactivations" ? 32 : 8,
            InitialRho = 0.5, Weights = weights, Sampler = sampler,
        };
        var result = SignalProbe.Run(config);
        var theory = new MeanField(Activation.Tanh, sigmaW, 0.3).Iterate(1.0, 0.5, config.Depth);
        Assert.Equal(0.5, result.Mean[0], 6);
        foreach (int l in new[] { 1, 3, 8, 16, 24 })
        {
            // Statistical error plus the O(1/n) bias of a ratio of sums over n units.
            double tolerance = 4 * result.StdErr[l] + 2.0 / config.Width;
            Assert.True(Math.Abs(result.Mean[l] - theory.Rho[l]) < tolerance,
                $"l = {l}: simulation {result.Mean[l]:F5} ± {result.StdErr[l]:F5}, theory {theory.Rho[l]:F5}");
        }
    }

    [Fact]
    public void DropoutMatchesTheMeanFieldDropoutMap()
    {
        var config = new ProbeConfig { SigmaW = 1.39558, SigmaB = 0.3, Width = 512, Depth = 12, Pairs = 4, Draws = 8, Keep = 0.8, InitialRho = 0.05 };
        var result = SignalProbe.Run(config);
        var theory = new MeanField(Activation.Tanh, 1.39558, 0.3, keep: 0.8).Iterate(1.0, 0.05, config.Depth);
        foreach (int l in new[] { 1, 4, 12 })
            Assert.True(Math.Abs(result.Mean[l] - theory.Rho[l]) < 4 * result.StdErr[l] + 2.0 / config.Width,
                $"l = {l}: simulation {result.Mean[l]:F5} ± {result.StdErr[l]:F5}, theory {theory.Rho[l]:F5}");
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        foreach (var (weights, sampler) in new[] { ("shared", "weights"), ("local", "weights"), ("local", "preactivations") })
            ResultsDoNotDependOnTheThreadCountWith(weights, sampler);
    }

    static void ResultsDoNotDependOnTheThreadCountWith(string weights, string sampler)
    {
        var config = new ProbeConfig { Architecture = "cnn2d", Width = 8, Size = 6, Kernel = 3, Depth = 10, Pairs = sampler == "preactivations" ? 1 : 2, Draws = 4,
            Keep = 0.9, Weights = weights, Sampler = sampler };
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = SignalProbe.Run(config);
            Parallelism.MaxThreads = 3;
            var three = SignalProbe.Run(config);
            for (int d = 0; d < config.Draws; d++) Assert.Equal(one.PerDraw[d], three.PerDraw[d]);
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Theory]
    [InlineData("cnn1d", 7, 3)]
    [InlineData("cnn2d", 5, 3)]
    public void ConvolutionIsPeriodicAndMatchesADirectSum(string architecture, int size, int kernel)
    {
        var config = new ProbeConfig { Architecture = architecture, Width = 3, Size = size, Kernel = kernel, Pairs = 1 };
        int channels = config.Width, sites = config.Sites, taps = config.Taps, rows = 2 * sites;
        var rng = new Random(5);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] a = Random(rows * channels), weights = Random(taps * channels * channels), bias = Random(channels);
        var h = new float[rows * channels];
        SignalProbe.Linear(a, new float[rows * taps * channels], SignalProbe.Neighbourhood(config), weights, bias, h, sites, taps, channels);

        int radius = kernel / 2, dims = config.Dimensions;
        for (int input = 0; input < 2; input++)
            for (int site = 0; site < sites; site++)
                for (int c = 0; c < channels; c++)
                {
                    double sum = bias[c];
                    int tap = 0;
                    for (int dy = dims == 2 ? -radius : 0; dy <= (dims == 2 ? radius : 0); dy++)
                        for (int dx = -radius; dx <= radius; dx++, tap++)
                        {
                            int y = dims == 2 ? site / size : 0, x = site % size;
                            int neighbour = dims == 2 ? ((y + dy + size) % size) * size + (x + dx + size) % size : (x + dx + size) % size;
                            for (int ci = 0; ci < channels; ci++)
                                sum += weights[(tap * channels + ci) * channels + c] * a[(input * sites + neighbour) * channels + ci];
                        }
                    Assert.Equal(sum, h[(input * sites + site) * channels + c], 5);
                }
    }

    [Theory]
    [InlineData("cnn1d", 5)]
    [InlineData("cnn2d", 4)]
    public void LocalFiltersDifferFromSiteToSiteAndMatchADirectSum(string architecture, int size)
    {
        // The same input at every site: a shared filter keeps the lattice translation invariant, local ones
        // must not — this fails if `local` ever quietly becomes `shared`.
        var local = new ProbeConfig { Architecture = architecture, Width = 3, Size = size, Kernel = 3, Pairs = 1, Weights = "local" };
        var shared = local with { Weights = "shared" };
        int channels = local.Width, sites = local.Sites, taps = local.Taps, fanIn = taps * channels, rows = 2 * sites;
        var rng = new Random(7);
        var pattern = Enumerable.Range(0, 2 * channels).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var a = new float[rows * channels];
        for (int input = 0; input < 2; input++)
            for (int x = 0; x < sites; x++) pattern.AsSpan(input * channels, channels).CopyTo(a.AsSpan((input * sites + x) * channels));
        var neighbours = SignalProbe.Neighbourhood(local);

        var sharedWeights = new float[channels * fanIn];
        var sharedBias = new float[channels];
        SignalProbe.DrawLayer(shared, draw: 0, layer: 1, sharedWeights, sharedBias);
        var hShared = new float[rows * channels];
        SignalProbe.Linear(a, new float[rows * fanIn], neighbours, sharedWeights, sharedBias, hShared, sites, taps, channels);

        var localWeights = new float[sites * channels * fanIn];
        var localBias = new float[sites * channels];
        SignalProbe.DrawLayer(local, draw: 0, layer: 1, localWeights, localBias);
        var hLocal = new float[rows * channels];
        SignalProbe.LocalLinear(a, new float[rows * fanIn], neighbours, localWeights, localBias, hLocal, sites, taps, channels);

        for (int x = 1; x < sites; x++)
        {
            Assert.Equal(hShared.AsSpan(0, channels).ToArray(), hShared.AsSpan(x * channels, channels).ToArray());
            Assert.NotEqual(hLocal.AsSpan(0, channels).ToArray(), hLocal.AsSpan(x * channels, channels).ToArray());
        }
        // A one-tap kernel needs no im2col: every site sees only itself.
        Assert.Equal(3, SignalProbe.Run(local with { Kernel = 1, Depth = 2, Draws = 2 }).Depth + 1);
        for (int input = 0; input < 2; input++)
            for (int x = 0; x < sites; x++)
                for (int c = 0; c < channels; c++)
                {
                    double sum = localBias[x * channels + c];
                    for (int tap = 0; tap < taps; tap++)
                        for (int ci = 0; ci < channels; ci++)
                            sum += localWeights[x * channels * fanIn + c * fanIn + tap * channels + ci] * pattern[input * channels + ci];
                    Assert.Equal(sum, hLocal[(input * sites + x) * channels + c], 5);
                }
    }

    [Fact]
    public void OnlyLocalFiltersSelfAverageOverTheLattice()
    {
        // The draw-to-draw spread of ln ρ: local noise averages out over L sites (spread ∝ L^{−1/2}, here ×0.35
        // from L = 16 to 128); a filter shared by every site is one random gain for the whole lattice, and its
        // spread does not fall with L.
        double Ratio(string weights)
        {
            double Spread(int size)
            {
                var config = new ProbeConfig { Architecture = "cnn1d", Width = 4, Size = size, Kernel = 3, SigmaW = 1.5, Depth = 16, Pairs = 1,
                    Draws = 24, InitialRho = 1.0, InitialLength = 0.76, Weights = weights };
                return DecayObservables.LogSpread(SignalProbe.Run(config).PerDraw, config.Depth);
            }
            return Spread(128) / Spread(16);
        }
        double local = Ratio("local"), shared = Ratio("shared");
        Assert.True(local < 0.6, $"local filters: spread ratio {local:F2} (L = 128 vs 16), expected about 0.35");
        Assert.True(shared > 0.75, $"shared filters: spread ratio {shared:F2} (L = 128 vs 16), expected about 1");
    }

    [Fact]
    public void RhoOfIdenticalSignalsIsExactlyZeroAndKeepsPrecisionNearIt()
    {
        float[] a = [1f, 2f, 3f, -1f];
        Assert.Equal(0.0, SignalProbe.Rho(a, a));
        float[] b = [1f, 2f, 3.001f, -1f];
        double third = 3.001f, aa = 15, bb = 1 + 4 + third * third + 1, ab = 1 + 4 + 3 * third + 1;
        Assert.Equal(1 - ab / Math.Sqrt(aa * bb), SignalProbe.Rho(a, b), 10);
    }

    [Fact]
    public void InvalidProbesAreUsageErrors()
    {
        var error = Assert.Throws<UsageException>(() => SignalProbe.Run(new ProbeConfig { Architecture = "cnn1d", Kernel = 4, Draws = 1, Weights = "tied" }));
        Assert.Contains("kernel", error.Message);
        Assert.Contains("draws", error.Message);
        Assert.Contains("weights", error.Message);
    }
}
