using Eumentia.Nets;
using Eumentia.Numerics;
using Eumentia.Studies.Criticality;

namespace Eumentia.Tests.Nets;

/// <summary>
/// Sampling a layer's pre-activations from their conditional Gaussian law must be the same network as drawing its
/// weights: the same linear map for the normals it draws, and the same statistics of ρ_l over draws.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class PreActivationSamplerTests
{
    [Fact]
    public void EachSitesPreActivationsComeFromTheGramMatrixOfItsPatches()
    {
        // A periodic 1-D lattice of 5 sites, 3 taps: G at site x is built here directly from the patches
        // (u, v − u), factored, and applied to the given normals: the sampler must agree.
        const int channels = 4, size = 5;
        var config = new ProbeConfig { Architecture = "cnn1d", Width = channels, Size = size, Kernel = 3, Pairs = 1, Weights = "local" };
        var neighbours = PeriodicConvolution.Neighbourhood(config.Dimensions, config.Size, config.Kernel);
        int taps = config.Taps, fanIn = taps * channels;
        var rng = new Random(3);
        var a = new float[2 * size * channels];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
        var normals = Enumerable.Range(0, size * PreActivationSampler.NormalsPerSite(channels)).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var h = new float[a.Length];
        double scale = 0.7, biasScale = 0.3;
        PreActivationSampler.Apply(a, neighbours, size, taps, channels, scale, biasScale, normals, h, new PreActivationSampler.Workspace());
        for (int x = 0; x < size; x++)
        {
            double Patch(int input, int j) => a[(input * size + neighbours[x * taps + j / channels]) * channels + j % channels];
            var u = Enumerable.Range(0, fanIn).Select(j => Patch(0, j)).ToArray();
            var d = Enumerable.Range(0, fanIn).Select(j => Patch(1, j) - Patch(0, j)).ToArray();
            var l = new double[4];
            PreActivationSampler.Cholesky(Gram(u, d), l, 2);
            for (int c = 0; c < channels; c++)
            {
                int at = 3 * (x * channels + c);
                double first = scale * l[0] * normals[at], difference = scale * (l[2] * normals[at] + l[3] * normals[at + 1]);
                double bias = biasScale * normals[at + 2];
                Assert.Equal(first + bias, h[x * channels + c], 5);
                Assert.Equal(first + difference + bias, h[(size + x) * channels + c], 5);
            }
        }
    }

    /// <summary>The Gram matrix of the vectors, row-major.</summary>
    static double[] Gram(params double[][] vectors)
    {
        int m = vectors.Length;
        var g = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) g[i * m + j] = vectors[i].Zip(vectors[j], (x, y) => x * y).Sum();
        return g;
    }

    [Fact]
    public void TheCholeskyFactorKeepsTheDifferencesPrecisionWhenInputsHaveAllButMerged()
    {
        // u_0, a difference d_0 of 1e-9, an input u_1 equal to u_0 to 1e-12, its difference d_1 of 1e-10: L Lᵀ must
        // reproduce every entry to a tiny fraction of √(G_ii G_jj) — the d block included, which sets ρ.
        const int n = 24, m = 4;
        var rng = new Random(11);
        var v = new double[m][];
        v[0] = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        v[1] = Enumerable.Range(0, n).Select(_ => 1e-9 * (rng.NextDouble() - 0.5)).ToArray();
        v[2] = v[0].Select((x, k) => x * (1 + 1e-12) + 1e-13 * k).ToArray();
        v[3] = Enumerable.Range(0, n).Select(_ => 1e-10 * (rng.NextDouble() - 0.5)).ToArray();
        var g = Gram(v);
        var l = new double[m * m];
        PreActivationSampler.Cholesky(g, l, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
            {
                double rebuilt = Enumerable.Range(0, m).Sum(k => l[i * m + k] * l[j * m + k]);
                Assert.True(Math.Abs(rebuilt - g[i * m + j]) <= 1e-7 * Math.Sqrt(g[i * m + i] * g[j * m + j]),
                    $"({i}, {j}): {rebuilt:R} vs {g[i * m + j]:R}");
            }
    }

    [Theory]
    [InlineData("cnn1d", 8, 32, 1, 1.0)]
    [InlineData("cnn2d", 4, 8, 1, 1.0)]
    [InlineData("mlp", 32, 1, 1, 0.9)]
    public void StatisticsOfRhoAgreeWithDrawingTheWeights(string architecture, int width, int size, int pairs, double keep)
    {
        // Near the critical point of a finite net, from the fully active state: the mean ρ_l over draws and its spread
        // (of ln ρ) at a few depths, weights path against sampled path; different random numbers, the same law.
        var weights = new ProbeConfig { Architecture = architecture, Weights = "local", Width = width, Size = size, Kernel = 3, SigmaW = 1.42, SigmaB = 0.3,
            Depth = 120, Pairs = pairs, Draws = 48, InitialRho = 1.0, InitialLength = 0.763, Keep = keep };
        var drawn = SignalProbe.Run(weights);
        var sampled = SignalProbe.Run(weights with { Sampler = "preactivations" });
        foreach (int l in new[] { 5, 30, 120 })
        {
            double error = Math.Sqrt(drawn.StdErr[l] * drawn.StdErr[l] + sampled.StdErr[l] * sampled.StdErr[l]);
            Assert.True(Math.Abs(drawn.Mean[l] - sampled.Mean[l]) < 3.5 * error,
                $"l = {l}: weights {drawn.Mean[l]:G4} ± {drawn.StdErr[l]:G2}, sampled {sampled.Mean[l]:G4} ± {sampled.StdErr[l]:G2}");
            // The spread's standard error is about spread / √(2(draws − 1)).
            double s1 = DecayObservables.LogSpread(drawn.PerDraw, l), s2 = DecayObservables.LogSpread(sampled.PerDraw, l);
            double spreadError = Math.Sqrt((s1 * s1 + s2 * s2) / (2.0 * (weights.Draws - 1)));
            Assert.True(Math.Abs(s1 - s2) < 3.5 * spreadError, $"l = {l}: spread of ln rho {s1:G3} (weights) vs {s2:G3} (sampled)");
        }
    }

    [Fact]
    public void SharedFiltersCannotBeSampledAndUnknownSamplersAreNamed()
    {
        var shared = Assert.Throws<UsageException>(() => SignalProbe.Run(new ProbeConfig { Architecture = "cnn1d", Sampler = "preactivations" }));
        Assert.Contains("sampler", shared.Message);
        var unknown = Assert.Throws<UsageException>(() => SignalProbe.Run(new ProbeConfig { Sampler = "gram" }));
        Assert.Contains("sampler", unknown.Message);
        Assert.Contains("'gram'", unknown.Message);
        var pairs = Assert.Throws<UsageException>(() => SignalProbe.Run(new ProbeConfig { Pairs = 2, Sampler = "preactivations" }));
        Assert.Contains("sampler", pairs.Message);
        Assert.Contains("pairs = 2", pairs.Message);
    }

    [Fact]
    public void DeepInTheOrderedPhaseRhoKeepsFallingToTheFloatFloor()
    {
        // Ordered σ_w, depth far beyond ξ: sampled like drawn weights, ρ falls to float32's floor and stays there
        // (the multi-pair joint sampler this replaced climbed back to 1e-2 after reaching 1e-8).
        var config = new ProbeConfig { Architecture = "mlp", Width = 64, SigmaW = 1.3, SigmaB = 0.3, Depth = 600, Pairs = 1, Draws = 4,
            InitialRho = 0.5, InitialLength = 0.763, Sampler = "preactivations" };
        var sampled = SignalProbe.Run(config);
        Assert.True(sampled.Mean[150] < 1e-4, $"rho at l = 150: {sampled.Mean[150]:G3}");
        double late = sampled.Mean.Skip(300).Max();
        Assert.True(late < 1e-9, $"largest rho over l = 300-600: {late:G3}");
    }
}
