namespace Eumentia.Nets;

/// <summary>
/// A layer whose weights no two sites share (an MLP, or a locally connected CNN), drawn fresh for every layer and
/// draw and used once, sampled without its weights, for a network that carries one pair of inputs (u, v). Given
/// the layer below, the pre-activations at site x, channel c are h_s = w_{x,c} · col_s + b_{x,c}, with
/// w_{x,c} ~ N(0, s² I) (s² = σ_w² / fan-in) and b_{x,c} ~ N(0, σ_b²) independent across (x, c): so (h_u, h_v) is
/// Gaussian with covariance s² G + σ_b², G the Gram matrix of the two inputs' patches at x, independently for every
/// (x, c). The same law as drawing the filters, exactly, at three normals per (x, c) instead of fan-in + 1.
/// <para>
/// The law is factored in the coordinates that keep the absorbing state's precision: u and the difference
/// d = v − u (exact in double from float32 signals). With G = L Lᵀ (in double) and g ~ N(0, I):
/// h_u = s (L g)_u + b and h_v − h_u = s (L g)_d (the bias cancels), so as ρ → 0 the difference keeps its full
/// relative precision, where a factor of the Gram matrix of u and v would lose it to cancellation.
/// Several pairs per network would need the joint law of all inputs, whose factor turns singular when every input
/// merges with every other (the ordered phase): measured, ρ then climbed back from 1e-8 to 0.04. So one pair only
/// (the criticality probe refuses more).
/// </para>
/// </summary>
public static class PreActivationSampler
{
    /// <summary>Normals one layer consumes per site: three per channel (u, the difference, the bias).</summary>
    public static int NormalsPerSite(int channels) => 3 * channels;

    /// <summary>A pivot below this fraction of its diagonal entry is rounding noise.</summary>
    const double PivotFloor = 1e-15;

    /// <summary>
    /// h from a (rows (input, site): the pair's first input, then its second) with <paramref name="normals"/> holding
    /// the layer's standard normals, site x's at [x · NormalsPerSite, ...) in (channel, coordinate) order, the bias
    /// last. The Gram matrix is (|u|², u·d, |d|²) and its factor L = [[√G₀₀, 0], [G₀₁/√G₀₀, √(G₁₁ − G₀₁²/G₀₀)]].
    /// </summary>
    public static void Apply(float[] a, int[] neighbours, int sites, int taps, int channels, double weightScale, double biasScale,
        ReadOnlySpan<float> normals, float[] h, Workspace work)
    {
        var siteGram = work.SiteGram(3 * sites);
        for (int y = 0; y < sites; y++)
        {
            var u = a.AsSpan(y * channels, channels);
            var v = a.AsSpan((sites + y) * channels, channels);
            double uu = 0, ud = 0, dd = 0;
            for (int c = 0; c < channels; c++)
            {
                double first = u[c], difference = (double)v[c] - first;
                uu += first * first;
                ud += first * difference;
                dd += difference * difference;
            }
            siteGram[3 * y] = uu;
            siteGram[3 * y + 1] = ud;
            siteGram[3 * y + 2] = dd;
        }
        Span<double> gram = stackalloc double[4], factor = stackalloc double[4];
        for (int x = 0; x < sites; x++)
        {
            double uu = 0, ud = 0, dd = 0;
            for (int tap = 0; tap < taps; tap++)
            {
                int at = 3 * neighbours[x * taps + tap];
                uu += siteGram[at];
                ud += siteGram[at + 1];
                dd += siteGram[at + 2];
            }
            (gram[0], gram[1], gram[2], gram[3]) = (uu, ud, ud, dd);
            Cholesky(gram, factor, 2);
            var z = normals.Slice(x * 3 * channels, 3 * channels);
            var hu = h.AsSpan(x * channels, channels);
            var hv = h.AsSpan((sites + x) * channels, channels);
            for (int c = 0; c < channels; c++)
            {
                double first = weightScale * (factor[0] * z[3 * c]) + biasScale * z[3 * c + 2];
                hu[c] = (float)first;
                hv[c] = (float)(first + weightScale * (factor[2] * z[3 * c] + factor[3] * z[3 * c + 1]));
            }
        }
    }

    /// <summary>
    /// Lower-triangular L (row-major m × m) with L Lᵀ = G for a symmetric positive semi-definite G; a pivot that is
    /// rounding noise (below <see cref="PivotFloor"/> of its diagonal entry, or negative) gives a zero column.
    /// </summary>
    internal static void Cholesky(ReadOnlySpan<double> g, Span<double> l, int m)
    {
        l[..(m * m)].Clear();
        for (int j = 0; j < m; j++)
        {
            double pivot = g[j * m + j];
            for (int k = 0; k < j; k++) pivot -= l[j * m + k] * l[j * m + k];
            if (!(pivot > PivotFloor * g[j * m + j])) continue;
            double root = Math.Sqrt(pivot);
            l[j * m + j] = root;
            for (int i = j + 1; i < m; i++)
            {
                double sum = g[i * m + j];
                for (int k = 0; k < j; k++) sum -= l[i * m + k] * l[j * m + k];
                l[i * m + j] = sum / root;
            }
        }
    }

    /// <summary>Per-thread scratch, grown on demand.</summary>
    public sealed class Workspace
    {
        double[] siteGram = [];

        public double[] SiteGram(int length) => siteGram.Length >= length ? siteGram : siteGram = new double[length];
    }
}
