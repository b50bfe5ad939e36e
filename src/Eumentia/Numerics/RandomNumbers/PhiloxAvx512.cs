using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.RandomNumbers;

/// <summary>
/// Philox4x32-10 for sixteen consecutive counters at once, one counter per 32-bit lane, bit-identical to
/// <see cref="Philox.Block"/> and <see cref="PhiloxAvx2"/>. The same even/odd-lane multiplies as the AVX2
/// version, on twice the lanes; the carry into the high counter word is an unsigned compare.
/// </summary>
internal static class PhiloxAvx512
{
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>The ten round keys of a seed, broadcast: (k0, k1) of round r at [2r], [2r + 1].</summary>
    [InlineArray(20)]
    public struct RoundKeys
    {
        Vector512<uint> element;

        public RoundKeys(ulong seed)
        {
            uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
            for (int round = 0; round < 10; round++, k0 += Philox.W0, k1 += Philox.W1)
            {
                this[2 * round] = Vector512.Create(k0);
                this[2 * round + 1] = Vector512.Create(k1);
            }
        }
    }

    /// <summary>
    /// Words 0..3 of the blocks for counters counter .. counter+15 (x) and counter+16 .. counter+31 (y), word w
    /// of block i in lane i of xw; the two groups interleaved so that one's multiplies fill the other's latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Blocks32(in RoundKeys keys, ulong stream, ulong counter,
        out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3,
        out Vector512<uint> y0, out Vector512<uint> y1, out Vector512<uint> y2, out Vector512<uint> y3)
    {
        Counters(counter, out x0, out x1);
        Counters(counter + 16, out y0, out y1);
        x2 = y2 = Vector512.Create((uint)stream);
        x3 = y3 = Vector512.Create((uint)(stream >> 32));
        for (int round = 0; round < 10; round++)
        {
            var k0 = keys[2 * round];
            var k1 = keys[2 * round + 1];
            Round(ref x0, ref x1, ref x2, ref x3, k0, k1);
            Round(ref y0, ref y1, ref y2, ref y3, k0, k1);
        }
    }

    /// <summary>Lanes 0..15 of the 64-bit counters counter + lane, split into low and high words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Counters(ulong counter, out Vector512<uint> c0, out Vector512<uint> c1)
    {
        var lo = Vector512.Create((uint)counter);
        c0 = lo + Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        // A lane whose low word wrapped (c0 < lo, unsigned) carries one into the high word: the compare's
        // all-ones lane is −1.
        c1 = Vector512.Create((uint)(counter >> 32)) - Vector512.LessThan(c0, lo);
    }

    /// <summary>One Philox4x32 round on sixteen counters (the scalar round of <see cref="Philox.Block"/>, lane by lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Round(ref Vector512<uint> c0, ref Vector512<uint> c1, ref Vector512<uint> c2, ref Vector512<uint> c3,
        Vector512<uint> k0, Vector512<uint> k1)
    {
        MultiplyWide(c0, Vector512.Create(Philox.M0), out var hi0, out var lo0);
        MultiplyWide(c2, Vector512.Create(Philox.M1), out var hi1, out var lo1);
        var n0 = hi1 ^ c1 ^ k0;
        var n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
    }

    /// <summary>hi:lo = x·m per 32-bit lane, m the same constant in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void MultiplyWide(Vector512<uint> x, Vector512<uint> m, out Vector512<uint> hi, out Vector512<uint> lo)
    {
        var even = Avx512F.Multiply(x, m);                                              // lanes 0,2,..: lo at 2i, hi at 2i+1
        var odd = Avx512F.Multiply(Avx512F.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32(), m); // lanes 1,3,..
        var oddLanes = Vector512.Create(0xFFFFFFFF00000000UL).AsUInt32();
        hi = Vector512.ConditionalSelect(oddLanes, odd.AsUInt32(), Avx512F.ShiftRightLogical(even, 32).AsUInt32());
        lo = Vector512.ConditionalSelect(oddLanes, Avx512F.ShiftLeftLogical(odd, 32).AsUInt32(), even.AsUInt32());
    }

    /// <summary>
    /// Reorders four word vectors (word w of blocks 0..15 in xw) into element order: element 4i + w is word w
    /// of block i, so e0 holds elements 0..15 (blocks 0..3), e1 16..31, e2 32..47, e3 48..63.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToElementOrder(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3,
        out Vector512<uint> e0, out Vector512<uint> e1, out Vector512<uint> e2, out Vector512<uint> e3)
    {
        var a0 = x0.AsSingle(); var a1 = x1.AsSingle(); var a2 = x2.AsSingle(); var a3 = x3.AsSingle();
        // Within each 128-bit lane L (blocks 4L .. 4L+3): u_j gets block 4L + j, its four words in order.
        var t0 = Avx512F.UnpackLow(a0, a1).AsDouble(); var t1 = Avx512F.UnpackHigh(a0, a1).AsDouble();
        var t2 = Avx512F.UnpackLow(a2, a3).AsDouble(); var t3 = Avx512F.UnpackHigh(a2, a3).AsDouble();
        var u0 = Avx512F.UnpackLow(t0, t2).AsSingle();
        var u1 = Avx512F.UnpackHigh(t0, t2).AsSingle();
        var u2 = Avx512F.UnpackLow(t1, t3).AsSingle();
        var u3 = Avx512F.UnpackHigh(t1, t3).AsSingle();
        // Then gather lane L of u0..u3 into e_L: 0x88 takes 128-bit lanes (0, 2) of each operand, 0xDD lanes (1, 3).
        var v0 = Avx512F.Shuffle4x128(u0, u1, 0x88); var v1 = Avx512F.Shuffle4x128(u2, u3, 0x88);
        var w0 = Avx512F.Shuffle4x128(u0, u1, 0xDD); var w1 = Avx512F.Shuffle4x128(u2, u3, 0xDD);
        e0 = Avx512F.Shuffle4x128(v0, v1, 0x88).AsUInt32();
        e1 = Avx512F.Shuffle4x128(w0, w1, 0x88).AsUInt32();
        e2 = Avx512F.Shuffle4x128(v0, v1, 0xDD).AsUInt32();
        e3 = Avx512F.Shuffle4x128(w0, w1, 0xDD).AsUInt32();
    }

    /// <summary>(float)(word >> 8) for sixteen words: the 24 bits that <see cref="Philox.ToUnitFloat"/> scales by 2^-24.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Top24Bits(Vector512<uint> words) =>
        Avx512F.ConvertToVector512Single(Avx512F.ShiftRightLogical(words, 8).AsInt32());
}
