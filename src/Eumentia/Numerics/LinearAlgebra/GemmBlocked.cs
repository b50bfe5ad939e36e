using System.Runtime.CompilerServices;
namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>One product C = alpha·op(A)·op(B) + beta·C on pinned storage, as the blocked driver sees it.</summary>
internal readonly unsafe struct GemmProblem(Op opA, Op opB, int m, int n, int k, float alpha,
    float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
{
    public readonly Op OpA = opA, OpB = opB;
    public readonly int M = m, N = n, K = k;
    public readonly float Alpha = alpha, Beta = beta;
    public readonly float* A = a, B = b, C = c;
    public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;
}

/// <summary>
/// How to run one product: whether A and B are packed or read in place by the kernel, and the cache blocking.
/// <see cref="KC"/> decides the summation order of every element (the k loop is cut into blocks of about KC,
/// each summed from zero and then added to C) so it must depend on nothing but the shape, never on threads.
/// </summary>
internal readonly record struct GemmPlan(bool PackA, bool PackB, int MC, int KC, int NC)
{
    /// <summary>
    /// The blocks of the AVX2 and portable kernels (the AVX-512 kernel has its own: <see cref="Avx512Kernel"/>).
    /// Zen 3 (32 KiB L1d, 512 KiB L2): a kc×16 B panel (24 KiB at kc = 384) stays in L1 while 6×kc A panels
    /// stream past it; an MC×kc packed A block (216 KiB) sits in L2; NC bounds the kc×NC B block (3 MiB, L3).
    /// KC = 384 measured a few per cent above BLIS's 256 here (fewer passes over C), 512 no better.
    /// </summary>
    public const int DefaultMC = 144, DefaultKC = 384, DefaultNC = 2048;

    /// <summary>Reduction blocks for a k-long sum: as few as KC allows, of near-equal length (1024 → 3 × 341-342,
    /// not 2 × 384 + 256, so no block is too short to amortise its pass over C).</summary>
    public int KBlocks(int k) => Math.Max(1, (k + KC - 1) / KC);

    /// <summary>Start of reduction block <paramref name="index"/> of <paramref name="blocks"/>.</summary>
    public static int KBlockStart(int k, int blocks, int index) => (int)((long)k * index / blocks);
}

/// <summary>
/// The GotoBLAS/BLIS loop nests around a micro-kernel, for the block rows [m0, m1) × columns [n0, n1) of C.
/// Every element of C is summed over p in increasing order within each reduction block, with the blocks
/// fixed by k alone, so neither the nest nor the split of C among threads changes a bit of the result.
/// </summary>
internal static unsafe class GemmBlocked<TKernel> where TKernel : struct, ITileKernel
{
    public static void Run(in GemmProblem pr, in GemmPlan plan, int m0, int m1, int n0, int n1)
    {
        if (TKernel.APanelOuter) RunKeepingAInL1(pr, plan, m0, m1, n0, n1);
        else RunKeepingBInL1(pr, plan, m0, m1, n0, n1);
    }

    /// <summary>
    /// BLIS's nest: jc (NC columns) → pc (a reduction block; pack B) → ic (MC rows; pack A) → jr (NR columns)
    /// → ir (MR rows). One B micro-panel stays in L1 while the A block (in L2) streams past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RunKeepingBInL1(in GemmProblem pr, in GemmPlan plan, int m0, int m1, int n0, int n1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int k = pr.K, kBlocks = plan.KBlocks(k);
        bool packB = PacksB(pr, plan);
        Buffers(pr, plan, packB, m1 - m0, n1 - n0, out float* bufA, out float* bufB);

        for (int jc = n0; jc < n1; jc += plan.NC)
        {
            int nc = Math.Min(plan.NC, n1 - jc);
            for (int kb = 0; kb < kBlocks; kb++)
            {
                int pc = GemmPlan.KBlockStart(k, kBlocks, kb), kc = GemmPlan.KBlockStart(k, kBlocks, kb + 1) - pc;
                float beta = kb == 0 ? pr.Beta : 1f;
                PackBBlock(pr, packB, bufB, pc, kc, jc, nc);
                for (int ic = m0; ic < m1; ic += plan.MC)
                {
                    int mc = Math.Min(plan.MC, m1 - ic);
                    if (plan.PackA) GemmPacking.PackA(pr.OpA, pr.A, pr.Lda, ic, pc, mc, kc, mr, bufA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        var bPanel = BPanelAt(pr, packB, bufB, jc, jr, nc, pc, kc);
                        for (int ir = 0; ir < mc; ir += mr)
                            TKernel.Tile(kc, APanelAt(pr, plan, bufA, ic, ir, pc, kc), bPanel, TileAt(pr, ic + ir, mc - ir, jc, jr, nc, beta));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The nest for a B micro-panel too large for L1: pc (a reduction block) → ic (MC rows; pack A) → jc (NC
    /// columns; pack B) → ir (MR rows) → jr (NR columns). One A micro-panel stays in L1 while the kc×NC B block
    /// (in L2) streams past it. NC must be small for that block to fit in L2, so the A block is packed outside
    /// the jc loop (with MC large, it lives in L3 and each micro-panel is read from there once per B block):
    /// in BLIS's order a 2048-wide product with NC = 512 packed A four times, 10 % of its time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RunKeepingAInL1(in GemmProblem pr, in GemmPlan plan, int m0, int m1, int n0, int n1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int k = pr.K, kBlocks = plan.KBlocks(k);
        bool packB = PacksB(pr, plan);
        Buffers(pr, plan, packB, m1 - m0, n1 - n0, out float* bufA, out float* bufB);

        for (int kb = 0; kb < kBlocks; kb++)
        {
            int pc = GemmPlan.KBlockStart(k, kBlocks, kb), kc = GemmPlan.KBlockStart(k, kBlocks, kb + 1) - pc;
            float beta = kb == 0 ? pr.Beta : 1f;
            for (int ic = m0; ic < m1; ic += plan.MC)
            {
                int mc = Math.Min(plan.MC, m1 - ic);
                if (plan.PackA) GemmPacking.PackA(pr.OpA, pr.A, pr.Lda, ic, pc, mc, kc, mr, bufA);
                for (int jc = n0; jc < n1; jc += plan.NC)
                {
                    int nc = Math.Min(plan.NC, n1 - jc);
                    PackBBlock(pr, packB, bufB, pc, kc, jc, nc);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        var aPanel = APanelAt(pr, plan, bufA, ic, ir, pc, kc);
                        for (int jr = 0; jr < nc; jr += nr)
                            TKernel.Tile(kc, aPanel, BPanelAt(pr, packB, bufB, jc, jr, nc, pc, kc), TileAt(pr, ic + ir, mc - ir, jc, jr, nc, beta));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether B is packed: the plan's choice, except that the kernel's access pattern needs B's NR values per
    /// step contiguous, so a transposed B is always packed (partial panels always are, zero padded to NR).
    /// </summary>
    static bool PacksB(in GemmProblem pr, in GemmPlan plan) => plan.PackB || pr.OpB == Op.Transpose;

    /// <summary>This thread's packing buffers, sized for the largest blocks of a rows × cols part of C.</summary>
    static void Buffers(in GemmProblem pr, in GemmPlan plan, bool packB, int rows, int cols, out float* bufA, out float* bufB)
    {
        int mr = TKernel.MR, nr = TKernel.NR, kBlocks = plan.KBlocks(pr.K);
        int kcMax = (pr.K + kBlocks - 1) / kBlocks, ncMax = Math.Min(plan.NC, cols), mcMax = Math.Min(plan.MC, rows);
        bufB = PackBuffers.B(kcMax * (packB ? (ncMax + nr - 1) / nr * nr : nr));
        bufA = plan.PackA ? PackBuffers.A(kcMax * ((mcMax + mr - 1) / mr * mr)) : null;
    }

    /// <summary>Packs op(B)[pc.., jc..] for the kernel, or only its partial last panel when B is read in place.</summary>
    static void PackBBlock(in GemmProblem pr, bool packB, float* bufB, int pc, int kc, int jc, int nc)
    {
        int nr = TKernel.NR;
        if (packB) GemmPacking.PackB(pr.OpB, pr.B, pr.Ldb, pc, jc, kc, nc, nr, bufB);
        else if (nc % nr != 0) GemmPacking.PackB(pr.OpB, pr.B, pr.Ldb, pc, jc + nc / nr * nr, kc, nc % nr, nr, bufB);
    }

    /// <summary>Rows ir.. of the A block at ic, reduction block pc: packed, or read in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static APanel APanelAt(in GemmProblem pr, in GemmPlan plan, float* bufA, int ic, int ir, int pc, int kc) =>
        plan.PackA ? new APanel(bufA + (nint)(ir / TKernel.MR) * kc * TKernel.MR, 1, TKernel.MR)
        : pr.OpA == Op.None ? new APanel(pr.A + (ic + ir) * pr.Lda + pc, pr.Lda, 1)
        : new APanel(pr.A + pc * pr.Lda + ic + ir, 1, pr.Lda);

    /// <summary>Columns jr.. of the B block at jc: packed, the packed partial panel, or read in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static BPanel BPanelAt(in GemmProblem pr, bool packB, float* bufB, int jc, int jr, int nc, int pc, int kc) =>
        packB ? new BPanel(bufB + (nint)(jr / TKernel.NR) * kc * TKernel.NR, TKernel.NR)
        : nc - jr < TKernel.NR ? new BPanel(bufB, TKernel.NR)
        : new BPanel(pr.B + (nint)pc * pr.Ldb + jc + jr, pr.Ldb);

    /// <summary>The tile of C at row i and column jc + jr, cut at the block's edges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static CTile TileAt(in GemmProblem pr, int i, int rowsLeft, int jc, int jr, int nc, float beta) =>
        new(pr.C + i * pr.Ldc + jc + jr, pr.Ldc, Math.Min(TKernel.MR, rowsLeft), Math.Min(TKernel.NR, nc - jr), pr.Alpha, beta);
}
