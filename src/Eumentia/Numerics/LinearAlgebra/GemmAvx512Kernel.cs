using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// The AVX-512 micro-kernel: a 12×32 tile of C in 24 zmm accumulators (two 16-lane vectors per row), each
/// reduction step two B loads, twelve A broadcasts and 24 FMAs. 24 independent chains cover the two FMA pipes'
/// 4-cycle latency three times over, and the 14 loads per step fit the two load ports with room to spare;
/// 24 + 2 + 1 of the 32 zmm registers are live, so nothing spills. Each element of C is the same chain of
/// FMAs, over p in increasing order from zero, as in <see cref="Avx2Kernel"/>, so the two kernels agree to the
/// bit. Edge tiles run the loop specialised for fewer rows and/or one vector (generic struct arguments, one
/// loop per shape, no branches inside); columns past the edge are cut off by masked stores, never computed
/// into memory.
/// </summary>
internal readonly struct Avx512Kernel : ITileKernel
{
    public static int MR => 12;
    public static int NR => 32;

    /// <summary>
    /// A kc×32 B micro-panel (48 KiB at kc = 384) fills a Sapphire Rapids L1d, so the A micro-panel (18 KiB) is
    /// the one kept there, and B blocks of 512 columns (768 KiB) stay in the 2 MiB L2. Measured against the
    /// BLIS order in one process, alternating (n = 1024 and 2048, 1 thread): +2 to +9 %; B blocks of 2048
    /// columns (3 MiB) cost 15 % at n = 2048. A blocks of up to 2052 rows (3 MiB, in L3) are packed once per
    /// reduction block instead of once per B block: n = 2048, 154 against 125 GFLOP/s with 144 rows on one
    /// thread, 247 against 220 on two (`bench gemm-plans`, five alternating rounds); 2052 rather than 2040 makes
    /// n = 2048 one block: 2.5-3 % faster than 2040 + 8 rows or 1032 + 1016, which pack every B block twice.
    /// </summary>
    public static bool APanelOuter => true;
    public static int BlockRows => 2052;
    public static int BlockColumns => 512;

    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>
    /// How many reduction steps ahead the kernel prefetches its B stream into L1. The B micro-panel comes from
    /// L2 (the A micro-panel holds L1), and the hardware's L1 prefetcher fetches only the next line; 8 steps
    /// (1 KiB of a packed panel) measured 1.5-4 % faster than none at n = 1024 and 2048 on one thread, 4 and 12
    /// steps no better (`bench gemm-plans`, alternating).
    /// </summary>
    const int BPrefetchSteps = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(int kc, in APanel a, in BPanel b, in CTile c)
    {
        if (c.Cols > 16) TileOfWidth<TwoVectors>(kc, a, b, c);
        else TileOfWidth<OneVector>(kc, a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileOfWidth<TCols>(int kc, in APanel a, in BPanel b, in CTile c) where TCols : struct, IConstant
    {
        if (a.RowStride == 1) TileOfShape<TCols, AdjacentRows>(kc, a, b, c);
        else TileOfShape<TCols, StridedRows>(kc, a, b, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TileOfShape<TCols, TRowLayout>(int kc, in APanel a, in BPanel b, in CTile c)
        where TCols : struct, IConstant where TRowLayout : struct, IConstant
    {
        switch (c.Rows)
        {
            case 12: Run<Rows12, TCols, TRowLayout>(kc, a, b, c); break;
            case 11: Run<Rows11, TCols, TRowLayout>(kc, a, b, c); break;
            case 10: Run<Rows10, TCols, TRowLayout>(kc, a, b, c); break;
            case 9: Run<Rows9, TCols, TRowLayout>(kc, a, b, c); break;
            case 8: Run<Rows8, TCols, TRowLayout>(kc, a, b, c); break;
            case 7: Run<Rows7, TCols, TRowLayout>(kc, a, b, c); break;
            case 6: Run<Rows6, TCols, TRowLayout>(kc, a, b, c); break;
            case 5: Run<Rows5, TCols, TRowLayout>(kc, a, b, c); break;
            case 4: Run<Rows4, TCols, TRowLayout>(kc, a, b, c); break;
            case 3: Run<Rows3, TCols, TRowLayout>(kc, a, b, c); break;
            case 2: Run<Rows2, TCols, TRowLayout>(kc, a, b, c); break;
            default: Run<Rows1, TCols, TRowLayout>(kc, a, b, c); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Run<TRows, TCols, TRowLayout>(int kc, in APanel a, in BPanel b, in CTile c)
        where TRows : struct, IConstant where TCols : struct, IConstant where TRowLayout : struct, IConstant
    {
        int rows = TRows.Value;
        bool wide = TCols.Value == 2;
        // Adjacent rows (a packed panel, or Aᵀ read in place) are constant offsets from one pointer: twelve row
        // pointers of a strided A need more general registers than x64 has, and the JIT reloads five of them
        // from the stack every step.
        nint rs = TRowLayout.Value == AdjacentRows.Value ? 1 : a.RowStride, cs = a.ColStride, bs = b.RowStride;
        float* ap = a.Ptr, bp = b.Ptr;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default,
            c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
        // Start fetching the C tile now: it is needed only after the loop, and its rows are usually far apart
        // in memory (C is touched once per reduction block), so the misses hide behind the FMAs.
        for (int r = 0; r < rows; r++) PrefetchRow(c, r, wide);
        nint ahead = BPrefetchSteps * bs;
        for (int p = 0; p < kc; p++)
        {
            Sse.Prefetch0(bp + ahead);
            if (wide) Sse.Prefetch0(bp + ahead + 16);
            var b0 = Vector512.Load(bp);
            var b1 = wide ? Vector512.Load(bp + 16) : default;
            Step(ap, b0, b1, wide, ref c00, ref c01);
            if (rows > 1) Step(ap + rs, b0, b1, wide, ref c10, ref c11);
            if (rows > 2) Step(ap + 2 * rs, b0, b1, wide, ref c20, ref c21);
            if (rows > 3) Step(ap + 3 * rs, b0, b1, wide, ref c30, ref c31);
            if (rows > 4) Step(ap + 4 * rs, b0, b1, wide, ref c40, ref c41);
            if (rows > 5) Step(ap + 5 * rs, b0, b1, wide, ref c50, ref c51);
            if (rows > 6) Step(ap + 6 * rs, b0, b1, wide, ref c60, ref c61);
            if (rows > 7) Step(ap + 7 * rs, b0, b1, wide, ref c70, ref c71);
            if (rows > 8) Step(ap + 8 * rs, b0, b1, wide, ref c80, ref c81);
            if (rows > 9) Step(ap + 9 * rs, b0, b1, wide, ref c90, ref c91);
            if (rows > 10) Step(ap + 10 * rs, b0, b1, wide, ref c100, ref c101);
            if (rows > 11) Step(ap + 11 * rs, b0, b1, wide, ref c110, ref c111);
            ap += cs;
            bp += bs;
        }

        // Lanes past the tile's last column are masked out of every load and store of C (a masked-out lane
        // neither faults nor writes), so a short tile needs no scratch copy.
        var lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var cols = Vector512.Create(c.Cols);
        var maskLo = Vector512.LessThan(lanes, cols).AsSingle();
        var maskHi = Vector512.LessThan(lanes + Vector512.Create(16), cols).AsSingle();
        Store(c.Ptr, c00, c01, wide, maskLo, maskHi, c);
        if (rows > 1) Store(c.Ptr + c.Ldc, c10, c11, wide, maskLo, maskHi, c);
        if (rows > 2) Store(c.Ptr + 2 * c.Ldc, c20, c21, wide, maskLo, maskHi, c);
        if (rows > 3) Store(c.Ptr + 3 * c.Ldc, c30, c31, wide, maskLo, maskHi, c);
        if (rows > 4) Store(c.Ptr + 4 * c.Ldc, c40, c41, wide, maskLo, maskHi, c);
        if (rows > 5) Store(c.Ptr + 5 * c.Ldc, c50, c51, wide, maskLo, maskHi, c);
        if (rows > 6) Store(c.Ptr + 6 * c.Ldc, c60, c61, wide, maskLo, maskHi, c);
        if (rows > 7) Store(c.Ptr + 7 * c.Ldc, c70, c71, wide, maskLo, maskHi, c);
        if (rows > 8) Store(c.Ptr + 8 * c.Ldc, c80, c81, wide, maskLo, maskHi, c);
        if (rows > 9) Store(c.Ptr + 9 * c.Ldc, c90, c91, wide, maskLo, maskHi, c);
        if (rows > 10) Store(c.Ptr + 10 * c.Ldc, c100, c101, wide, maskLo, maskHi, c);
        if (rows > 11) Store(c.Ptr + 11 * c.Ldc, c110, c111, wide, maskLo, maskHi, c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void PrefetchRow(in CTile c, int row, bool wide)
    {
        float* p = c.Ptr + row * c.Ldc;
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + (wide ? 31 : 15));
    }

    /// <summary>One row of the tile, one reduction step: acc += A(r, p) · B(p, 0..31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Step(float* a, Vector512<float> b0, Vector512<float> b1, bool wide, ref Vector512<float> lo, ref Vector512<float> hi)
    {
        var x = Vector512.Create(*a);
        lo = Avx512F.FusedMultiplyAdd(x, b0, lo);
        if (wide) hi = Avx512F.FusedMultiplyAdd(x, b1, hi);
    }

    /// <summary>C row = alpha·acc + beta·C row, one rounding for the beta term (FMA), C unread when beta = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Store(float* dst, Vector512<float> lo, Vector512<float> hi, bool wide,
        Vector512<float> maskLo, Vector512<float> maskHi, in CTile c)
    {
        var va = Vector512.Create(c.Alpha);
        lo *= va;
        hi *= va;
        if (c.Beta != 0)
        {
            var vb = Vector512.Create(c.Beta);
            lo = Avx512F.FusedMultiplyAdd(vb, Avx512F.MaskLoad(dst, maskLo, Vector512<float>.Zero), lo);
            if (wide) hi = Avx512F.FusedMultiplyAdd(vb, Avx512F.MaskLoad(dst + 16, maskHi, Vector512<float>.Zero), hi);
        }
        Avx512F.MaskStore(dst, maskLo, lo);
        if (wide) Avx512F.MaskStore(dst + 16, maskHi, hi);
    }
}

/// <summary>A panel's rows are adjacent floats (RowStride 1).</summary>
internal readonly struct AdjacentRows : IConstant { public static int Value => 1; }
/// <summary>A panel's rows lie a run-time stride apart.</summary>
internal readonly struct StridedRows : IConstant { public static int Value => 0; }

internal readonly struct Rows7 : IConstant { public static int Value => 7; }
internal readonly struct Rows8 : IConstant { public static int Value => 8; }
internal readonly struct Rows9 : IConstant { public static int Value => 9; }
internal readonly struct Rows10 : IConstant { public static int Value => 10; }
internal readonly struct Rows11 : IConstant { public static int Value => 11; }
internal readonly struct Rows12 : IConstant { public static int Value => 12; }
