namespace Eumentia.Studies.Criticality;

/// <summary>
/// A layer whose weights no two sites share (an MLP, or a locally connected CNN), drawn fresh for every layer and
/// draw and used once, sampled without its weights. Given the layer below, the pre-activations at site x, channel c
/// are h_s = w_{x,c} · col_s + b_{x,c} for the inputs s, with w_{x,c} ~ N(0, s² I) (s² = σ_w² / fan-in) and
/// b_{x,c} ~ N(0, σ_b²) independent across (x, c): so the vector (h_s)_s is Gaussian with covariance s² G + σ_b²,
/// G the Gram matrix of the inputs' patches at x, independently for every (x, c). The same law as drawing the
/// filters, exactly, at a cost of 2P + 1 normals per (x, c) instead of fan-in + 1, and G costs one dot product of
/// channel vectors per site and input couple, summed over the taps of each patch.
/// <para>
/// The law is factored in the coordinates that keep the absorbing state's precision: for each pair p the first
/// input u_p and the difference d_p = v_p − u_p (exact in double from float32 signals). With G = L Lᵀ (Cholesky, in
/// double, over u_0, d_0, u_1, d_1, …) and g ~ N(0, I): h_{u_p} = s (L g)_{u_p} + b and h_{v_p} − h_{u_p} = s (L g)_{d_p}
/// (the bias cancels). As ρ → 0 the difference keeps its full relative precision, where a factor of the Gram matrix
/// of u and v would lose it to cancellation. Pivots that are rounding noise (inputs of different pairs that have all
/// but merged) are set to zero: the error that leaves is relative √ε of the entries, not of ρ.
/// </para>
/// </summary>
static class PreActivationSampler
{
    /// <summary>Normals one layer consumes per site: (2·pairs + 1) per channel, the last the bias.</summary>
    public static int NormalsPerSite(int pairs, int channels) => (2 * pairs + 1) * channels;

    /// <summary>A pivot below this fraction of its diagonal entry is rounding noise.</summary>
    const double PivotFloor = 1e-15;

    /// <summary>
    /// h from a (rows (input, site), inputs 2p and 2p+1 a pair) with <paramref name="normals"/> holding the layer's
    /// standard normals, site x's at [x · NormalsPerSite, ...) in (channel, coordinate) order, the bias last.
    /// </summary>
    public static void Apply(float[] a, int[] neighbours, int sites, int taps, int channels, int pairs, double weightScale, double biasScale,
        ReadOnlySpan<float> normals, float[] h, Workspace work)
    {
        if (pairs == 1)
        {
            ApplyOnePair(a, neighbours, sites, taps, channels, weightScale, biasScale, normals, h, work);
            return;
        }
        int m = 2 * pairs, perSite = NormalsPerSite(pairs, channels);
        var siteGram = work.SiteGram(sites * m * m);
        var vectors = work.Vectors(m * channels);
        var gram = work.Gram(m * m);
        var factor = work.Factor(m * m);
        var combined = work.Combined(m);
        // Gram matrices of the channel vectors (u_0, d_0, u_1, d_1, …) site by site; a patch's is the sum over its taps.
        for (int y = 0; y < sites; y++)
        {
            for (int p = 0; p < pairs; p++)
            {
                var first = a.AsSpan(((2 * p) * sites + y) * channels, channels);
                var second = a.AsSpan(((2 * p + 1) * sites + y) * channels, channels);
                for (int c = 0; c < channels; c++)
                {
                    vectors[2 * p * channels + c] = first[c];
                    vectors[(2 * p + 1) * channels + c] = (double)second[c] - first[c];
                }
            }
            var block = siteGram.AsSpan(y * m * m, m * m);
            for (int i = 0; i < m; i++)
                for (int j = 0; j <= i; j++)
                {
                    double dot = 0;
                    for (int c = 0; c < channels; c++) dot += vectors[i * channels + c] * vectors[j * channels + c];
                    block[i * m + j] = block[j * m + i] = dot;
                }
        }
        for (int x = 0; x < sites; x++)
        {
            Array.Clear(gram, 0, m * m);
            for (int tap = 0; tap < taps; tap++)
            {
                var block = siteGram.AsSpan(neighbours[x * taps + tap] * m * m, m * m);
                for (int k = 0; k < m * m; k++) gram[k] += block[k];
            }
            Cholesky(gram, factor, m);
            var z = normals.Slice(x * perSite, perSite);
            for (int c = 0; c < channels; c++)
            {
                var g = z.Slice(c * (m + 1), m + 1);
                for (int i = 0; i < m; i++)
                {
                    double sum = 0;
                    for (int k = 0; k <= i; k++) sum += factor[i * m + k] * g[k];
                    combined[i] = weightScale * sum;
                }
                double bias = biasScale * g[m];
                for (int p = 0; p < pairs; p++)
                {
                    double hu = combined[2 * p] + bias;
                    h[((2 * p) * sites + x) * channels + c] = (float)hu;
                    h[((2 * p + 1) * sites + x) * channels + c] = (float)(hu + combined[2 * p + 1]);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Apply"/> for one pair (what CNN probes run), written out: the Gram matrix is (|u|², u·d, |d|²) and its
    /// factor L = [[√G₀₀, 0], [G₀₁/√G₀₀, √(G₁₁ − G₀₁²/G₀₀)]]; without the general path's gathers and loops over m.
    /// </summary>
    static void ApplyOnePair(float[] a, int[] neighbours, int sites, int taps, int channels, double weightScale, double biasScale,
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
                // The general path's operations in its order: the same numbers to the bit.
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
    internal sealed class Workspace
    {
        double[] siteGram = [], vectors = [], gram = [], factor = [], combined = [];

        static double[] Grow(ref double[] buffer, int length) => buffer.Length >= length ? buffer : buffer = new double[length];

        public double[] SiteGram(int length) => Grow(ref siteGram, length);
        public double[] Vectors(int length) => Grow(ref vectors, length);
        public double[] Gram(int length) => Grow(ref gram, length);
        public double[] Factor(int length) => Grow(ref factor, length);
        public double[] Combined(int length) => Grow(ref combined, length);
    }
}
