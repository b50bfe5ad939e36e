using Eumentia.Numerics.Threading;
using System.Diagnostics;
using Eumentia.Training;

namespace Eumentia.Bench;

/// <summary>
/// E networks 784-H-H-10 (default 16 × 784-100-100-10, batch 64) trained together, each with its own data
/// order (model e starts at offset e·n/E) and its own dropout masks (seed 1234 + e): aggregate model-samples/s,
/// median over reps, each rep ens_batches timed steps per model after 10 untimed ones. The members run side by
/// side over the thread budget as <see cref="Ensemble.ForEach"/> schedules them. Peer: torch_mlp_bench.py
/// --ensemble (sequential, stacked baddbmm and functorch.vmap; the target is its best).
/// </summary>
public sealed class EnsembleWorkload : IWorkload
{
    public string Name => "ensemble";
    public string Description => "16 MLPs trained together, model-samples/s (peer: torch_mlp_bench.py --ensemble)";
    public string Usage => "--threads 2 --reps 3 --ens_E 16 --ens_batches 300";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int threads = args.Int("threads", 2), reps = args.Int("reps", 3), members = args.Int("ens_E", 16), nb = args.Int("ens_batches", 300);
        string opt = args.String("opt", "sgd");
        double dropout = args.Double("dropout", 0.3);
        args.Flag("ensemble"); // the peer's switch for this workload; implied here
        args.RejectUnknown();
        const int width = 100, depth = 2, batch = 64, warm = 10;
        Parallelism.MaxThreads = threads;
        var train = FashionMnist.Load().Train;
        var rates = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            TrainWorkload.ReleaseGarbage();
            var runs = Enumerable.Range(0, members)
                .Select(e => new MlpStep(width, depth, batch, opt, dropout, 1234 + (ulong)e, train.X, train.Y, train.Count, e * (train.Count / members)))
                .ToArray();
            Ensemble.ForEach(members, e => runs[e].Run(warm));
            var clock = Stopwatch.StartNew();
            Ensemble.ForEach(members, e => runs[e].Run(nb));
            rates[r] = (double)members * nb * batch / clock.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        yield return new BenchRecord(Name, $"ensemble {members}x784-{width}-{width}-10 batch {batch}", "model-samples/s", TrainWorkload.Summary(rates));
    }
}
