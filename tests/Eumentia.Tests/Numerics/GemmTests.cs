using Eumentia.Numerics;

namespace Eumentia.Tests.Numerics;

[Collection(ThreadBudgetCollection.Name)]
public class GemmTests
{
    static float[] Random(int n, ulong stream)
    {
        var x = new float[n];
        Philox.FillNormal(42, stream, 0, x);
        return x;
    }

    /// <summary>C = alpha op(A) op(B) + beta C in double, as the reference.</summary>
    static double[] Naive(Op opA, Op opB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var r = new double[m * ldc];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(opA == Op.None ? a[i * lda + p] : a[p * lda + i]) * (opB == Op.None ? b[p * ldb + j] : b[j * ldb + p]);
                r[i * ldc + j] = alpha * s + beta * c[i * ldc + j];
            }
        return r;
    }

    public static TheoryData<int, int, int, Op, Op, float> Shapes()
    {
        var data = new TheoryData<int, int, int, Op, Op, float>();
        int[][] shapes = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 64, 64], [131, 67, 259], [6, 16, 300], [250, 10, 513], [7, 1000, 3]];
        foreach (var s in shapes)
            foreach (var ta in new[] { Op.None, Op.Transpose })
                foreach (var tb in new[] { Op.None, Op.Transpose })
                    data.Add(s[0], s[1], s[2], ta, tb, s[0] % 2 == 0 ? 0f : 0.5f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesNaiveReference(int m, int n, int k, Op opA, Op opB, float beta)
    {
        // Strides wider than the logical matrices catch kernels that assume packed storage.
        int lda = (opA == Op.None ? k : m) + 3, ldb = (opB == Op.None ? n : k) + 1, ldc = n + 2;
        var a = Random((opA == Op.None ? m : k) * lda, 1);
        var b = Random((opB == Op.None ? k : n) * ldb, 2);
        var c = Random(m * ldc, 3);
        var expected = Naive(opA, opB, m, n, k, 1.5f, a, lda, b, ldb, beta, c, ldc);
        Gemm.Multiply(opA, opB, m, n, k, 1.5f, a, lda, b, ldb, beta, c, ldc);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(c[i * ldc + j] - expected[i * ldc + j]) <= 1e-4 * Math.Sqrt(k) * (1 + Math.Abs(expected[i * ldc + j])),
                    $"C[{i},{j}] = {c[i * ldc + j]}, expected {expected[i * ldc + j]}");
    }

    [Fact]
    public void ResultIsBitIdenticalForOneAndTwoThreads()
    {
        int m = 300, n = 280, k = 700;
        var a = Random(m * k, 4);
        var b = Random(k * n, 5);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            Gemm.Multiply(Op.None, Op.None, m, n, k, 1f, a, k, b, n, 0f, c1, n);
            Parallelism.MaxThreads = 2;
            Gemm.Multiply(Op.None, Op.None, m, n, k, 1f, a, k, b, n, 0f, c2, n);
        }
        finally { Parallelism.MaxThreads = saved; }
        Assert.Equal(c1, c2);
    }
}
