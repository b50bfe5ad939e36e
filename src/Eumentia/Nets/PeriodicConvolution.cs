using System.Numerics.Tensors;
using Eumentia.Numerics.LinearAlgebra;

namespace Eumentia.Nets;

/// <summary>
/// Convolutional layers on periodic lattices (a ring or a torus) in one layout with the MLP's: the state is an
/// (inputs·sites) × channels matrix, rows ordered (input, site); a layer is im2col over each site's periodic
/// neighbourhood followed by one GEMM with the (taps·channels) × channels filter (shared: a CNN), or one filter per
/// site (local: a locally connected net). An MLP layer is the case of one site and one tap, where im2col is the identity.
/// </summary>
public static class PeriodicConvolution
{
    /// <summary>
    /// h = W ⋆ a + b: im2col over the periodic neighbourhood (skipped for one tap), then one GEMM with the
    /// filter stored (taps·channels) × channels — iid entries, so the layout is free, and this one streams
    /// rows of B in the GEMM's inner loop.
    /// </summary>
    public static void Linear(float[] a, float[]? columns, int[] neighbours, float[] weights, float[] bias, float[] h,
        int sites, int taps, int channels)
    {
        int rows = a.Length / channels, fanIn = taps * channels;
        if (columns is not null) Im2Col(a, columns, neighbours, sites, taps, channels);
        Gemm.Multiply(Op.None, Op.None, rows, channels, fanIn, 1f, columns ?? a, fanIn, weights, channels, 0f, h, channels);
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(h.AsSpan(r * channels, channels), bias, h.AsSpan(r * channels, channels));
    }

    /// <summary>
    /// The locally connected layer: h[(input, x), c] = Σ_j columns[(input, x), j] · W_x[c, j] + b_x[c], with site x's
    /// filter W_x stored channels × (taps·channels) at x·channels·fan-in (iid entries: the layout is free, and this
    /// one makes every output a dot product of two contiguous rows).
    /// </summary>
    public static void LocalLinear(float[] a, float[]? columns, int[] neighbours, float[] weights, float[] bias, float[] h,
        int sites, int taps, int channels)
    {
        int rows = a.Length / channels, fanIn = taps * channels, inputs = rows / sites;
        if (columns is not null) Im2Col(a, columns, neighbours, sites, taps, channels);
        else columns = a; // one tap: every site sees only itself
        for (int x = 0; x < sites; x++)
        {
            var filter = weights.AsSpan(x * channels * fanIn, channels * fanIn);
            for (int s = 0; s < inputs; s++)
            {
                int row = s * sites + x;
                var column = columns.AsSpan(row * fanIn, fanIn);
                for (int c = 0; c < channels; c++)
                    h[row * channels + c] = TensorPrimitives.Dot(column, filter.Slice(c * fanIn, fanIn)) + bias[x * channels + c];
            }
        }
    }

    /// <summary>Neighbour site of (site, tap) under periodic boundaries, at [site · taps + tap]; taps in row-major filter order.</summary>
    /// <param name="dimensions">0 (an MLP: one site, one tap), 1 (a ring of <paramref name="size"/> sites) or 2 (a size × size torus).</param>
    /// <param name="kernel">The filter's side (odd); taps = kernel^dimensions.</param>
    public static int[] Neighbourhood(int dimensions, int size, int kernel)
    {
        int sites = dimensions == 0 ? 1 : dimensions == 1 ? size : size * size;
        int taps = dimensions == 0 ? 1 : dimensions == 1 ? kernel : kernel * kernel, radius = kernel / 2;
        var table = new int[sites * taps];
        if (dimensions == 0) return table; // one site, one tap: itself
        for (int site = 0; site < sites; site++)
        {
            int tap = 0;
            if (dimensions == 1)
                for (int dx = -radius; dx <= radius; dx++)
                    table[site * taps + tap++] = Wrap(site + dx, size);
            else
            {
                int row = site / size, col = site % size;
                for (int dy = -radius; dy <= radius; dy++)
                    for (int dx = -radius; dx <= radius; dx++)
                        table[site * taps + tap++] = Wrap(row + dy, size) * size + Wrap(col + dx, size);
            }
        }
        return table;
    }

    static int Wrap(int i, int n) => ((i % n) + n) % n;

    /// <summary>columns[(input, site), tap·C + c] = a[(input, neighbour(site, tap)), c].</summary>
    public static void Im2Col(float[] a, float[] columns, int[] neighbours, int sites, int taps, int channels)
    {
        int inputs = a.Length / (sites * channels), fanIn = taps * channels;
        for (int s = 0; s < inputs; s++)
            for (int site = 0; site < sites; site++)
            {
                var destination = columns.AsSpan((s * sites + site) * fanIn, fanIn);
                for (int tap = 0; tap < taps; tap++)
                    a.AsSpan((s * sites + neighbours[site * taps + tap]) * channels, channels).CopyTo(destination.Slice(tap * channels, channels));
            }
    }
}
