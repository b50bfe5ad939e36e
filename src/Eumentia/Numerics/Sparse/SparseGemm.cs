using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.Threading;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.Sparse;

/// <summary>
/// C = alpha · op(A) · op(B) + beta · C that skips the zeros of op(A): the products of a ReLU network with
/// dropout, whose activations and gradients are two-thirds zeros (ReLU halves them, dropout takes 30 % of the
/// rest), so the dense kernel spends most of its FMAs adding 0·b.
///
/// Bit for bit the same as <see cref="Gemm"/>: each element of C is summed from zero over p in increasing order
/// within the same reduction blocks, with the same FMA per term and the same merge into C; a skipped term
/// 0·b would only have added a zero. (The two can differ in the sign of an exactly-zero result after an
/// underflow, and where B holds an infinity or NaN facing a zero of A: the dense sum turns 0·∞ into NaN.)
///
/// How: op(A)'s nonzeros row by row (<see cref="SparseRows"/>); B packed into 64-column panels per reduction
/// block; each row of C is eight ymm accumulators that gather one B row per nonzero. Threads split C into
/// blocks of 64 columns × 256 rows, never a sum, so the bits do not depend on threads either.
/// </summary>
public static class SparseGemm
{
    /// <summary>Columns of C per panel: eight ymm accumulators per row, the most that leave registers for B.</summary>
    internal const int PanelWidth = 64;

    /// <summary>Rows of C per work block, so that tall products give every thread several blocks to claim.</summary>
    const int RowBlock = 256;

    /// <summary>
    /// Above this fraction of nonzeros the dense kernel wins. Against the AVX2 kernel (Zen 3, 784-1024-1024-10
    /// products, one thread, dense 85 GFLOP/s) the sparse product ran at 66-71 dense-equivalent GFLOP/s with 40 % of
    /// A nonzero, 94-106 at 35 %, 103-121 at 30 %: each nonzero costs about 2.5 times what the dense kernel spends
    /// per element, because every one needs a whole B row of loads for its eight FMAs; break-even 38 %. The AVX-512
    /// kernel does twice the dense work per cycle while this loop stays load-bound, and the break-even falls to
    /// about 25 % (Sapphire Rapids, the same products, one thread: sparse 0.7-1.0 times dense at 25 % nonzero,
    /// 1.2-1.4 times at 15 %); ReLU + dropout 0.3 leave about 35 %, so there training runs dense (its step 17-20 %
    /// faster than through this path).
    /// </summary>
    public static readonly double DefaultMaxDensity = Avx512Kernel.IsSupported ? 0.20 : 0.38;

    /// <summary>The density threshold in use (tests raise it to reach the sparse path on any machine).</summary>
    internal static double MaxDensity { get; set; } = DefaultMaxDensity;

    /// <summary>Whether <see cref="MultiplyAuto"/> may take the sparse path (tests and benchmarks compare both).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Products that took the sparse path since the process started (tests check the path is used).</summary>
    internal static long SparseProducts => Interlocked.Read(ref sparseProducts);
    static long sparseProducts;

    /// <summary>Rows of op(A) per pass: bounds the nonzero lists at MaxBand·k entries (8 MiB for k = 1024) on
    /// a 10 000-row evaluation batch. Rows of C are independent, so banding changes no bit.</summary>
    const int MaxBand = 1024;

    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Whether op(A) (judged from a few rows) is sparse enough for <see cref="Multiply"/> to beat the dense product.</summary>
    public static bool Pays(Op opA, ReadOnlySpan<float> a, int lda, int m, int k) =>
        Enabled && IsSupported && m > 0 && k > 0 && SparseRows.SampleDensity(opA, a, lda, m, k) <= MaxDensity;

    /// <summary>
    /// Whether C's width wastes little of the last 64-column panel (at most an eighth of n): the sparse kernel
    /// computes whole panels. Measured at one thread, 65 % zeros: n = 100 (28 % padding) ran at 0.6-1.15 times
    /// the dense product, n = 256 and 784 at 1.05-1.9 times.
    /// </summary>
    static bool PanelsFit(int n) => (n + PanelWidth - 1) / PanelWidth * PanelWidth - n <= n / 8;

    /// <summary>The product through whichever path suits op(A) and C's width: identical results either way.</summary>
    public static void MultiplyAuto(Op opA, Op opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (PanelsFit(n) && Pays(opA, a, lda, m, k))
            Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else
            Gemm.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>C = alpha · op(A) · op(B) + beta · C, visiting only the nonzeros of op(A).</summary>
    public static unsafe void Multiply(Op opA, Op opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Gemm.Validate(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (!IsSupported || m == 0 || n == 0 || k == 0 || alpha == 0)
        {
            Gemm.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        Interlocked.Increment(ref sparseProducts);
        int threads = Parallelism.MaxThreads;
        // The dense path's reduction blocks for this shape: the same blocks give the same sums.
        int kBlocks = Gemm.ChoosePlan(opA, opB, m, n, k).KBlocks(k);
        var rows = SparseRows.ForThisThread;
        fixed (float* pa = a, pb = b, pc = c)
            for (int r0 = 0; r0 < m; r0 += MaxBand)
            {
                int band = Math.Min(MaxBand, m - r0);
                rows.Fill(opA, opA == Op.None ? pa + (nint)r0 * lda : pa + r0, lda, band, k, kBlocks, SliceRows, threads);
                var work = new SparseWork(rows, opB, pb, ldb, pc + (nint)r0 * ldc, ldc, n, alpha, beta);
                ForkJoin.Run(work, work.Chunks, Math.Min(threads, work.Chunks));
            }
    }

    readonly unsafe struct SparseWork(SparseRows rows, Op opB, float* b, nint ldb, float* c, nint ldc, int n, float alpha, float beta)
        : IChunkedWork
    {
        readonly int rowBlocks = (rows.Rows + RowBlock - 1) / RowBlock;
        readonly int panels = (n + PanelWidth - 1) / PanelWidth;

        public int Chunks => rowBlocks * panels;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunChunk(int chunk)
        {
            int i0 = chunk / panels * RowBlock, i1 = Math.Min(rows.Rows, i0 + RowBlock);
            int j0 = chunk % panels * PanelWidth, cols = Math.Min(PanelWidth, n - j0);
            int k = rows.Width, kBlocks = rows.KBlocks, segments = rows.Segments;
            float* panel = PackBuffers.B((k + kBlocks - 1) / kBlocks * PanelWidth);
            // Each row's partial sums wait here between slices; a float stored and reloaded is the same float,
            // so slicing changes nothing in the order of the sum.
            float* partial = PackBuffers.A((i1 - i0) * PanelWidth);
            float* panelAtZero = panel;
            for (int s = 0; s < segments; s++)
            {
                int kb = rows.SegmentBlock(s);
                bool first = s == 0 || rows.SegmentBlock(s - 1) != kb, last = s == segments - 1 || rows.SegmentBlock(s + 1) != kb;
                if (first)
                {
                    int pc = GemmPlan.KBlockStart(k, kBlocks, kb);
                    GemmPacking.PackB(opB, b, ldb, pc, j0, GemmPlan.KBlockStart(k, kBlocks, kb + 1) - pc, cols, PanelWidth, panel);
                    panelAtZero = panel - (nint)pc * PanelWidth;
                }
                var tile = new CTile(c + j0, ldc, 1, cols, alpha, kb == 0 ? beta : 1f);
                for (int i = i0; i < i1; i++)
                {
                    int* starts = rows.SegmentStartsOfRow(i);
                    RowTimesSlice(rows.Values, rows.Columns, starts[s], starts[s + 1], panelAtZero,
                        partial + (nint)(i - i0) * PanelWidth, first, last ? c + i * ldc + j0 : null, tile);
                }
            }
        }
    }

    /// <summary>Rows of a B panel per slice: 96 × 64 floats (24 KiB) stay in L1 while every row of C visits them.</summary>
    const int SliceRows = 96;

    /// <summary>
    /// One row of C over one slice of a panel: adds a_p · B[p, 0..64) for the row's entries [start, end) of
    /// that slice to the eight ymm partial sums (zero on
    /// the first slice of a reduction block, else reloaded from <paramref name="partial"/>), then either parks
    /// them in <paramref name="partial"/> or, on the block's last slice, merges them into C exactly as the dense
    /// kernel merges a tile (C = alpha·acc + beta·C).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void RowTimesSlice(float* values, int* columns, int start, int end, float* panelAtZero,
        float* partial, bool first, float* cRow, in CTile tile)
    {
        Vector256<float> c0, c1, c2, c3, c4, c5, c6, c7;
        if (first) c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = default;
        else
        {
            c0 = Avx.LoadVector256(partial); c1 = Avx.LoadVector256(partial + 8);
            c2 = Avx.LoadVector256(partial + 16); c3 = Avx.LoadVector256(partial + 24);
            c4 = Avx.LoadVector256(partial + 32); c5 = Avx.LoadVector256(partial + 40);
            c6 = Avx.LoadVector256(partial + 48); c7 = Avx.LoadVector256(partial + 56);
        }
        for (int t = start; t < end; t++)
        {
            var x = Vector256.Create(values[t]);
            float* bRow = panelAtZero + (nint)columns[t] * PanelWidth;
            c0 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow), c0);
            c1 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 8), c1);
            c2 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 16), c2);
            c3 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 24), c3);
            c4 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 32), c4);
            c5 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 40), c5);
            c6 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 48), c6);
            c7 = Fma.MultiplyAdd(x, Avx.LoadVector256(bRow + 56), c7);
        }
        if (cRow is null || tile.Cols < PanelWidth)
        {
            Avx.Store(partial, c0); Avx.Store(partial + 8, c1); Avx.Store(partial + 16, c2); Avx.Store(partial + 24, c3);
            Avx.Store(partial + 32, c4); Avx.Store(partial + 40, c5); Avx.Store(partial + 48, c6); Avx.Store(partial + 56, c7);
            if (cRow is not null)
                for (int j = 0; j < tile.Cols; j++)
                    cRow[j] = tile.Beta == 0 ? partial[j] * tile.Alpha : MathF.FusedMultiplyAdd(tile.Beta, cRow[j], partial[j] * tile.Alpha);
            return;
        }
        Merge(cRow, c0, tile); Merge(cRow + 8, c1, tile); Merge(cRow + 16, c2, tile); Merge(cRow + 24, c3, tile);
        Merge(cRow + 32, c4, tile); Merge(cRow + 40, c5, tile); Merge(cRow + 48, c6, tile); Merge(cRow + 56, c7, tile);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Merge(float* dst, Vector256<float> acc, in CTile tile)
    {
        var scaled = Avx.Multiply(acc, Vector256.Create(tile.Alpha));
        Avx.Store(dst, tile.Beta == 0 ? scaled : Fma.MultiplyAdd(Vector256.Create(tile.Beta), Avx.LoadVector256(dst), scaled));
    }
}
