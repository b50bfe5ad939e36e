using Eumentia.Numerics;

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
                var r = Timing.Rate(() => Gemm.Multiply(Op.None, Op.None, n, n, n, 1f, a, n, b, n, 0f, c, n),
                    2.0 * n * n * n / 1e9, reps, minTime);
                yield return new BenchRecord("gemm", $"threads={t} n={n}", "GFLOP/s", r);
            }
        }
    }
}
