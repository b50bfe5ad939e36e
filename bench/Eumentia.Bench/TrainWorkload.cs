using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;
using System.Diagnostics;
using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Bench;

/// <summary>
/// Training and evaluation throughput of the peer's four MLPs on Fashion-MNIST (peer: torch_mlp_bench.py, same
/// flags and protocol): per configuration H:depth:batch, reps fresh networks each trained for samples/batch
/// minibatches after 20 untimed ones (samples/s, median), then the 10k test set evaluated at each --eval_bs
/// (0 = the training batch) with dropout masks on (MC dropout) and off (samples/s, median of max(reps, 3)).
/// </summary>
public sealed class TrainWorkload : IWorkload
{
    public string Name => "train";
    public string Description => "MLP training + eval samples/s on Fashion-MNIST (peer: torch_mlp_bench.py)";
    public string Usage => "--threads 2 --reps 5 --configs 256:2:128 512:3:128 100:2:32 1024:2:256 --samples 60000 --eval_bs 0 1000 10000";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int threads = args.Int("threads", 2), reps = args.Int("reps", 5), samples = args.Int("samples", 60000);
        int batches = args.Int("batches", 0);
        var configs = args.Strings("configs", "256:2:128", "512:3:128", "100:2:32", "1024:2:256");
        var evalBatches = args.Ints("eval_bs", 0, 1000, 10000);
        string opt = args.String("opt", "sgd");
        double dropout = args.Double("dropout", 0.3);
        args.RejectUnknown();
        Parallelism.MaxThreads = threads;
        var data = FashionMnist.Load();
        var train = data.Train;
        foreach (var config in configs)
        {
            var (h, depth, batch) = ParseConfig(config);
            int nb = batches > 0 ? batches : samples / batch;
            var rates = new double[reps];
            MlpStep? last = null;
            for (int r = 0; r < reps; r++)
            {
                // Python frees the previous repeat's network at once; let the GC do the same (untimed), so
                // peak memory compares like with like.
                last = null;
                ReleaseGarbage();
                var run = new MlpStep(h, depth, batch, opt, dropout, 1234, train.X, train.Y, train.Count);
                run.Run(20);
                var clock = Stopwatch.StartNew();
                run.Run(nb);
                rates[r] = (double)nb * batch / clock.Elapsed.TotalSeconds;
                last = run;
            }
            Array.Sort(rates);
            double accuracy = Evaluator.Evaluate(last!.Net, data.Test, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, 1234).Accuracy;
            Console.Error.WriteLine($"  {config}: final training loss {last.LastLoss:F3}, test accuracy {accuracy:F4}");
            yield return new BenchRecord(Name, $"train {config}", "samples/s", Summary(rates));

            foreach (int ebs0 in evalBatches)
            {
                int ebs = ebs0 == 0 ? batch : ebs0;
                foreach (bool masks in new[] { true, false })
                {
                    EvalPass(last.Net, data.Test.X, data.Test.Count, ebs, masks, dropout, 0);
                    var times = new double[Math.Max(reps, 3)];
                    for (int i = 0; i < times.Length; i++)
                    {
                        var clock = Stopwatch.StartNew();
                        EvalPass(last.Net, data.Test.X, data.Test.Count, ebs, masks, dropout, i + 1);
                        times[i] = data.Test.Count / clock.Elapsed.TotalSeconds;
                    }
                    Array.Sort(times);
                    yield return new BenchRecord(Name, $"eval {config} bs{ebs} dropout_{(masks ? "on" : "off")}", "samples/s", Summary(times));
                }
            }
        }
    }

    /// <summary>One forward pass over the test set; with masks, each example its own (PyTorch's train-mode forward).</summary>
    static void EvalPass(Mlp net, float[] x, int count, int batch, bool masks, double p, long draw)
    {
        for (int start = 0; start < count; start += batch)
        {
            int b = Math.Min(batch, count - start);
            var pass = masks ? new DropoutPass(MaskKind.PerExample, p, true, 1234, RngStream.EvalMask, draw, start) : DropoutPass.Off;
            net.Infer(x.AsSpan(start * 784, b * 784), b, pass);
        }
    }

    /// <summary>A full, compacting collection, large-object heap included: dropped networks and workspaces go now.</summary>
    internal static void ReleaseGarbage()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    internal static Timing.Result Summary(double[] sorted) => new(Timing.Median(sorted), sorted[0], sorted[^1], 1, sorted.Length);

    internal static (int H, int Depth, int Batch) ParseConfig(string config)
    {
        var p = config.Split(':');
        if (p.Length != 3 || !int.TryParse(p[0], out int h) || !int.TryParse(p[1], out int d) || !int.TryParse(p[2], out int b) || h < 1 || d < 1 || b < 1)
            throw new ArgumentException($"config '{config}' is not H:depth:batch");
        return (h, d, b);
    }
}
