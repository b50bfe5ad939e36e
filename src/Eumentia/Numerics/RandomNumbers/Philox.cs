using System.Runtime.CompilerServices;

namespace Eumentia.Numerics.RandomNumbers;

/// <summary>
/// Philox4x32-10 (Salmon et al., SC'11): a counter-based generator. Every random draw in Eumentia is a
/// pure function of (seed, stream, counter), so the numbers a run sees do not depend on thread count,
/// scheduling or the order in which work is done. Streams name a purpose (init of layer 2, dropout of
/// step 17, ...) and counters index the draws within it.
/// </summary>
public static class Philox
{
    /// <summary>Philox4x32's round multipliers (M0, M1) and key increments (W0, W1), shared with the vector versions.</summary>
    internal const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>One block of four 32-bit words for counter <paramref name="counter"/> in (seed, stream).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint, uint, uint, uint) Block(ulong seed, ulong stream, ulong counter)
    {
        uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = (uint)stream, c3 = (uint)(stream >> 32);
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0; c1 = (uint)p1; c2 = n2; c3 = (uint)p0;
            k0 += W0; k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToUnitFloat(uint bits) => (bits >> 8) * (1.0f / 16777216f);

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToUnitDouble(uint hi, uint lo) => (((ulong)hi << 21) ^ (lo >> 11)) * (1.0 / 9007199254740992.0);

    /// <summary>Fills <paramref name="dest"/> with uniform [0, 1) floats; element i uses word i of the stream.</summary>
    /// <remarks>Element e draws word (e % 4) of block e / 4, so any sub-range gives the same values as the whole.</remarks>
    public static unsafe void FillUniform(ulong seed, ulong stream, ulong firstElement, Span<float> dest)
    {
        fixed (float* d = dest)
        {
            var sink = new UniformSink(d);
            PhiloxBulk.Generate(seed, stream, firstElement, dest.Length, ref sink);
        }
    }

    /// <summary>The raw 32-bit words behind <see cref="FillUniform"/>: element e is word (e % 4) of block e / 4.</summary>
    public static unsafe void FillWords(ulong seed, ulong stream, ulong firstElement, Span<uint> dest)
    {
        fixed (uint* d = dest)
        {
            var sink = new WordSink(d);
            PhiloxBulk.Generate(seed, stream, firstElement, dest.Length, ref sink);
        }
    }

    /// <summary>Fills <paramref name="dest"/> with standard normal draws (Box-Muller in double, one block per pair).</summary>
    public static void FillNormal(ulong seed, ulong stream, ulong firstElement, Span<float> dest)
    {
        for (int i = 0; i < dest.Length; i++)
            dest[i] = (float)Normal(seed, stream, firstElement + (ulong)i);
    }

    /// <summary>The standard normal draw at index <paramref name="element"/> of (seed, stream).</summary>
    public static double Normal(ulong seed, ulong stream, ulong element)
    {
        var (a, b, c, d) = Block(seed, stream, element);
        double u1 = 1.0 - ToUnitDouble(a, b); // (0, 1]: log is finite
        double u2 = ToUnitDouble(c, d);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform double in [0, 1) at index <paramref name="element"/> of (seed, stream).</summary>
    public static double Uniform(ulong seed, ulong stream, ulong element)
    {
        var (a, b, _, _) = Block(seed, stream, element);
        return ToUnitDouble(a, b);
    }

    /// <summary>A deterministic permutation of 0..n-1 (Fisher-Yates driven by the counter sequence).</summary>
    public static int[] Permutation(ulong seed, ulong stream, int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(Uniform(seed, stream, (ulong)i) * (i + 1));
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}

/// <summary>
/// Named streams: one per purpose, so that adding a new kind of draw never shifts an old one.
/// A stream id packs a purpose tag with up to two indices (layer, epoch, step, network, ...).
/// </summary>
public static class RngStream
{
    public const ulong Init = 1, Dropout = 2, Shuffle = 3, Subset = 4, EvalMask = 5, Data = 6, Split = 7, Prune = 8, Teacher = 9, Student = 10;
    /// <summary>Random re-initialisation of a lottery ticket (the baseline).</summary>
    public const ulong Reinit = 11;
    /// <summary>Per-unit shuffles of a lottery ticket's mask (the shuffled baseline).</summary>
    public const ulong PruneShuffle = 12;
    /// <summary>Planted solutions: the learnable values of a teacher built from its own student (solver audits).</summary>
    public const ulong Planted = 13;
    /// <summary>Analysis draws: bootstrap resampling, multi-start points, synthetic validation data.</summary>
    public const ulong Analysis = 40;
    /// <summary>Signal-propagation probes of random networks (criticality study).</summary>
    public const ulong Propagation = 20;
    /// <summary>Bootstrap resampling of weight draws in the criticality analysis.</summary>
    public const ulong Bootstrap = 21;
    /// <summary>Per-site filters of locally connected probes (criticality study): stream (draw, 2·layer + weights/bias), counter by site.</summary>
    public const ulong LocalFilters = 22;
    /// <summary>Pre-activations of probe layers sampled from their conditional law (criticality study): stream (draw, layer), counter by site.</summary>
    public const ulong PreActivations = 23;

    /// <summary>Stream id for (purpose, a, b): 8 bits of purpose, 28 bits each of a and b.</summary>
    public static ulong Of(ulong purpose, long a = 0, long b = 0) =>
        (purpose << 56) | (((ulong)a & 0xFFFFFFF) << 28) | ((ulong)b & 0xFFFFFFF);
}
