using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.RandomNumbers;

/// <summary>
/// Philox4x32-10 for eight consecutive counters at once, one counter per 32-bit lane, bit-identical to
/// <see cref="Philox.Block"/>. AVX2 has no 32×32→64 multiply across all lanes, so each round multiplies the
/// even lanes and the odd lanes separately (vpmuludq) and blends the high and low halves back together.
/// </summary>
internal static class PhiloxAvx2
{
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>The ten round keys of a seed, broadcast: (k0, k1) of round r at [2r], [2r + 1].</summary>
    [InlineArray(20)]
    public struct RoundKeys
    {
        Vector256<uint> element;

        public RoundKeys(ulong seed)
        {
            uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
            for (int round = 0; round < 10; round++, k0 += Philox.W0, k1 += Philox.W1)
            {
                this[2 * round] = Vector256.Create(k0);
                this[2 * round + 1] = Vector256.Create(k1);
            }
        }
    }

    /// <summary>Words 0..3 of the blocks for counters counter .. counter+7, word w of block i in lane i of xw.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Blocks8(in RoundKeys keys, ulong stream, ulong counter,
        out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
    {
        Counters(counter, out x0, out x1);
        x2 = Vector256.Create((uint)stream);
        x3 = Vector256.Create((uint)(stream >> 32));
        for (int round = 0; round < 10; round++)
            Round(ref x0, ref x1, ref x2, ref x3, keys[2 * round], keys[2 * round + 1]);
    }

    /// <summary>
    /// <see cref="Blocks8"/> for counters counter .. counter+7 (x) and counter+8 .. counter+15 (y), the two
    /// interleaved so that one group's multiplies fill the other's latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Blocks16(in RoundKeys keys, ulong stream, ulong counter,
        out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3,
        out Vector256<uint> y0, out Vector256<uint> y1, out Vector256<uint> y2, out Vector256<uint> y3)
    {
        Counters(counter, out x0, out x1);
        Counters(counter + 8, out y0, out y1);
        x2 = y2 = Vector256.Create((uint)stream);
        x3 = y3 = Vector256.Create((uint)(stream >> 32));
        for (int round = 0; round < 10; round++)
        {
            var k0 = keys[2 * round];
            var k1 = keys[2 * round + 1];
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1);
            Round(ref y0, ref y1, ref y2, ref y3, k0, k1);
        }
    }

    /// <summary>Lanes 0..7 of the 64-bit counters counter + lane, split into low and high words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Counters(ulong counter, out Vector256<uint> c0, out Vector256<uint> c1)
    {
        var lo = Vector256.Create((uint)counter);
        c0 = Avx2.Add(lo, Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7));
        // Carry into the high word for the lanes whose low word wrapped (c0 < lo as unsigned).
        var sign = Vector256.Create(0x80000000u);
        var wrapped = Avx2.CompareGreaterThan(Avx2.Xor(lo, sign).AsInt32(), Avx2.Xor(c0, sign).AsInt32()).AsUInt32();
        c1 = Avx2.Subtract(Vector256.Create((uint)(counter >> 32)), wrapped);
    }

    /// <summary>One Philox4x32 round on eight counters (the scalar round of <see cref="Philox.Block"/>, lane by lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Round(ref Vector256<uint> c0, ref Vector256<uint> c1, ref Vector256<uint> c2, ref Vector256<uint> c3,
        Vector256<uint> k0, Vector256<uint> k1)
    {
        MultiplyWide(c0, Vector256.Create(Philox.M0), out var hi0, out var lo0);
        MultiplyWide(c2, Vector256.Create(Philox.M1), out var hi1, out var lo1);
        var n0 = Avx2.Xor(Avx2.Xor(hi1, c1), k0);
        var n2 = Avx2.Xor(Avx2.Xor(hi0, c3), k1);
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }

    /// <summary>hi:lo = x·m per 32-bit lane, m the same constant in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MultiplyWide(Vector256<uint> x, Vector256<uint> m, out Vector256<uint> hi, out Vector256<uint> lo)
    {
        var even = Avx2.Multiply(x, m).AsUInt32();                                                   // lanes 0,2,4,6: lo at 2i, hi at 2i+1
        var odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32(), m).AsUInt32(); // lanes 1,3,5,7
        hi = Avx2.Blend(Avx2.ShiftRightLogical(even.AsUInt64(), 32).AsUInt32(), odd, 0b10101010);
        lo = Avx2.Blend(even, Avx2.ShiftLeftLogical(odd.AsUInt64(), 32).AsUInt32(), 0b10101010);
    }

    /// <summary>
    /// Reorders four word vectors (word w of blocks 0..7 in xw) into element order: element 4i + w is word w of
    /// block i, so e0 holds elements 0..7, e1 8..15, e2 16..23, e3 24..31.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToElementOrder<T>(Vector256<T> x0, Vector256<T> x1, Vector256<T> x2, Vector256<T> x3,
        out Vector256<T> e0, out Vector256<T> e1, out Vector256<T> e2, out Vector256<T> e3)
    {
        var a0 = x0.AsSingle(); var a1 = x1.AsSingle(); var a2 = x2.AsSingle(); var a3 = x3.AsSingle();
        var t0 = Avx.UnpackLow(a0, a1); var t1 = Avx.UnpackHigh(a0, a1);
        var t2 = Avx.UnpackLow(a2, a3); var t3 = Avx.UnpackHigh(a2, a3);
        var u0 = Avx.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle();  // blocks 0 | 4
        var u1 = Avx.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle(); // blocks 1 | 5
        var u2 = Avx.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle();  // blocks 2 | 6
        var u3 = Avx.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle(); // blocks 3 | 7
        e0 = Avx.Permute2x128(u0, u1, 0x20).As<float, T>();
        e1 = Avx.Permute2x128(u2, u3, 0x20).As<float, T>();
        e2 = Avx.Permute2x128(u0, u1, 0x31).As<float, T>();
        e3 = Avx.Permute2x128(u2, u3, 0x31).As<float, T>();
    }
}
