using Eumentia.Numerics.Threading;
using Eumentia.Studies.Criticality;

namespace Eumentia.Bench;

/// <summary>
/// The criticality study's random-CNN probe layer by layer, in layers per second on one thread (the study runs its
/// weight draws in parallel, one thread each; a probe needs two draws at least, run here one after the other): per layer tanh, a fresh shared filter and bias from
/// Philox, im2col over the periodic neighbourhood, one GEMM, and ρ of the pair. Shapes are CHANNELS:SIZE:DIMENSIONS
/// with a 3-wide (3×3) filter and one input pair, as the presets run them: 8:256:1 and 8:32:2 (quick), 16:512:1
/// and 16:64:2 (standard), 32:2048:1 and 32:128:2 (paper). Peer: bench/peer/criticality_study.py --kernel
/// (torch conv1d/conv2d with circular padding, the same shapes and per-layer work).
/// </summary>
public sealed class CnnProbeWorkload : IWorkload
{
    public string Name => "cnn-probe";
    public string Description => "criticality CNN probe (im2col + GEMM per layer), layers/s (peer: bench/peer/criticality_study.py --kernel)";
    public string Usage => "--shapes 8:256:1 8:32:2 16:512:1 16:64:2 32:2048:1 32:128:2 --depth 200 --reps 5 --min_time 0.2";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        var shapes = args.Strings("shapes", "8:256:1", "8:32:2", "16:512:1", "16:64:2", "32:2048:1", "32:128:2");
        int depth = args.Int("depth", 200);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.2);
        args.RejectUnknown();
        if (depth < 1) throw new ArgumentException($"--depth {depth} must be at least 1");
        var configs = shapes.Select(Parse).Select(s => new ProbeConfig
        {
            Architecture = s.Dimensions == 1 ? "cnn1d" : "cnn2d", Width = s.Channels, Size = s.Size, Kernel = 3, Depth = depth,
            Pairs = 1, Draws = 2, SigmaW = 1.5, SigmaB = 0.3, Weights = "shared", Sampler = "weights",
        }).ToList();
        Parallelism.MaxThreads = 1;
        foreach (var (shape, config) in shapes.Zip(configs))
            yield return new BenchRecord(Name, $"cnn {shape}", "layers/s", Timing.Rate(() => SignalProbe.Run(config), config.Draws * depth, reps, minTime));
    }

    internal static (int Channels, int Size, int Dimensions) Parse(string shape)
    {
        var parts = shape.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[0], out int c) || !int.TryParse(parts[1], out int l) || !int.TryParse(parts[2], out int d)
            || c < 1 || l < 3 || d is not (1 or 2))
            throw new ArgumentException($"shape '{shape}' is not CHANNELS:SIZE:DIMENSIONS (channels ≥ 1, size ≥ 3, dimensions 1 or 2)");
        return (c, l, d);
    }
}
