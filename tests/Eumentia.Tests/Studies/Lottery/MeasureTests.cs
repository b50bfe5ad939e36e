using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Lottery;

namespace Eumentia.Tests.Studies.Lottery;

public class MeasureTests
{
    [Fact]
    public void IprOnHandComputedCases()
    {
        Assert.Equal(1.0, Locality.Ipr([0f, 3f, 0f, 0f]), 12);       // one input: fully localised
        Assert.Equal(0.25, Locality.Ipr([1f, -1f, 1f, -1f]), 12);    // four equal inputs: 1/4
        Assert.Equal(0.5, Locality.Ipr([2f, 0f, -2f]), 12);
        // (1 + 16) / (1 + 4)² = 17/25
        Assert.Equal(17.0 / 25, Locality.Ipr([1f, 2f]), 12);
        Assert.True(double.IsNaN(Locality.Ipr([0f, 0f])));
    }

    [Fact]
    public void NormalisedIprIsOneForGaussianWeightsOnAnySupport()
    {
        // Hand-computed: two equal weights have IPR 1/2; random weights on two sites average 3/4, so 1/2 reads 2/3.
        Assert.Equal(2.0 / 3, Locality.NormalisedIpr([1f, 0f, -1f, 0f]), 12);
        Assert.Equal(1.0, Locality.NormalisedIpr([0f, 5f, 0f]), 12);
        Assert.True(double.IsNaN(Locality.NormalisedIpr([0f, 0f])));
        // E[IPR] = 3/(k+2) for k i.i.d. Gaussian weights: the normalised value averages 1 whatever k, while the raw IPR falls with k.
        foreach (int k in new[] { 3, 10, 40 })
        {
            const int draws = 20000;
            double sum = 0;
            var w = new float[64];
            for (int d = 0; d < draws; d++)
            {
                Array.Clear(w);
                for (int i = 0; i < k; i++) w[i * 64 / k] = (float)Philox.Normal(3, RngStream.Of(RngStream.Analysis, k, d), (ulong)i);
                sum += Locality.NormalisedIpr(w);
            }
            Assert.InRange(sum / draws, 0.985, 1.015);
        }
    }

    [Fact]
    public void DistanceRatioIsOneForRandomPlacementAndSmallForNeighbours()
    {
        var ring = new InputGrid(64, 1, Periodic: true);
        double reference = ring.MeanPairDistanceSquared();
        // Two equal neighbours: Σ_{i≠j} p_i p_j d² = 2·¼·1, normalised by (1 − ½)·D̄².
        var pair = new float[64];
        pair[63] = 1; pair[0] = -1; // neighbours across the wrap-around
        Assert.Equal(1 / reference, Locality.DistanceRatio(pair, ring, reference), 12);
        // The same five weights at random sites average to a ratio of 1.
        var values = new[] { 0.3f, -1.2f, 0.7f, 2.0f, -0.4f };
        double sum = 0;
        const int draws = 4000;
        for (int t = 0; t < draws; t++)
        {
            var w = new float[64];
            var order = Philox.Permutation(9, (ulong)t, 64);
            for (int k = 0; k < values.Length; k++) w[order[k]] = values[k];
            sum += Locality.DistanceRatio(w, ring, reference);
        }
        Assert.InRange(sum / draws, 0.97, 1.03);
        var single = new float[64];
        single[5] = 1;
        Assert.True(double.IsNaN(Locality.DistanceRatio(single, ring, reference)));
    }

    [Fact]
    public void NeighbourCorrelationTellsSmoothFromHighPassFromScattered()
    {
        var ring = new InputGrid(8, 1, Periodic: true);
        Assert.Equal(1.0, Locality.NeighbourCorrelation([1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f], ring), 12);      // smooth
        Assert.Equal(-1.0, Locality.NeighbourCorrelation([1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f], ring), 12); // alternating: high-pass
        Assert.Equal(0.0, Locality.NeighbourCorrelation([1f, 0f, 0f, -2f, 0f, 0f, 0f, 0f], ring), 12);     // no two neighbours
        // A difference of neighbours across the wrap-around: w_7 w_0 = −1 over Σw² = 2.
        Assert.Equal(-0.5, Locality.NeighbourCorrelation([-1f, 0f, 0f, 0f, 0f, 0f, 0f, 1f], ring), 12);
        // Without wrap-around the same pair is no pair.
        Assert.Equal(0.0, Locality.NeighbourCorrelation([-1f, 0f, 0f, 0f, 0f, 0f, 0f, 1f], new InputGrid(8, 1, Periodic: false)), 12);
        // 3×3 torus, one horizontal pair (1, 2): 2 / (2 axes · 5).
        Assert.Equal(0.2, Locality.NeighbourCorrelation([1f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], new InputGrid(3, 3, Periodic: true)), 12);
        Assert.True(double.IsNaN(Locality.NeighbourCorrelation(new float[8], ring)));
    }

    [Fact]
    public void WindowExcessOnHandComputedCases()
    {
        var ring = new InputGrid(10, 1, Periodic: true);
        double m = ring.MeanWindowSites(1);
        Assert.Equal(3.0, m, 12);
        // Peak 2 (p = 4/6) with neighbours 1 (p = 1/6) each side: M = 1; M₀ = 4/6 + 2·(2/6)/9, so the excess is 1.
        var blob = new float[10];
        blob[9] = 1; blob[0] = 2; blob[1] = -1;   // across the wrap-around
        Assert.Equal(1.0, Locality.WindowExcess(blob, ring, 1, m), 12);
        // The same weights spread out: M = 4/6 (peak only); excess = (4/6 − M₀) / (1 − M₀) < 0.
        var spread = new float[10];
        spread[0] = 2; spread[3] = 1; spread[6] = -1;
        double m0 = 4.0 / 6 + 2 * (2.0 / 6) / 9;
        Assert.Equal((4.0 / 6 - m0) / (1 - m0), Locality.WindowExcess(spread, ring, 1, m), 12);
        // Dead units and single survivors measure nothing.
        Assert.True(double.IsNaN(Locality.WindowExcess(new float[10], ring, 1, m)));
        var single = new float[10];
        single[4] = 3;
        Assert.True(double.IsNaN(Locality.WindowExcess(single, ring, 1, m)));
        // Without wrap-around the two end sites have windows of 2: (2·2 + 3·8) / 10.
        Assert.Equal(2.8, new InputGrid(10, 1, Periodic: false).MeanWindowSites(1), 12);
        // 3×3 torus, radius 1: each site and its four neighbours.
        Assert.Equal(5.0, new InputGrid(3, 3, Periodic: true).MeanWindowSites(1), 12);
    }

    [Theory]
    [InlineData(64, 1, true, 2.0, 5)]
    [InlineData(64, 1, true, 3.0, 20)]
    [InlineData(9, 7, false, 1.5, 12)]
    public void WindowExcessAveragesZeroOverShuffledPositions(int width, int height, bool periodic, double radius, int survivors)
    {
        // The null M₀ is the exact mean over uniformly random placements of the same weights, pruned zeros included.
        var grid = new InputGrid(width, height, periodic);
        double m = grid.MeanWindowSites(radius);
        var values = Enumerable.Range(0, survivors).Select(i => (float)Philox.Normal(11, 1, (ulong)i)).ToArray();
        const int draws = 6000;
        var excess = new double[draws];
        for (int t = 0; t < draws; t++)
        {
            var w = new float[grid.Features];
            var order = Philox.Permutation(12, (ulong)t, grid.Features);
            for (int k = 0; k < values.Length; k++) w[order[k]] = values[k];
            excess[t] = Locality.WindowExcess(w, grid, radius, m);
        }
        var e = Eumentia.Analysis.Statistics.Estimate.MeanOf(excess);
        Assert.InRange(e.Value, -4 * e.Error, 4 * e.Error);
        // and a local receptive field reads well above it: the same weights packed around one site.
        var local = new float[grid.Features];
        var near = Enumerable.Range(0, grid.Features).OrderBy(i => grid.DistanceSquared(3, height / 2, i % width, i / width)).ThenBy(i => i).ToArray();
        var bySize = values.OrderByDescending(Math.Abs).ToArray();
        for (int k = 0; k < bySize.Length; k++) local[near[k]] = bySize[k];
        Assert.True(Locality.WindowExcess(local, grid, radius, m) > e.Value + 0.3);
    }

    [Theory]
    [InlineData(7, 5, true)]
    [InlineData(6, 4, false)]
    [InlineData(9, 1, true)]
    public void MeanPairDistanceMatchesBruteForce(int width, int height, bool periodic)
    {
        var g = new InputGrid(width, height, periodic);
        double sum = 0;
        int n = g.Features;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                if (a != b) sum += g.DistanceSquared(a % width, a / width, b % width, b / width);
        Assert.Equal(sum / (n * (n - 1.0)), g.MeanPairDistanceSquared(), 10);
    }

    [Fact]
    public void KurtosisOnHandComputedCases()
    {
        Assert.Equal(-2.0, Cavity.ExcessKurtosis([1.0, -1, 1, -1]), 12);           // two-point: E x⁴ / (E x²)² = 1
        Assert.Equal(-2.0, Cavity.ExcessKurtosis([5.0, 7, 5, 7]), 12);            // centring first
        // {0, 0, 0, 2, -2}: m2 = 8/5, m4 = 32/5 → 32/5 / (64/25) − 3 = −0.5
        Assert.Equal(-0.5, Cavity.ExcessKurtosis([0.0, 0, 0, 2, -2]), 12);
        Assert.True(double.IsNaN(Cavity.ExcessKurtosis([3.0, 3, 3])));
    }

    [Fact]
    public void CavityEffectsMatchRemovingEachWeight()
    {
        const int n = 400, inputs = 7, units = 3;
        var x = new float[n * inputs];
        // Skewed, correlated, non-centred inputs so that every mixed moment matters.
        for (int e = 0; e < n; e++)
            for (int j = 0; j < inputs; j++)
            {
                double u = Philox.Normal(3, 1, (ulong)(e * inputs + j)), v = Philox.Normal(3, 2, (ulong)e);
                x[e * inputs + j] = (float)(0.5 + u * u * 0.4 + 0.6 * v + 0.1 * j);
            }
        var w = new float[units * inputs];
        Philox.FillNormal(4, 1, 0, w);
        var mask = Enumerable.Range(0, w.Length).Select(i => i % 5 == 2 ? 0f : 1f).ToArray();
        for (int i = 0; i < w.Length; i++) w[i] *= mask[i];
        var result = Cavity.Compute(x, n, inputs, w, units, mask);

        double[] Preactivation(int unit, int removed)
        {
            var h = new double[n];
            for (int e = 0; e < n; e++)
                for (int j = 0; j < inputs; j++)
                    if (j != removed) h[e] += (double)w[unit * inputs + j] * x[e * inputs + j];
            return h;
        }
        for (int i = 0; i < units; i++)
        {
            double full = Cavity.ExcessKurtosis(Preactivation(i, -1));
            Assert.Equal(full, result.Kurtosis[i], 9);
            for (int j = 0; j < inputs; j++)
            {
                int ij = i * inputs + j;
                if (mask[ij] == 0) { Assert.True(double.IsNaN(result.DeltaKurtosis[ij])); continue; }
                double brute = Cavity.ExcessKurtosis(Preactivation(i, j)) - full;
                Assert.Equal(brute, result.DeltaKurtosis[ij], 9);
            }
        }
    }

    [Fact]
    public void AucAndSpearmanOnKnownOrders()
    {
        double[] score = [0.1, 0.4, 0.35, 0.8];
        Assert.Equal(0.75, Ranking.Auc(score, [false, false, true, true]), 12); // sklearn's roc_auc_score example
        Assert.Equal(1.0, Ranking.Auc([1.0, 2, 3, 4], [false, false, true, true]), 12);
        Assert.Equal(0.0, Ranking.Auc([1.0, 2, 3, 4], [true, true, false, false]), 12);
        Assert.Equal(0.5, Ranking.Auc([1.0, 1, 1, 1], [true, false, true, false]), 12);
        Assert.True(double.IsNaN(Ranking.Auc([1.0, 2], [true, true])));
        Assert.Equal(1.0, Ranking.Spearman([1.0, 2, 3, 10], [0.1, 5, 6, 7]), 12);
        Assert.Equal(-1.0, Ranking.Spearman([1.0, 2, 3], [3.0, 2, 1]), 12);
    }
}
