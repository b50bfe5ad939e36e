using Eumentia.Numerics;

namespace Eumentia.Bench;

/// <summary>
/// SGEMM on the MLP training shapes (<see cref="MlpShapes"/>): GFLOP/s per product, plus, per configuration,
/// the rate of all its products back to back (what one training step spends in GEMM). Peer: gemm_mlp_bench.py.
/// </summary>
public sealed class GemmMlpWorkload : IWorkload
{
    public string Name => "gemm-mlp";
    public string Description => "SGEMM GFLOP/s on the MLP training products (peer: bench/peer/gemm_mlp_bench.py)";
    public string Usage => "--threads 1 2 --configs 256:2:128 100:2:32 --reps 5 --min_time 0.2 [--each] [--only fwd dx dw]";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int[] threads = args.Ints("threads", 1, 2);
        var configs = args.Strings("configs", MlpShapes.DefaultConfigs);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.2);
        bool each = args.Flag("each");
        var plan = GemmWorkload.ForcedPlan(args);
        var only = args.Strings("only");
        args.RejectUnknown();
        foreach (int t in threads)
        {
            Parallelism.MaxThreads = t;
            foreach (var config in configs)
            {
                var calls = MlpShapes.ForConfig(config).Where(p => only.Length == 0 || only.Contains(p.Name))
                    .Select(p => (p, Call(p, plan, t))).ToList();
                if (each)
                    foreach (var (p, call) in calls)
                        yield return new BenchRecord(Name, $"threads={t} {config} {p.Key}", "GFLOP/s", Timing.Rate(call, p.Flops / 1e9, reps, minTime));
                var step = Timing.Rate(() => { foreach (var (_, call) in calls) call(); }, calls.Sum(c => c.p.Flops) / 1e9, reps, minTime);
                yield return new BenchRecord(Name, $"threads={t} {config} step", "GFLOP/s", step);
            }
        }
    }

    static Action Call(MlpShapes.Product p, GemmPlan? plan, int threads)
    {
        var a = new float[p.M * p.K];
        var b = new float[p.K * p.N];
        var c = new float[p.M * p.N];
        Philox.FillNormal(0, 1, 0, a);
        Philox.FillNormal(0, 2, 0, b);
        return GemmWorkload.Call(p.TransA ? Op.Transpose : Op.None, p.TransB ? Op.Transpose : Op.None, p.M, p.N, p.K, a, b, c, plan, threads);
    }
}
