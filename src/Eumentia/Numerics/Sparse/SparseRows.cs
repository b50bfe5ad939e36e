using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.Threading;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Eumentia.Numerics.Sparse;

/// <summary>
/// The nonzeros of op(A) (m×k) row by row, in increasing column order: the left operand of
/// <see cref="SparseGemm"/>. Storage is padded rather than compressed (row r's entries start at r·k), so that
/// rows can be filled in parallel without a prefix sum. The reduction is cut into segments (the product's
/// reduction blocks, each cut again into slices short enough for a slice of B to stay in L1), and each row
/// records where every segment begins among its entries, so the kernel runs counted loops and never searches.
/// Buffers are pinned and kept between products (one instance per calling thread).
/// </summary>
internal sealed unsafe class SparseRows
{
    float[] values = [];
    int[] columns = [], counts = [], segmentStarts = [];
    int[] segmentBounds = [], segmentBlocks = [];
    int* segmentStartsPtr;
    float* valuesPtr;
    int* columnsPtr;

    public int Rows { get; private set; }
    public int Width { get; private set; }
    public int KBlocks { get; private set; }

    /// <summary>Segments of the reduction: slices of at most <see cref="Fill"/>'s sliceLength within each block.</summary>
    public int Segments { get; private set; }

    /// <summary>First reduction index of segment s (s = Segments gives k).</summary>
    public int SegmentStart(int s) => segmentBounds[s];

    [ThreadStatic] static SparseRows? forThisThread;

    /// <summary>The calling thread's instance (products on one thread reuse its buffers).</summary>
    public static SparseRows ForThisThread => forThisThread ??= new SparseRows();

    public float* Values => valuesPtr;
    public int* Columns => columnsPtr;

    /// <summary>Reduction block that segment s belongs to.</summary>
    public int SegmentBlock(int s) => segmentBlocks[s];

    /// <summary>Where row r's entries of each segment start: element s of the returned run (s = 0..Segments).</summary>
    public int* SegmentStartsOfRow(int row) => segmentStartsPtr + (nint)row * (Segments + 1);

    /// <summary>
    /// Fills from op(A), stored row-major with stride <paramref name="lda"/>, for a product whose reduction is
    /// cut into <paramref name="kBlocks"/> blocks at <see cref="GemmPlan.KBlockStart"/>, each sliced into runs
    /// of at most <paramref name="sliceLength"/>. Rows are filled in parallel chunks within the thread budget;
    /// the result does not depend on the split.
    /// </summary>
    public void Fill(Op opA, float* a, nint lda, int m, int k, int kBlocks, int sliceLength, int threads)
    {
        Rows = m;
        Width = k;
        KBlocks = kBlocks;
        Segments = 0;
        for (int kb = 0; kb < kBlocks; kb++)
            Segments += (GemmPlan.KBlockStart(k, kBlocks, kb + 1) - GemmPlan.KBlockStart(k, kBlocks, kb) + sliceLength - 1) / sliceLength;
        if (segmentBounds.Length < Segments + 1)
        {
            segmentBounds = new int[Segments + 1];
            segmentBlocks = new int[Segments];
        }
        for (int kb = 0, s = 0; kb < kBlocks; kb++)
            for (int p = GemmPlan.KBlockStart(k, kBlocks, kb); p < GemmPlan.KBlockStart(k, kBlocks, kb + 1); p += sliceLength, s++)
                (segmentBounds[s], segmentBlocks[s]) = (p, kb);
        segmentBounds[Segments] = k;
        long size = (long)m * k;
        if (size > Array.MaxLength) throw new ArgumentException($"sparse operand {m}x{k} is too large");
        if (values.Length < size)
        {
            values = GC.AllocateUninitializedArray<float>((int)size, pinned: true);
            columns = GC.AllocateUninitializedArray<int>((int)size, pinned: true);
            valuesPtr = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(values));
            columnsPtr = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(columns));
        }
        if (counts.Length < m) counts = new int[m];
        if (segmentStarts.Length < m * (Segments + 1))
        {
            segmentStarts = GC.AllocateUninitializedArray<int>(m * (Segments + 1), pinned: true);
            segmentStartsPtr = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(segmentStarts));
        }
        var work = new FillWork(this, opA, a, lda);
        ForkJoin.Run(work, work.Chunks, Math.Min(threads, work.Chunks));
    }

    /// <summary>Rows per fill chunk: a multiple of 8 (a transposed operand is read eight columns at a time).</summary>
    const int RowsPerChunk = 64;

    readonly struct FillWork(SparseRows target, Op opA, float* a, nint lda) : IChunkedWork
    {
        public int Chunks => (target.Rows + RowsPerChunk - 1) / RowsPerChunk;

        public void RunChunk(int chunk)
        {
            int r0 = chunk * RowsPerChunk, r1 = Math.Min(target.Rows, r0 + RowsPerChunk);
            if (opA == Op.None)
                for (int r = r0; r < r1; r++) target.FillRow(r, a + r * lda);
            else
                target.FillFromColumns(a, lda, r0, r1);
            for (int r = r0; r < r1; r++) target.MarkSegments(r);
        }
    }

    /// <summary>Row r from a contiguous run of k values, eight at a time: a compare mask names the nonzeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void FillRow(int r, float* src)
    {
        int k = Width, n = r * k, p = 0;
        float* vals = valuesPtr;
        int* cols = columnsPtr;
        for (; p + 8 <= k; p += 8)
        {
            var v = Vector256.Load(src + p);
            uint nonzero = ~Vector256.Equals(v, Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFF;
            while (nonzero != 0)
            {
                int t = BitOperations.TrailingZeroCount(nonzero);
                vals[n] = src[p + t];
                cols[n++] = p + t;
                nonzero &= nonzero - 1;
            }
        }
        for (; p < k; p++)
            if (src[p] != 0)
            {
                vals[n] = src[p];
                cols[n++] = p;
            }
        counts[r] = n - r * k;
    }

    /// <summary>
    /// Rows [r0, r1) of Aᵀ, i.e. columns of A (stored k×m): A is read a row at a time, eight columns wide,
    /// and each nonzero appended to its column's list, so every list comes out in increasing order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void FillFromColumns(float* a, nint lda, int r0, int r1)
    {
        int k = Width;
        float* vals = valuesPtr;
        int* cols = columnsPtr;
        int r = r0;
        Span<int> next = stackalloc int[8];
        for (; r + 8 <= r1; r += 8)
        {
            for (int t = 0; t < 8; t++) next[t] = (r + t) * k;
            for (int p = 0; p < k; p++)
            {
                float* src = a + p * lda + r;
                uint nonzero = ~Vector256.Equals(Vector256.Load(src), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFF;
                while (nonzero != 0)
                {
                    int t = BitOperations.TrailingZeroCount(nonzero);
                    int n = next[t]++;
                    vals[n] = src[t];
                    cols[n] = p;
                    nonzero &= nonzero - 1;
                }
            }
            for (int t = 0; t < 8; t++) counts[r + t] = next[t] - (r + t) * k;
        }
        for (; r < r1; r++)
        {
            int n = r * k;
            for (int p = 0; p < k; p++)
            {
                float v = a[p * lda + r];
                if (v == 0) continue;
                vals[n] = v;
                cols[n++] = p;
            }
            counts[r] = n - r * k;
        }
    }

    /// <summary>Records where each segment starts among row r's entries.</summary>
    void MarkSegments(int r)
    {
        int k = Width, start = r * k, end = start + counts[r], n = start;
        int* cols = columnsPtr;
        int* starts = SegmentStartsOfRow(r);
        for (int s = 0; s < Segments; s++)
        {
            int segmentStart = segmentBounds[s];
            while (n < end && cols[n] < segmentStart) n++;
            starts[s] = n;
        }
        starts[Segments] = end;
    }

    /// <summary>
    /// Fraction of nonzeros in a few evenly spaced stored rows of A (m×k as op(A) sees it): a cheap guess of
    /// whether the sparse product pays. It only picks the path, and both paths give the same bits.
    /// </summary>
    public static double SampleDensity(Op opA, ReadOnlySpan<float> a, nint lda, int m, int k, int sampleRows = 8)
    {
        int storedRows = opA == Op.None ? m : k, storedCols = opA == Op.None ? k : m;
        if (storedRows == 0 || storedCols == 0) return 0;
        int samples = Math.Min(sampleRows, storedRows);
        long nonzero = 0;
        for (int s = 0; s < samples; s++)
        {
            int row = (int)((2L * s + 1) * storedRows / (2 * samples));
            var values = a.Slice((int)(row * lda), storedCols);
            nonzero += storedCols - CountZeros(values);
        }
        return (double)nonzero / ((long)samples * storedCols);
    }

    static int CountZeros(ReadOnlySpan<float> values)
    {
        int zeros = 0;
        foreach (float v in values) if (v == 0) zeros++;
        return zeros;
    }
}
