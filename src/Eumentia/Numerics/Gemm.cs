using System.Numerics;

namespace Eumentia.Numerics;

/// <summary>Whether an operand enters a product as stored or transposed.</summary>
public enum Op { None, Transpose }

/// <summary>
/// Single-precision general matrix multiply, C = alpha · op(A) · op(B) + beta · C, on row-major spans.
/// op(A) is m×k and op(B) is k×n; lda/ldb/ldc are row strides of the stored matrices.
/// </summary>
public static class Gemm
{
    public static void Multiply(Op opA, Op opB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Provisional portable kernel (row-major i-p-j loops, vectorised over j); the packed BLIS-shaped
        // kernel replaces it. Summation over p always runs in increasing order.
        for (int i = 0; i < m; i++)
        {
            var crow = c.Slice(i * ldc, n);
            if (beta == 0) crow.Clear(); else if (beta != 1) for (int j = 0; j < n; j++) crow[j] *= beta;
            for (int p = 0; p < k; p++)
            {
                float av = alpha * (opA == Op.None ? a[i * lda + p] : a[p * lda + i]);
                if (opB == Op.None)
                {
                    var brow = b.Slice(p * ldb, n);
                    int j = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        var va = new Vector<float>(av);
                        for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
                            (new Vector<float>(crow.Slice(j)) + va * new Vector<float>(brow.Slice(j))).CopyTo(crow.Slice(j));
                    }
                    for (; j < n; j++) crow[j] += av * brow[j];
                }
                else
                {
                    for (int j = 0; j < n; j++) crow[j] += av * b[j * ldb + p];
                }
            }
        }
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
}
