using Eumentia.Numerics.Threading;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>Whether an operand enters a product as stored or transposed.</summary>
public enum Op { None, Transpose }

/// <summary>
/// Single-precision general matrix multiply, C = alpha · op(A) · op(B) + beta · C, on row-major spans.
/// op(A) is m×k and op(B) is k×n; lda/ldb/ldc are row strides of the stored matrices. beta = 0 overwrites C
/// without reading it. Results are bit-identical for every thread count (<see cref="Parallelism.MaxThreads"/>):
/// threads split C into blocks and never a sum.
/// </summary>
public static class Gemm
{
    /// <summary>Below this many multiply-adds a product runs on one thread: waking a helper costs more.</summary>
    internal const long ParallelThreshold = 1L << 19;

    /// <summary>
    /// Multiply-adds per thread above which each thread gets two blocks of C (see GemmWork; tests lower it to reach
    /// the two-way split on small matrices: it changes the speed, never the bits). With the AVX-512 kernel the
    /// extra packing the second block costs is a larger share of a product twice as fast, and one block per thread
    /// measured 4-10 % faster on two threads (n = 512, 1024, 2048 and the 784-1024-1024-10 training products,
    /// alternating in one process), so there the split is off.
    /// </summary>
    internal static long TwoBlocksPerThread { get; set; } = Avx512Kernel.IsSupported ? long.MaxValue : 1L << 25;

    public static void Multiply(Op opA, Op opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Run(GemmKernelChoice.Best, opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null, Threads(m, n, k, Parallelism.MaxThreads));
    }

    /// <summary>C = op(A) · op(B) (+ C when accumulate) for whole matrices.</summary>
    public static void Multiply(Matrix a, Op opA, Matrix b, Op opB, Matrix c, bool accumulate = false)
    {
        int m = opA == Op.None ? a.Rows : a.Cols, k = opA == Op.None ? a.Cols : a.Rows;
        int kb = opB == Op.None ? b.Rows : b.Cols, n = opB == Op.None ? b.Cols : b.Rows;
        if (k != kb || c.Rows != m || c.Cols != n)
            throw new ArgumentException($"shape mismatch: op(A) {m}x{k}, op(B) {kb}x{n}, C {c.Rows}x{c.Cols}");
        Multiply(opA, opB, m, n, k, 1f, a.Span, a.Cols, b.Span, b.Cols, accumulate ? 1f : 0f, c.Span, c.Cols);
    }

    /// <summary>
    /// The product through a chosen micro-kernel, plan and number of blocks of C run in parallel (tests and
    /// benchmarks use this to reach the portable kernel, a forced plan or a forced split on any machine; a null
    /// plan means the shape-based choice).
    /// </summary>
    internal static void Run(GemmKernelChoice kernel, Op opA, Op opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        GemmPlan? plan, int threads)
    {
        if (kernel == GemmKernelChoice.Best && Avx512Kernel.IsSupported)
            Run<Avx512Kernel>(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, plan, threads);
        else if (kernel != GemmKernelChoice.Portable && Avx2Kernel.IsSupported)
            Run<Avx2Kernel>(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, plan, threads);
        else
            Run<PortableKernel>(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, plan, threads);
    }

    static unsafe void Run<TKernel>(Op opA, Op opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        GemmPlan? plan, int threads) where TKernel : struct, ITileKernel
    {
        Validate(opA, opB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0)
        {
            ScaleRows(m, n, beta, c, ldc);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem(opA, opB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            var work = new GemmWork<TKernel>(problem, plan ?? ChoosePlan(opA, opB, m, n, k) with { MC = TKernel.BlockRows, NC = TKernel.BlockColumns }, m, n, threads);
            ForkJoin.Run(work, work.Chunks, work.Workers);
        }
    }

    /// <summary>
    /// Packing costs a pass over an operand; it pays when the packed panels are reused often enough. B (when
    /// not transposed) is read in place for up to 64 rows of C, A for up to 192 columns: measured on the MLP
    /// shapes (Zen 3), packing there cost 5-15 %, while C with 128 or more rows gained 10-30 % from packed B.
    /// Depends on the shape only (never on threads), though every plan gives the same bits anyway.
    /// </summary>
    internal static GemmPlan ChoosePlan(Op opA, Op opB, int m, int n, int k)
    {
        bool packB = opB == Op.Transpose || m > 64;
        bool packA = m > 6 && n > 192;
        return new GemmPlan(packA, packB, GemmPlan.DefaultMC, GemmPlan.DefaultKC, GemmPlan.DefaultNC);
    }

    static int Threads(int m, int n, int k, int maxThreads)
    {
        long work = (long)m * n * k;
        if (maxThreads <= 1 || work < ParallelThreshold) return 1;
        return (int)Math.Min(maxThreads, Math.Max(1, work / ParallelThreshold));
    }

    static void ScaleRows(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0) row.Clear();
            else if (beta != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    internal static void Validate(Op opA, Op opB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"negative GEMM dimension: m={m}, n={n}, k={k}");
        int aRows = opA == Op.None ? m : k, aCols = opA == Op.None ? k : m;
        int bRows = opB == Op.None ? k : n, bCols = opB == Op.None ? n : k;
        Check("A", aRows, aCols, aLength, lda);
        Check("B", bRows, bCols, bLength, ldb);
        Check("C", m, n, cLength, ldc);

        static void Check(string name, int rows, int cols, int length, int ld)
        {
            if (ld < Math.Max(1, cols))
                throw new ArgumentException($"GEMM: leading dimension of {name} is {ld}, less than its {cols} columns");
            if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
                throw new ArgumentException($"GEMM: {name} needs {(long)(rows - 1) * ld + cols} elements ({rows}x{cols}, stride {ld}), span has {length}");
        }
    }
}

/// <summary>
/// Which micro-kernel runs a product: the fastest this CPU has (AVX-512, else AVX2), AVX2 at most (tests keep it
/// covered on AVX-512 machines; it falls back to portable without AVX2), or the portable one.
/// </summary>
internal enum GemmKernelChoice { Best, Avx2, Portable }

/// <summary>
/// A product split into blocks of C for <see cref="ForkJoin"/>: rows when C is taller than wide, else columns,
/// cut at multiples of the kernel's tile (rows) or half tile (columns) so that no thread gets ragged tiles in
/// the middle. Above <see cref="Gemm.TwoBlocksPerThread"/> products are also cut in two along the other side,
/// so each thread has two blocks to claim: on a shared machine a thread that loses its core hands its second
/// block to the other instead of holding everyone up (at the price of packing each operand one more time,
/// about 1 % with the AVX2 kernel, 4-10 % with the AVX-512 one, where the split is off). Each block packs its
/// own panels; none shares a sum with another, so the bits do not depend on the split.
/// </summary>
internal readonly unsafe struct GemmWork<TKernel> : IChunkedWork where TKernel : struct, ITileKernel
{
    readonly GemmProblem problem;
    readonly GemmPlan plan;
    readonly int rowStep, colStep, colBlocks;

    public int Chunks { get; }
    public int Workers { get; }

    public GemmWork(in GemmProblem problem, in GemmPlan plan, int m, int n, int threads)
    {
        this.problem = problem;
        this.plan = plan;
        bool tall = m >= n;
        bool twice = threads > 1 && (long)m * n * problem.K / threads >= Gemm.TwoBlocksPerThread;
        int rowParts = tall ? threads : twice ? 2 : 1, colParts = tall ? (twice ? 2 : 1) : threads;
        // Columns are cut at half panels: the kernel runs a half-width tile at full speed, and 100 columns
        // split 56 + 44 rather than 64 + 36.
        (rowStep, int rowBlocks) = Split(m, TKernel.MR, rowParts);
        (colStep, colBlocks) = Split(n, TKernel.NR / 2, colParts);
        Chunks = rowBlocks * colBlocks;
        Workers = Math.Min(threads, Chunks);
    }

    /// <summary>Cuts extent into at most parts blocks, each a whole number of units.</summary>
    static (int Step, int Blocks) Split(int extent, int unit, int parts)
    {
        int tiles = (extent + unit - 1) / unit;
        parts = Math.Clamp(parts, 1, tiles);
        int step = (tiles + parts - 1) / parts * unit;
        return (step, (extent + step - 1) / step);
    }

    public void RunChunk(int chunk)
    {
        int i0 = chunk / colBlocks * rowStep, j0 = chunk % colBlocks * colStep;
        GemmBlocked<TKernel>.Run(problem, plan, i0, Math.Min(problem.M, i0 + rowStep), j0, Math.Min(problem.N, j0 + colStep));
    }
}
