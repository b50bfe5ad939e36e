namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// Where a micro-kernel reads its A rows: element (r, p) of the panel is at <c>Ptr[r·RowStride + p·ColStride]</c>.
/// One shape covers a packed panel (RowStride 1, ColStride MR), A read in place (RowStride lda, ColStride 1)
/// and Aᵀ read in place (RowStride 1, ColStride lda), so a kernel never needs to know which it got.
/// </summary>
internal readonly unsafe struct APanel(float* ptr, nint rowStride, nint colStride)
{
    public readonly float* Ptr = ptr;
    public readonly nint RowStride = rowStride, ColStride = colStride;
}

/// <summary>
/// Where a micro-kernel reads its B rows: the NR values of reduction step p are contiguous at
/// <c>Ptr + p·RowStride</c> (RowStride NR for a packed panel, ldb when B is read in place).
/// </summary>
internal readonly unsafe struct BPanel(float* ptr, nint rowStride)
{
    public readonly float* Ptr = ptr;
    public readonly nint RowStride = rowStride;
}

/// <summary>
/// The output tile and how to merge into it: C = alpha·acc + beta·C, with beta = 0 meaning C is not read
/// (so NaN or garbage in C does not leak into the result, as BLAS specifies).
/// </summary>
internal readonly unsafe struct CTile(float* ptr, nint ldc, int rows, int cols, float alpha, float beta)
{
    public readonly float* Ptr = ptr;
    public readonly nint Ldc = ldc;
    public readonly int Rows = rows, Cols = cols;
    public readonly float Alpha = alpha, Beta = beta;
}

/// <summary>A register-blocked micro-kernel: MR×NR tile of C from a kc-long A panel and B panel.</summary>
internal interface ITileKernel
{
    static abstract int MR { get; }
    static abstract int NR { get; }

    /// <summary>
    /// The cache strategy of the loop nest: false keeps one kc×NR B micro-panel in L1 while the A panels of the
    /// block stream past it from L2 (BLIS's order, for a B micro-panel well inside L1); true keeps one MR×kc A
    /// micro-panel in L1 while the block's B panels stream past it from L2 (for a B micro-panel as large as L1,
    /// which then needs the kc×NC B block to fit in L2).
    /// </summary>
    static abstract bool APanelOuter { get; }

    /// <summary>Rows of C per packed A block (the ic step, MC) when the plan is chosen by shape.</summary>
    static abstract int BlockRows { get; }

    /// <summary>Columns of C per B block (the jc step, NC) when the plan is chosen by shape.</summary>
    static abstract int BlockColumns { get; }

    /// <summary>
    /// Accumulates sum_p A(r, p)·B(p, j) for p = 0..kc-1 in increasing order, starting from zero, then merges
    /// into C. Rows ≥ tile.Rows of A and columns ≥ tile.Cols of C are never touched; B must have NR readable
    /// values per step.
    /// </summary>
    static abstract unsafe void Tile(int kc, in APanel a, in BPanel b, in CTile c);
}
