using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using System.Numerics.Tensors;
using Eumentia.Training;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// Propagates input pairs through random MLPs and CNNs and records ρ_l = 1 − c_l. All architectures share
/// one layout: the state is a (2·pairs·sites) × channels matrix, rows ordered (input, site), and a layer
/// is im2col over the periodic neighbourhood (identity for an MLP) followed by one GEMM with the
/// (taps·channels) × channels filter — so an MLP is a CNN with one site and one tap. Weight draws run in
/// parallel over the thread budget, each single-threaded; every random number comes from Philox keyed by
/// (seed, draw, layer, kind), so results do not depend on the thread count. With local filters (a locally
/// connected net) each site has its own (taps·channels) × channels filter and bias: site x's are elements
/// [x·n, (x+1)·n) of the layer's own stream, so any site's filter is a pure function of (seed, draw, layer, site).
/// </summary>
public static class SignalProbe
{
    const long WeightKind = 0, BiasKind = 1, DropoutKind = 2, InputKind = 3;

    /// <summary>
    /// Runs the probe. <paramref name="activation"/>: a user-supplied φ (<see cref="Theory.Activation.Custom"/>) whose
    /// name the config carries; null for the built-in the config names.
    /// </summary>
    public static ProbeResult Run(ProbeConfig config, Action<int>? onDrawDone = null, CancellationToken cancel = default,
        Theory.Activation? activation = null)
    {
        var errors = config.Validate(activation);
        if (errors.Count > 0) throw new UsageException($"invalid probe: {string.Join("; ", errors)}");
        var perDraw = new double[config.Draws][];
        var phi = ProbeActivation.For(ProbeActivation.Resolve(config.Activation, activation));
        int[] neighbours = Neighbourhood(config);
        Ensemble.ForEach(config.Draws, d =>
        {
            cancel.ThrowIfCancellationRequested();
            perDraw[d] = PropagateDraw(config, phi, neighbours, d, cancel);
            onDrawDone?.Invoke(d);
        }, cancel);
        return new ProbeResult(config, perDraw);
    }

    static ulong Stream(int draw, int layer, long kind) => RngStream.Of(RngStream.Propagation, draw, layer * 4L + kind);

    static double[] PropagateDraw(ProbeConfig config, ProbeActivation.Kernel phi, int[] neighbours, int draw, CancellationToken cancel)
    {
        int channels = config.Width, sites = config.Sites, taps = config.Taps;
        int rows = 2 * config.Pairs * sites, fanIn = taps * channels;
        var h = new float[rows * channels];
        var a = new float[rows * channels];
        bool sampled = config.SamplesPreActivations;
        var columns = taps == 1 || sampled ? null : new float[rows * fanIn];
        int filters = sampled ? 0 : config.LocalFilters ? sites : 1;
        var weights = new float[filters * channels * fanIn];
        var bias = new float[filters * channels];
        var normals = sampled ? new float[sites * PreActivationSampler.NormalsPerSite(channels)] : null;
        var work = new PreActivationSampler.Workspace();
        var mask = config.Keep < 1 ? new float[rows * channels] : null;
        var rho = new double[config.Depth + 1];

        InitialPairs(config, draw, h);
        rho[0] = MeanRho(h, config.Pairs, sites, channels);
        for (int layer = 1; layer <= config.Depth; layer++)
        {
            if ((layer & 63) == 0) cancel.ThrowIfCancellationRequested();
            phi(h, a);
            if (mask is not null) ApplyDropout(config, draw, layer, mask, a);
            if (normals is not null)
            {
                GaussianFill.Fill(config.Seed, RngStream.Of(RngStream.PreActivations, draw, layer), 0, 1.0, normals);
                PreActivationSampler.Apply(a, neighbours, sites, taps, channels, config.SigmaW / Math.Sqrt(fanIn), config.SigmaB,
                    normals, h, work);
            }
            else
            {
                DrawLayer(config, draw, layer, weights, bias);
                if (filters == 1) Linear(a, columns, neighbours, weights, bias, h, sites, taps, channels);
                else LocalLinear(a, columns, neighbours, weights, bias, h, sites, taps, channels);
            }
            rho[layer] = MeanRho(h, config.Pairs, sites, channels);
        }
        return rho;
    }

    /// <summary>
    /// Layer <paramref name="layer"/>'s filters and biases: one of each (shared), or one per site (local) in site
    /// order, weights N(0, σ_w² / fan-in), biases N(0, σ_b²). Local filters come from streams of their own, so the
    /// shared draws stay what they always were.
    /// </summary>
    internal static void DrawLayer(ProbeConfig config, int draw, int layer, float[] weights, float[] bias)
    {
        double weightScale = config.SigmaW / Math.Sqrt(config.Taps * config.Width);
        bool local = config.LocalFilters;
        ulong weightStream = local ? RngStream.Of(RngStream.LocalFilters, draw, layer * 2L) : Stream(draw, layer, WeightKind);
        ulong biasStream = local ? RngStream.Of(RngStream.LocalFilters, draw, layer * 2L + 1) : Stream(draw, layer, BiasKind);
        GaussianFill.Fill(config.Seed, weightStream, 0, weightScale, weights);
        GaussianFill.Fill(config.Seed, biasStream, 0, config.SigmaB, bias);
    }

    /// <summary>
    /// h = W ⋆ a + b: im2col over the periodic neighbourhood (skipped for one tap), then one GEMM with the
    /// filter stored (taps·channels) × channels — iid entries, so the layout is free, and this one streams
    /// rows of B in the GEMM's inner loop.
    /// </summary>
    internal static void Linear(float[] a, float[]? columns, int[] neighbours, float[] weights, float[] bias, float[] h,
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
    internal static void LocalLinear(float[] a, float[]? columns, int[] neighbours, float[] weights, float[] bias, float[] h,
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

    /// <summary>Inverted dropout, independent per input: keep with probability k and scale by 1/k.</summary>
    static void ApplyDropout(ProbeConfig config, int draw, int layer, float[] mask, float[] a)
    {
        Philox.FillUniform(config.Seed, Stream(draw, layer, DropoutKind), 0, mask);
        float keep = (float)config.Keep, scale = 1f / keep;
        for (int i = 0; i < a.Length; i++) a[i] = mask[i] < keep ? a[i] * scale : 0f;
    }

    /// <summary>
    /// Each (pair, site) gets two channel vectors of squared length channels·q₀ and cosine exactly 1 − ρ₀
    /// (Gram–Schmidt on two normal draws, in double).
    /// </summary>
    static void InitialPairs(ProbeConfig config, int draw, float[] h)
    {
        int channels = config.Width, sites = config.Sites;
        double c0 = 1 - config.InitialRho, radius = Math.Sqrt(channels * config.InitialLength);
        double orthogonal = Math.Sqrt(Math.Max(0, 1 - c0 * c0));
        var z = new float[2 * channels];
        var e1 = new double[channels];
        var e2 = new double[channels];
        ulong stream = Stream(draw, 0, InputKind);
        for (int p = 0; p < config.Pairs; p++)
            for (int x = 0; x < sites; x++)
            {
                GaussianFill.Fill(config.Seed, stream, (ulong)(p * sites + x) * (ulong)(2 * channels), 1.0, z);
                double n1 = 0, dot = 0, n2 = 0;
                for (int i = 0; i < channels; i++) n1 += (double)z[i] * z[i];
                for (int i = 0; i < channels; i++) e1[i] = z[i] / Math.Sqrt(n1);
                for (int i = 0; i < channels; i++) dot += e1[i] * z[channels + i];
                for (int i = 0; i < channels; i++) e2[i] = z[channels + i] - dot * e1[i];
                for (int i = 0; i < channels; i++) n2 += e2[i] * e2[i];
                var rowA = h.AsSpan(((2 * p) * sites + x) * channels, channels);
                var rowB = h.AsSpan(((2 * p + 1) * sites + x) * channels, channels);
                for (int i = 0; i < channels; i++)
                {
                    rowA[i] = (float)(radius * e1[i]);
                    rowB[i] = (float)(radius * (c0 * e1[i] + orthogonal * e2[i] / Math.Sqrt(n2)));
                }
            }
    }

    /// <summary>ρ averaged over the pairs and sites of the state.</summary>
    static double MeanRho(float[] h, int pairs, int sites, int channels)
    {
        double sum = 0;
        for (int p = 0; p < pairs; p++)
            for (int x = 0; x < sites; x++)
                sum += Rho(h.AsSpan(((2 * p) * sites + x) * channels, channels), h.AsSpan(((2 * p + 1) * sites + x) * channels, channels));
        return sum / (pairs * sites);
    }

    /// <summary>
    /// 1 − cos(a, b) = (|a − b|² − (|a| − |b|)²) / (2 |a| |b|), in double: no cancellation as a → b, and 0
    /// when the two signals have merged (the absorbing state) or both vanished.
    /// </summary>
    internal static double Rho(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double aa = 0, bb = 0, dd = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i], y = b[i], d = x - y;
            aa += x * x;
            bb += y * y;
            dd += d * d;
        }
        if (dd == 0) return 0;
        if (aa == 0 || bb == 0) return 1; // one signal vanished: no correlation to speak of
        double na = Math.Sqrt(aa), nb = Math.Sqrt(bb);
        return Math.Clamp((dd - (na - nb) * (na - nb)) / (2 * na * nb), 0.0, 2.0);
    }

    /// <summary>Neighbour site of (site, tap) under periodic boundaries, at [site · taps + tap]; taps in row-major filter order.</summary>
    internal static int[] Neighbourhood(ProbeConfig config)
    {
        int sites = config.Sites, taps = config.Taps, size = config.Size, radius = config.Kernel / 2;
        var table = new int[sites * taps];
        if (config.Dimensions == 0) return table; // one site, one tap: itself
        for (int site = 0; site < sites; site++)
        {
            int tap = 0;
            if (config.Dimensions == 1)
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
    static void Im2Col(float[] a, float[] columns, int[] neighbours, int sites, int taps, int channels)
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
