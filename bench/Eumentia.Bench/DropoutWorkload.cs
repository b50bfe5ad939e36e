using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Bench;

/// <summary>
/// Inverted dropout on activation matrices of the MLP shapes, in elements per second: `apply` draws the mask,
/// writes it and multiplies the activations in place (what a training forward pass needs), `fill` only draws
/// the mask. Peer: bench/peer/dropout_bench.py (F.dropout in training mode, p = 0.3).
/// </summary>
public sealed class DropoutWorkload : IWorkload
{
    public string Name => "dropout";
    public string Description => "dropout mask + apply, elements/s (peer: bench/peer/dropout_bench.py)";
    public string Usage => "--shapes 32x100 128x256 128x512 256x1024 --p 0.3 --reps 5 --min_time 0.2 [--generator avx512|avx2]";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        var shapes = args.Strings("shapes", "32x100", "128x256", "128x512", "256x1024");
        float p = (float)args.Double("p", 0.3);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.2);
        // The Philox generator: the CPU's best (AVX-512 where present) or AVX2, to measure one against the other.
        PhiloxBulk.UseAvx512 = args.String("generator", "avx512") switch
        {
            "avx512" => PhiloxAvx512.IsSupported,
            "avx2" => false,
            var other => throw new ArgumentException($"--generator: '{other}' is neither avx512 nor avx2"),
        };
        args.RejectUnknown();
        Parallelism.MaxThreads = 1;
        foreach (var shape in shapes)
        {
            var dims = shape.Split('x');
            if (dims.Length != 2 || !int.TryParse(dims[0], out int rows) || !int.TryParse(dims[1], out int cols))
                throw new ArgumentException($"shape '{shape}' is not ROWSxCOLS");
            int n = rows * cols;
            var x = new float[n];
            var mask = new float[n];
            Philox.FillNormal(0, 1, 0, x);
            ulong step = 0;
            float keep = 1 - p, scale = 1 / keep;
            // A new stream per call, as a training loop draws a new mask per step.
            yield return new BenchRecord(Name, $"apply {shape}", "Melem/s",
                Timing.Rate(() => DropoutMask.Apply(1, RngStream.Of(RngStream.Dropout, 1, (long)step++), 0, keep, scale, x, mask), n / 1e6, reps, minTime));
            yield return new BenchRecord(Name, $"fill {shape}", "Melem/s",
                Timing.Rate(() => DropoutMask.Fill(1, RngStream.Of(RngStream.Dropout, 1, (long)step++), 0, keep, scale, mask), n / 1e6, reps, minTime));
        }
    }
}
