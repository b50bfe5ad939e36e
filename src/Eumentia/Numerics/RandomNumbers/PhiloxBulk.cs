using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.RandomNumbers;

/// <summary>Receives the words of a Philox stream in element order: sixteen, eight or one at a time.</summary>
internal interface IPhiloxSink
{
    /// <summary>Elements i .. i+15 of the request (AVX-512 machines only).</summary>
    void Put16(int i, Vector512<uint> words);

    /// <summary>Elements i .. i+7 of the request.</summary>
    void Put8(int i, Vector256<uint> words);

    /// <summary>Element i of the request.</summary>
    void Put1(int i, uint word);
}

/// <summary>
/// Streams the 32-bit words of (seed, stream) from element firstElement on, element e being word e % 4 of
/// block e / 4 (the numbering of <see cref="Philox.FillUniform"/>), into a sink, 128 elements per AVX-512 step
/// (else 64 per AVX2 step). Sinks are structs, so each use compiles to one loop with the consumer inlined (no
/// per-word calls).
/// </summary>
internal static unsafe class PhiloxBulk
{
    /// <summary>
    /// Whether the AVX-512 generator runs where the CPU has it (tests turn it off to keep the AVX2 path
    /// covered; both give the same words). On the AVX-512 host, one thread: masks drawn and applied at 1.24-1.34
    /// G elements/s against the AVX2 generator's 0.67-0.97 (1.35-1.9×; `bench dropout --generator avx512|avx2`).
    /// </summary>
    internal static bool UseAvx512 { get; set; } = PhiloxAvx512.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Generate<TSink>(ulong seed, ulong stream, ulong firstElement, int count, ref TSink sink)
        where TSink : struct, IPhiloxSink
    {
        if (!PhiloxAvx2.IsSupported)
        {
            GenerateScalar(seed, stream, firstElement, count, ref sink);
            return;
        }
        var keys = new PhiloxAvx2.RoundKeys(seed);
        uint* part = stackalloc uint[32];
        int i = 0;
        ulong e = firstElement;
        // Ragged start: take the needed words of the first chunk one by one, until e is a block boundary.
        if ((e & 3) != 0) TakeFromChunk(keys, stream, ref e, ref i, count, part, ref sink);
        if (UseAvx512 && PhiloxAvx512.IsSupported && count - i >= 128)
        {
            var wideKeys = new PhiloxAvx512.RoundKeys(seed);
            for (; count - i >= 128; i += 128, e += 128)
            {
                PhiloxAvx512.Blocks32(wideKeys, stream, e >> 2, out var x0, out var x1, out var x2, out var x3,
                    out var y0, out var y1, out var y2, out var y3);
                Put64(i, x0, x1, x2, x3, ref sink);
                Put64(i + 64, y0, y1, y2, y3, ref sink);
            }
        }
        for (; count - i >= 64; i += 64, e += 64)
        {
            PhiloxAvx2.Blocks16(keys, stream, e >> 2, out var x0, out var x1, out var x2, out var x3,
                out var y0, out var y1, out var y2, out var y3);
            Put32(i, x0, x1, x2, x3, ref sink);
            Put32(i + 32, y0, y1, y2, y3, ref sink);
        }
        for (; count - i >= 32; i += 32, e += 32)
        {
            PhiloxAvx2.Blocks8(keys, stream, e >> 2, out var x0, out var x1, out var x2, out var x3);
            Put32(i, x0, x1, x2, x3, ref sink);
        }
        if (i < count) TakeFromChunk(keys, stream, ref e, ref i, count, part, ref sink);
    }

    /// <summary>Elements i .. i+31 from the words of eight blocks (word w of block j in lane j of xw).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put32<TSink>(int i, Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, ref TSink sink)
        where TSink : struct, IPhiloxSink
    {
        PhiloxAvx2.ToElementOrder(x0, x1, x2, x3, out var e0, out var e1, out var e2, out var e3);
        sink.Put8(i, e0);
        sink.Put8(i + 8, e1);
        sink.Put8(i + 16, e2);
        sink.Put8(i + 24, e3);
    }

    /// <summary>Elements i .. i+63 from the words of sixteen blocks (word w of block j in lane j of xw).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put64<TSink>(int i, Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, ref TSink sink)
        where TSink : struct, IPhiloxSink
    {
        PhiloxAvx512.ToElementOrder(x0, x1, x2, x3, out var e0, out var e1, out var e2, out var e3);
        sink.Put16(i, e0);
        sink.Put16(i + 16, e1);
        sink.Put16(i + 32, e2);
        sink.Put16(i + 48, e3);
    }

    /// <summary>Up to the end of the 32-element chunk holding element e (or of the request), one word at a time.</summary>
    static void TakeFromChunk<TSink>(in PhiloxAvx2.RoundKeys keys, ulong stream, ref ulong e, ref int i, int count, uint* part, ref TSink sink)
        where TSink : struct, IPhiloxSink
    {
        int skip = (int)(e & 3);
        PhiloxAvx2.Blocks8(keys, stream, e >> 2, out var x0, out var x1, out var x2, out var x3);
        PhiloxAvx2.ToElementOrder(x0, x1, x2, x3, out var e0, out var e1, out var e2, out var e3);
        Avx.Store(part, e0); Avx.Store(part + 8, e1); Avx.Store(part + 16, e2); Avx.Store(part + 24, e3);
        int take = Math.Min(32 - skip, count - i);
        for (int j = 0; j < take; j++) sink.Put1(i + j, part[skip + j]);
        i += take;
        e += (ulong)take;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void GenerateScalar<TSink>(ulong seed, ulong stream, ulong firstElement, int count, ref TSink sink)
        where TSink : struct, IPhiloxSink
    {
        int i = 0;
        ulong e = firstElement;
        while (i < count)
        {
            var (a, b, c, d) = Philox.Block(seed, stream, e >> 2);
            for (int w = (int)(e & 3); w < 4 && i < count; w++, i++, e++)
                sink.Put1(i, w switch { 0 => a, 1 => b, 2 => c, _ => d });
        }
    }

    /// <summary>(float)(word >> 8) for eight words: the 24 bits that <see cref="Philox.ToUnitFloat"/> scales by 2^-24.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Top24Bits(Vector256<uint> words) =>
        Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(words, 8).AsInt32());
}

internal readonly unsafe struct WordSink(uint* dest) : IPhiloxSink
{
    public void Put16(int i, Vector512<uint> words) => Vector512.Store(words, dest + i);
    public void Put8(int i, Vector256<uint> words) => Avx.Store(dest + i, words);
    public void Put1(int i, uint word) => dest[i] = word;
}

internal readonly unsafe struct UniformSink(float* dest) : IPhiloxSink
{
    // (word >> 8) · 2^-24, exact in float, as Philox.ToUnitFloat computes it.
    public void Put16(int i, Vector512<uint> words) =>
        Vector512.Store(PhiloxAvx512.Top24Bits(words) * Vector512.Create(1.0f / 16777216f), dest + i);

    public void Put8(int i, Vector256<uint> words) =>
        Avx.Store(dest + i, Avx.Multiply(PhiloxBulk.Top24Bits(words), Vector256.Create(1.0f / 16777216f)));

    public void Put1(int i, uint word) => dest[i] = Philox.ToUnitFloat(word);
}
