using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Bench;

/// <summary>
/// SGEMM GFLOP/s on square n×n float32 products, C = A·B, the peer's gemm_bench.py workload (torch.mm),
/// for each thread count and size; median over repeats.
/// </summary>
public sealed class GemmWorkload : IWorkload
{
    public string Name => "gemm";
    public string Description => "SGEMM GFLOP/s, square n x n (peer: gemm_bench.py)";
    public string Usage => "--threads 1 2 --sizes 256 512 1024 2048 --reps 5 --min_time 0.3";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int[] threads = args.Ints("threads", 1, 2), sizes = args.Ints("sizes", 256, 512, 1024, 2048);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.3);
        var plan = ForcedPlan(args);
        // Tuning knob: multiply-adds per thread from which each thread gets two blocks of C (0: never).
        if (args.Flag("two_blocks_per_thread"))
            Gemm.TwoBlocksPerThread = args.Int("two_blocks_per_thread", 0) is > 0 and var t ? t : long.MaxValue;
        args.RejectUnknown();
        foreach (int t in threads)
        {
            Parallelism.MaxThreads = t;
            foreach (int n in sizes)
            {
                var a = new float[n * n];
                var b = new float[n * n];
                var c = new float[n * n];
                Philox.FillNormal(0, 1, 0, a);
                Philox.FillNormal(0, 2, 0, b);
                var r = Timing.Rate(Call(Op.None, Op.None, n, n, n, a, b, c, plan, t),
                    2.0 * n * n * n / 1e9, reps, minTime);
                yield return new BenchRecord("gemm", $"threads={t} n={n}", "GFLOP/s", r);
            }
        }
    }

    /// <summary>
    /// Tuning knobs (not in the peer): --pack_a 0|1 --pack_b 0|1 --mc --kc --nc force the packing plan and cache
    /// blocks (and then the thread count exactly) instead of the shape-based choice.
    /// </summary>
    internal static GemmPlan? ForcedPlan(BenchArgs args) =>
        args.Flag("mc") || args.Flag("kc") || args.Flag("nc") || args.Flag("pack_a") || args.Flag("pack_b")
            ? new GemmPlan(args.Int("pack_a", 1) != 0, args.Int("pack_b", 1) != 0, args.Int("mc", Avx512Kernel.IsSupported ? Avx512Kernel.BlockRows : GemmPlan.DefaultMC),
                args.Int("kc", GemmPlan.DefaultKC), args.Int("nc", Avx512Kernel.IsSupported ? Avx512Kernel.BlockColumns : GemmPlan.DefaultNC))
            : null;

    /// <summary>C = op(A)·op(B) on dense row-major storage, through the public entry or a forced plan.</summary>
    internal static Action Call(Op opA, Op opB, int m, int n, int k, float[] a, float[] b, float[] c, GemmPlan? plan, int threads)
    {
        int lda = opA == Op.None ? k : m, ldb = opB == Op.None ? n : k;
        if (plan is null) return () => Gemm.Multiply(opA, opB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
        return () => Gemm.Run(GemmKernelChoice.Best, opA, opB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, plan, threads);
    }
}
