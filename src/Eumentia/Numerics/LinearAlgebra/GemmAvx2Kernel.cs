using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// The AVX2+FMA micro-kernel: a 6×16 tile of C in twelve ymm accumulators (BLIS's Haswell/Zen shape), each
/// reduction step one pair of B loads, six A broadcasts and twelve FMAs, so that the two FMA pipes stay busy
/// and 12 independent chains hide the 4-cycle FMA latency. Edge tiles run the same loop specialised for
/// fewer rows and/or one column vector (generic struct arguments make the JIT emit one loop per shape with no
/// branches inside), so small MLP shapes (m = 32, n = 100, ...) waste no FMAs on padding.
/// </summary>
internal readonly struct Avx2Kernel : ITileKernel
{
    public static int MR => 6;
    public static int NR => 16;
    public static bool APanelOuter => false;
    public static int BlockRows => GemmPlan.DefaultMC;
    public static int BlockColumns => GemmPlan.DefaultNC;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(int kc, in APanel a, in BPanel b, in CTile c)
    {
        if (c.Cols > 8) TileOfWidth<TwoVectors>(kc, a, b, c);
        else TileOfWidth<OneVector>(kc, a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileOfWidth<TCols>(int kc, in APanel a, in BPanel b, in CTile c) where TCols : struct, IConstant
    {
        switch (c.Rows)
        {
            case 6: Run<Rows6, TCols>(kc, a, b, c); break;
            case 5: Run<Rows5, TCols>(kc, a, b, c); break;
            case 4: Run<Rows4, TCols>(kc, a, b, c); break;
            case 3: Run<Rows3, TCols>(kc, a, b, c); break;
            case 2: Run<Rows2, TCols>(kc, a, b, c); break;
            default: Run<Rows1, TCols>(kc, a, b, c); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Run<TRows, TCols>(int kc, in APanel a, in BPanel b, in CTile c)
        where TRows : struct, IConstant where TCols : struct, IConstant
    {
        int rows = TRows.Value;
        bool wide = TCols.Value == 2;
        nint rs = a.RowStride, cs = a.ColStride, bs = b.RowStride;
        float* a0 = a.Ptr, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs;
        float* bp = b.Ptr;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Start fetching the C tile now: it is needed only after the loop, and a tile's rows are usually far
        // away in memory (C is touched once per reduction block), so the miss latency hides behind the FMAs.
        PrefetchRow(c, 0);
        if (rows > 1) PrefetchRow(c, 1);
        if (rows > 2) PrefetchRow(c, 2);
        if (rows > 3) PrefetchRow(c, 3);
        if (rows > 4) PrefetchRow(c, 4);
        if (rows > 5) PrefetchRow(c, 5);
        nint ai = 0;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Avx.LoadVector256(bp);
            var b1 = wide ? Avx.LoadVector256(bp + 8) : default;
            Step(a0 + ai, b0, b1, wide, ref c00, ref c01);
            if (rows > 1) Step(a1 + ai, b0, b1, wide, ref c10, ref c11);
            if (rows > 2) Step(a2 + ai, b0, b1, wide, ref c20, ref c21);
            if (rows > 3) Step(a3 + ai, b0, b1, wide, ref c30, ref c31);
            if (rows > 4) Step(a4 + ai, b0, b1, wide, ref c40, ref c41);
            if (rows > 5) Step(a5 + ai, b0, b1, wide, ref c50, ref c51);
            ai += cs;
            bp += bs;
        }

        if (c.Cols >= (wide ? 16 : 8))
        {
            Store(c.Ptr, c00, c01, wide, c);
            if (rows > 1) Store(c.Ptr + c.Ldc, c10, c11, wide, c);
            if (rows > 2) Store(c.Ptr + 2 * c.Ldc, c20, c21, wide, c);
            if (rows > 3) Store(c.Ptr + 3 * c.Ldc, c30, c31, wide, c);
            if (rows > 4) Store(c.Ptr + 4 * c.Ldc, c40, c41, wide, c);
            if (rows > 5) Store(c.Ptr + 5 * c.Ldc, c50, c51, wide, c);
        }
        else
        {
            // Through a scratch tile, so that no accumulator is live across the call that merges it: a call
            // clobbers every vector register, and the JIT would otherwise spill the accumulators inside the
            // main loop (3x slower).
            float* tmp = stackalloc float[6 * 16];
            Avx.Store(tmp, c00); Avx.Store(tmp + 8, c01);
            Avx.Store(tmp + 16, c10); Avx.Store(tmp + 24, c11);
            Avx.Store(tmp + 32, c20); Avx.Store(tmp + 40, c21);
            Avx.Store(tmp + 48, c30); Avx.Store(tmp + 56, c31);
            Avx.Store(tmp + 64, c40); Avx.Store(tmp + 72, c41);
            Avx.Store(tmp + 80, c50); Avx.Store(tmp + 88, c51);
            StorePartial(tmp, c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void PrefetchRow(in CTile c, int row)
    {
        float* p = c.Ptr + row * c.Ldc;
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + 15);
    }

    /// <summary>One row of the tile, one reduction step: acc += A(r, p) · B(p, 0..15).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Step(float* a, Vector256<float> b0, Vector256<float> b1, bool wide, ref Vector256<float> lo, ref Vector256<float> hi)
    {
        var x = Avx.BroadcastScalarToVector256(a);
        lo = Fma.MultiplyAdd(x, b0, lo);
        if (wide) hi = Fma.MultiplyAdd(x, b1, hi);
    }

    /// <summary>C row = alpha·acc + beta·C row, one rounding for the beta term (FMA), C unread when beta = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* dst, Vector256<float> lo, Vector256<float> hi, bool wide, in CTile c)
    {
        var va = Vector256.Create(c.Alpha);
        if (c.Beta == 0)
        {
            Avx.Store(dst, Avx.Multiply(lo, va));
            if (wide) Avx.Store(dst + 8, Avx.Multiply(hi, va));
        }
        else
        {
            var vb = Vector256.Create(c.Beta);
            Avx.Store(dst, Fma.MultiplyAdd(vb, Avx.LoadVector256(dst), Avx.Multiply(lo, va)));
            if (wide) Avx.Store(dst + 8, Fma.MultiplyAdd(vb, Avx.LoadVector256(dst + 8), Avx.Multiply(hi, va)));
        }
    }

    /// <summary>
    /// The same arithmetic as <see cref="Store"/>, lane by lane, for a tile cut short by the right edge of C
    /// (<paramref name="acc"/>: the accumulators, 16 floats per row).
    /// </summary>
    static unsafe void StorePartial(float* acc, in CTile c)
    {
        for (int r = 0; r < c.Rows; r++)
        {
            float* dst = c.Ptr + r * c.Ldc, src = acc + 16 * r;
            if (c.Beta == 0)
                for (int j = 0; j < c.Cols; j++) dst[j] = src[j] * c.Alpha;
            else
                for (int j = 0; j < c.Cols; j++) dst[j] = MathF.FusedMultiplyAdd(c.Beta, dst[j], src[j] * c.Alpha);
        }
    }
}

/// <summary>A compile-time integer for specialising kernels through generic struct arguments.</summary>
internal interface IConstant { static abstract int Value { get; } }
internal readonly struct Rows1 : IConstant { public static int Value => 1; }
internal readonly struct Rows2 : IConstant { public static int Value => 2; }
internal readonly struct Rows3 : IConstant { public static int Value => 3; }
internal readonly struct Rows4 : IConstant { public static int Value => 4; }
internal readonly struct Rows5 : IConstant { public static int Value => 5; }
internal readonly struct Rows6 : IConstant { public static int Value => 6; }
internal readonly struct OneVector : IConstant { public static int Value => 1; }
internal readonly struct TwoVectors : IConstant { public static int Value => 2; }
