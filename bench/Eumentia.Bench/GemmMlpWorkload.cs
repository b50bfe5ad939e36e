using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Sparse;
using Eumentia.Numerics.Threading;

namespace Eumentia.Bench;

/// <summary>
/// SGEMM on the MLP training shapes (<see cref="MlpShapes"/>): GFLOP/s per product, plus, per configuration,
/// the rate of all its products back to back (what one training step spends in GEMM). Peer: gemm_mlp_bench.py.
/// With --zeros F, that fraction of each left operand is exactly zero (as after ReLU + dropout) and the products
/// go through <see cref="SparseGemm"/>; rates stay in dense-equivalent GFLOP/s, so they compare directly.
/// </summary>
public sealed class GemmMlpWorkload : IWorkload
{
    public string Name => "gemm-mlp";
    public string Description => "SGEMM GFLOP/s on the MLP training products (peer: bench/peer/gemm_mlp_bench.py)";
    public string Usage => "--threads 1 2 --configs 256:2:128 100:2:32 --reps 5 --min_time 0.2 [--each] [--only fwd dx dw] [--zeros 0.65]";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int[] threads = args.Ints("threads", 1, 2);
        var configs = args.Strings("configs", MlpShapes.DefaultConfigs);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.2);
        bool each = args.Flag("each");
        var plan = GemmWorkload.ForcedPlan(args);
        var only = args.Strings("only");
        double zeros = args.Double("zeros", 0);
        args.RejectUnknown();
        foreach (int t in threads)
        {
            Parallelism.MaxThreads = t;
            foreach (var config in configs)
            {
                var calls = MlpShapes.ForConfig(config).Where(p => only.Length == 0 || only.Contains(p.Name))
                    .Select(p => (p, Call(p, plan, t, zeros))).ToList();
                if (each)
                    foreach (var (p, call) in calls)
                        yield return new BenchRecord(Name, $"threads={t} {config} {p.Key}", "GFLOP/s", Timing.Rate(call, p.Flops / 1e9, reps, minTime));
                var step = Timing.Rate(() => { foreach (var (_, call) in calls) call(); }, calls.Sum(c => c.p.Flops) / 1e9, reps, minTime);
                yield return new BenchRecord(Name, $"threads={t} {config} step", "GFLOP/s", step);
            }
        }
    }

    static Action Call(MlpShapes.Product p, GemmPlan? plan, int threads, double zeros = 0)
    {
        var a = new float[p.M * p.K];
        var b = new float[p.K * p.N];
        var c = new float[p.M * p.N];
        Philox.FillNormal(0, 1, 0, a);
        Philox.FillNormal(0, 2, 0, b);
        if (zeros > 0)
        {
            // A with this fraction of exact zeros (as after ReLU + dropout), through the zero-skipping product.
            var u = new float[a.Length];
            Philox.FillUniform(0, 3, 0, u);
            for (int i = 0; i < a.Length; i++) if (u[i] < zeros) a[i] = 0;
            var (opA, opB) = (p.TransA ? Op.Transpose : Op.None, p.TransB ? Op.Transpose : Op.None);
            int lda = opA == Op.None ? p.K : p.M, ldb = opB == Op.None ? p.N : p.K;
            return () => SparseGemm.Multiply(opA, opB, p.M, p.N, p.K, 1f, a, lda, b, ldb, 0f, c, p.N);
        }
        return GemmWorkload.Call(p.TransA ? Op.Transpose : Op.None, p.TransB ? Op.Transpose : Op.None, p.M, p.N, p.K, a, b, c, plan, threads);
    }
}
