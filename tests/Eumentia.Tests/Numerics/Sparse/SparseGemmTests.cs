using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Sparse;
using Eumentia.Numerics.Threading;

namespace Eumentia.Tests.Numerics.Sparse;

/// <summary>The zero-skipping product must give exactly the dense product's bits, on any shape and thread count.</summary>
[Collection(ThreadBudgetCollection.Name)]
public class SparseGemmTests
{
    /// <summary>Normal values with a given fraction set to exactly zero (by a second Philox stream).</summary>
    static float[] SparseRandom(int n, ulong stream, double zeros)
    {
        var x = new float[n];
        var u = new float[n];
        Philox.FillNormal(7, stream, 0, x);
        Philox.FillUniform(7, stream + 100, 0, u);
        for (int i = 0; i < n; i++) if (u[i] < zeros) x[i] = 0;
        return x;
    }

    static float[] Product(bool sparse, Op opA, Op opB, int m, int n, int k, float alpha, float beta, double zeros, int threads)
    {
        int lda = (opA == Op.None ? k : m) + 3, ldb = (opB == Op.None ? n : k) + 1, ldc = n + 2;
        var a = SparseRandom((opA == Op.None ? m : k) * lda, 1, zeros);
        var b = SparseRandom((opB == Op.None ? k : n) * ldb, 2, 0);
        var c = SparseRandom(m * ldc, 3, 0);
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            if (sparse) SparseGemm.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            else Gemm.Multiply(opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
        finally { Parallelism.MaxThreads = saved; }
        return c;
    }

    // Shapes of the MLP products (forward, dX, dW) and awkward ones: k over several reduction blocks, n not a
    // multiple of 8 or of the 64-column panel, more rows than one work block, a single row.
    [Theory]
    [InlineData(Op.None, Op.Transpose, 64, 200, 1024, 1f, 0f)]
    [InlineData(Op.None, Op.None, 64, 131, 900, 1f, 0f)]
    [InlineData(Op.Transpose, Op.None, 300, 77, 64, 1f, 0f)]
    [InlineData(Op.Transpose, Op.Transpose, 13, 70, 390, 0.5f, 1f)]
    [InlineData(Op.None, Op.None, 1, 64, 5, -2f, 0.25f)]
    [InlineData(Op.None, Op.Transpose, 33, 10, 17, 1f, 1f)]
    [InlineData(Op.None, Op.None, 1100, 70, 20, 1f, 0f)]
    [InlineData(Op.Transpose, Op.Transpose, 1030, 64, 12, 1f, 1f)]
    public void SameBitsAsTheDenseProduct(Op opA, Op opB, int m, int n, int k, float alpha, float beta)
    {
        if (!SparseGemm.IsSupported) return; // the call falls back to the dense product: nothing to compare
        foreach (double zeros in new[] { 0.0, 0.65, 1.0 })
        {
            var dense = Product(false, opA, opB, m, n, k, alpha, beta, zeros, 1);
            foreach (int threads in new[] { 1, 2 })
            {
                var sparse = Product(true, opA, opB, m, n, k, alpha, beta, zeros, threads);
                for (int i = 0; i < dense.Length; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(dense[i]) == BitConverter.SingleToInt32Bits(sparse[i]),
                        $"zeros {zeros}, threads {threads}: element {i} dense {dense[i]:R} sparse {sparse[i]:R}");
            }
        }
    }

    [Fact]
    public void SampledDensityReadsTheOperandAsStored()
    {
        // 40 rows of 100: the first 20 rows all zero, the rest all ones; as Aᵀ the same storage is 100×40.
        var a = new float[40 * 100];
        a.AsSpan(20 * 100).Fill(1f);
        Assert.Equal(0.5, SparseRows.SampleDensity(Op.None, a, 100, 40, 100), 10);
        Assert.Equal(0.5, SparseRows.SampleDensity(Op.Transpose, a, 100, 100, 40), 10);
        Assert.False(SparseGemm.Pays(Op.None, Enumerable.Repeat(1f, 64).ToArray(), 8, 8, 8));
    }
}
