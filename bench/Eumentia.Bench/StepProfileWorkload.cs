using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Sparse;
using Eumentia.Numerics.Threading;
using System.Diagnostics;
using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Bench;

/// <summary>
/// Where one training step of the peer's protocol spends its time: forward (products + fused bias, ReLU and
/// dropout), loss, backward and optimizer, each timed around the call over many steps (milliseconds per step,
/// median over repeats). No peer: this is for deciding what to optimise next.
/// </summary>
public sealed class StepProfileWorkload : IWorkload
{
    public string Name => "step-profile";
    public string Description => "milliseconds per training step in forward / loss / backward / optimizer (no peer)";
    public string Usage => "--threads 2 --reps 5 --configs 1024:2:256 --steps 60 [--dense]";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int threads = args.Int("threads", 2), reps = args.Int("reps", 5), steps = args.Int("steps", 60);
        var configs = args.Strings("configs", "1024:2:256");
        // --dense: every product through the dense GEMM, to measure what the zero-skipping path saves.
        SparseGemm.Enabled = !args.Flag("dense");
        args.RejectUnknown();
        Parallelism.MaxThreads = threads;
        var data = FashionMnist.Load().Train;
        foreach (var config in configs)
        {
            var (h, depth, batch) = TrainWorkload.ParseConfig(config);
            var net = Mlp.Create(784, h, depth, 10, Activation.Relu);
            net.Initialize(InitScheme.He, 1, 0, 1234);
            var optimizer = Optimizer.Create(OptimizerKind.Sgd, net, 0.05, 0.9, 0);
            var grad = new float[batch * 10];
            string[] phases = ["forward", "loss", "backward", "optimizer", "step"];
            var perPhase = phases.Select(_ => new double[reps]).ToArray();
            int position = 0;
            long step = 0;
            for (int r = -1; r < reps; r++)
            {
                var ticks = new long[4];
                var total = Stopwatch.StartNew();
                for (int s = 0; s < steps; s++, step++)
                {
                    if (position + batch > data.Count) position = 0;
                    var xb = data.X.AsSpan(position * 784, batch * 784);
                    var pass = new DropoutPass(MaskKind.PerExample, 0.3, true, 1234, RngStream.Dropout, step, 0);
                    long t0 = Stopwatch.GetTimestamp();
                    var logits = net.Forward(xb, batch, pass);
                    long t1 = Stopwatch.GetTimestamp();
                    Losses.Evaluate(LossKind.CrossEntropy, logits, data.Y.AsSpan(position, batch), batch, 10, grad, out _);
                    long t2 = Stopwatch.GetTimestamp();
                    net.Backward(xb, grad);
                    long t3 = Stopwatch.GetTimestamp();
                    optimizer.Step(net);
                    long t4 = Stopwatch.GetTimestamp();
                    ticks[0] += t1 - t0; ticks[1] += t2 - t1; ticks[2] += t3 - t2; ticks[3] += t4 - t3;
                    position += batch;
                }
                if (r < 0) continue; // warm-up
                for (int p = 0; p < 4; p++) perPhase[p][r] = ticks[p] * 1e3 / Stopwatch.Frequency / steps;
                perPhase[4][r] = total.Elapsed.TotalMilliseconds / steps;
            }
            for (int p = 0; p < phases.Length; p++)
            {
                // Timing.Result reads as a rate; here it carries milliseconds per step.
                Array.Sort(perPhase[p]);
                yield return new BenchRecord(Name, $"{config} {phases[p]}", "ms/step", TrainWorkload.Summary(perPhase[p]));
            }
        }
    }
}
