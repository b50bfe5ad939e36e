using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Tests.Numerics.LinearAlgebra;

[Collection(ThreadBudgetCollection.Name)]
public class GemmTests
{
    static float[] Random(int n, ulong stream)
    {
        var x = new float[n];
        Philox.FillNormal(42, stream, 0, x);
        return x;
    }

    /// <summary>
    /// One product with strides wider than the logical matrices (catches kernels that assume packed storage),
    /// random operands and a random initial C.
    /// </summary>
    sealed class Case(Op opA, Op opB, int m, int n, int k, float alpha, float beta)
    {
        public int Lda { get; } = (opA == Op.None ? k : m) + 3;
        public int Ldb { get; } = (opB == Op.None ? n : k) + 1;
        public int Ldc { get; } = n + 2;
        public float[] A { get; } = Random((opA == Op.None ? m : k) * ((opA == Op.None ? k : m) + 3), 1);
        public float[] B { get; } = Random((opB == Op.None ? k : n) * ((opB == Op.None ? n : k) + 1), 2);
        public float[] C0 { get; } = Random(m * (n + 2), 3);

        /// <summary>C after the product through the given kernel, plan (null: the default) and thread count.</summary>
        public float[] Run(GemmKernelChoice kernel = GemmKernelChoice.Best, GemmPlan? plan = null, int threads = 1)
        {
            var c = (float[])C0.Clone();
            Gemm.Run(kernel, opA, opB, m, n, k, alpha, A, Lda, B, Ldb, beta, c, Ldc, plan, threads);
            return c;
        }

        /// <summary>Compares with alpha·op(A)·op(B) + beta·C in double; C's padding columns must be untouched.</summary>
        public void AssertMatchesReference(float[] c)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < Ldc; j++)
                {
                    if (j >= n)
                    {
                        Assert.Equal(BitConverter.SingleToInt32Bits(C0[i * Ldc + j]), BitConverter.SingleToInt32Bits(c[i * Ldc + j]));
                        continue;
                    }
                    double expected;
                    {
                        double s = 0;
                        for (int p = 0; p < k; p++)
                            s += (double)(opA == Op.None ? A[i * Lda + p] : A[p * Lda + i]) * (opB == Op.None ? B[p * Ldb + j] : B[j * Ldb + p]);
                        expected = alpha * s + (beta == 0 ? 0 : beta * C0[i * Ldc + j]);
                    }
                    float got = c[i * Ldc + j];
                    if (!(Math.Abs(got - expected) <= 1e-5 * (Math.Sqrt(k) + 1) * (1 + Math.Abs(expected))))
                        Assert.Fail($"{opA}{opB} {m}x{n}x{k}: C[{i},{j}] = {got}, expected {expected}");
                }
        }
    }

    static readonly int[][] OddShapes =
        [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 64, 64], [131, 67, 259], [6, 16, 300], [250, 10, 513], [7, 1000, 3], [32, 100, 200], [5, 17, 8], [13, 9, 1]];

    public static TheoryData<int, int, int, Op, Op, float> Shapes()
    {
        var data = new TheoryData<int, int, int, Op, Op, float>();
        foreach (var s in OddShapes)
            foreach (var ta in new[] { Op.None, Op.Transpose })
                foreach (var tb in new[] { Op.None, Op.Transpose })
                    data.Add(s[0], s[1], s[2], ta, tb, s[0] % 2 == 0 ? 0f : 0.5f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesNaiveReference(int m, int n, int k, Op opA, Op opB, float beta)
    {
        var t = new Case(opA, opB, m, n, k, 1.5f, beta);
        var c = (float[])t.C0.Clone();
        Gemm.Multiply(opA, opB, m, n, k, 1.5f, t.A, t.Lda, t.B, t.Ldb, beta, c, t.Ldc);
        t.AssertMatchesReference(c);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PortableKernelMatchesNaiveReference(int m, int n, int k, Op opA, Op opB, float beta)
    {
        var t = new Case(opA, opB, m, n, k, -0.75f, beta);
        t.AssertMatchesReference(t.Run(GemmKernelChoice.Portable));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Avx2KernelMatchesNaiveReference(int m, int n, int k, Op opA, Op opB, float beta)
    {
        var t = new Case(opA, opB, m, n, k, 1.25f, beta);
        t.AssertMatchesReference(t.Run(GemmKernelChoice.Avx2));
    }

    /// <summary>
    /// The AVX-512 and AVX2 kernels (whichever this CPU has; on an AVX2-only machine both are AVX2) compute each
    /// element as the same chain of FMAs, so a run's numbers do not depend on which machine of a cluster ran it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void BestAndAvx2KernelsAgreeToTheBit(int m, int n, int k, Op opA, Op opB, float beta)
    {
        var t = new Case(opA, opB, m, n, k, 0.5f, beta);
        foreach (var plan in new GemmPlan?[] { null, new GemmPlan(true, true, 24, 100, 64) })
            Assert.Equal(t.Run(GemmKernelChoice.Avx2, plan), t.Run(GemmKernelChoice.Best, plan));
    }

    /// <summary>Tiny cache blocks make small matrices cross every block boundary (MC, KC, NC) of the loop nest.</summary>
    [Theory]
    [InlineData(false, false, GemmKernelChoice.Best)]
    [InlineData(false, true, GemmKernelChoice.Best)]
    [InlineData(true, false, GemmKernelChoice.Best)]
    [InlineData(true, true, GemmKernelChoice.Best)]
    [InlineData(true, false, GemmKernelChoice.Avx2)]
    [InlineData(true, true, GemmKernelChoice.Avx2)]
    [InlineData(false, false, GemmKernelChoice.Portable)]
    [InlineData(true, true, GemmKernelChoice.Portable)]
    internal void EveryPlanAndBlockingMatchesTheReference(bool packA, bool packB, GemmKernelChoice kernel)
    {
        var plan = new GemmPlan(packA, packB, MC: 12, KC: 10, NC: 48);
        foreach (var opA in new[] { Op.None, Op.Transpose })
            foreach (var opB in new[] { Op.None, Op.Transpose })
            {
                var t = new Case(opA, opB, 29, 101, 37, 1.25f, 0.5f);
                t.AssertMatchesReference(t.Run(kernel, plan));
            }
    }

    [Fact]
    public void PackingChoicesDoNotChangeABit()
    {
        // Packed or read in place, each element is the same chain of FMAs, so the shape-based plan choice is
        // invisible in the results.
        foreach (var opA in new[] { Op.None, Op.Transpose })
        {
            var t = new Case(opA, Op.None, 47, 70, 300, 1f, 0.5f);
            var reference = t.Run(plan: new GemmPlan(true, true, 144, 256, 2048));
            Assert.Equal(reference, t.Run(plan: new GemmPlan(false, false, 144, 256, 2048)));
            Assert.Equal(reference, t.Run(plan: new GemmPlan(true, false, 18, 256, 32)));
        }
    }

    public static TheoryData<int, int, int, Op, Op> ThreadShapes() => new()
    {
        { 150, 140, 130, Op.None, Op.None }, { 47, 230, 90, Op.Transpose, Op.None },
        { 230, 31, 97, Op.None, Op.Transpose }, { 64, 128, 72, Op.Transpose, Op.Transpose },
    };

    [Theory]
    [MemberData(nameof(ThreadShapes))]
    public void ResultIsBitIdenticalForAnyThreadCount(int m, int n, int k, Op opA, Op opB)
    {
        var t = new Case(opA, opB, m, n, k, 1f, 0.25f);
        var one = t.Run(threads: 1);
        Assert.Equal(one, t.Run(threads: 2));
        Assert.Equal(one, t.Run(threads: 3));
        long saved = Gemm.TwoBlocksPerThread;
        try
        {
            Gemm.TwoBlocksPerThread = 1; // two blocks per thread: C cut along both sides
            Assert.Equal(one, t.Run(threads: 2));
        }
        finally { Gemm.TwoBlocksPerThread = saved; }
    }

    [Fact]
    public void PublicEntryIsBitIdenticalForOneAndTwoThreads()
    {
        int m = 150, n = 140, k = 130;
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

    [Fact]
    public void BetaZeroIgnoresGarbageInC()
    {
        var t = new Case(Op.None, Op.None, 13, 21, 5, 1f, 0f);
        Array.Fill(t.C0, float.NaN);
        var c = t.Run();
        for (int i = 0; i < 13; i++)
            for (int j = 0; j < 21; j++) Assert.False(float.IsNaN(c[i * t.Ldc + j]));
        t.AssertMatchesReference(t.Run(GemmKernelChoice.Portable));
    }

    [Fact]
    public void AlphaZeroOrEmptySumOnlyScalesC()
    {
        var a = new float[] { float.NaN, 1, 2, 3, 4, 5 };
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply(Op.None, Op.None, 2, 2, 3, 0f, a, 3, a, 2, 2f, c, 2);
        Assert.Equal(new float[] { 2, 4, 6, 8 }, c);
        Gemm.Multiply(Op.None, Op.None, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 2);
        Assert.Equal(new float[] { 0, 0, 0, 0 }, c);
    }

    [Fact]
    public void BetaOneAccumulates()
    {
        var t = new Case(Op.Transpose, Op.None, 40, 33, 18, 2f, 1f);
        t.AssertMatchesReference(t.Run());
    }

    [Fact]
    public void ShortSpansAndStridesAreRejected()
    {
        var a = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Op.None, Op.None, 2, 2, 4, 1f, a, 4, a, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Op.None, Op.None, 2, 2, 3, 1f, a, 2, a, 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Op.None, Op.None, 2, 2, 3, 1f, a, 3, a, 2, 0f, c, 3));
    }

    [Fact]
    public void SingleThreadedCallsAllocateNothingOnceWarm()
    {
        // Training calls the GEMM thousands of times per second: pack buffers are per-thread and reused.
        var t = new Case(Op.None, Op.Transpose, 40, 70, 300, 1f, 0f);
        var c = (float[])t.C0.Clone();
        void Call() => Gemm.Run(GemmKernelChoice.Best, Op.None, Op.Transpose, 40, 70, 300, 1f, t.A, t.Lda, t.B, t.Ldb, 0f, c, t.Ldc, null, 1);
        Call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Call();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void MatrixOverloadComputesTheProduct()
    {
        var a = Matrix.FromArray(2, 3, [1, 2, 3, 4, 5, 6]);
        var b = Matrix.FromArray(2, 3, [1, 0, 1, 0, 1, 0]);
        var c = new Matrix(2, 2);
        Gemm.Multiply(a, Op.None, b, Op.Transpose, c);
        Assert.Equal(new float[] { 4, 2, 10, 5 }, c.ToArray());
        Gemm.Multiply(a, Op.None, b, Op.Transpose, c, accumulate: true);
        Assert.Equal(new float[] { 8, 4, 20, 10 }, c.ToArray());
    }
}
