using System.Globalization;
using Eumentia.Studies.Criticality;

namespace Eumentia.Bench;

/// <summary>
/// The mean ρ_l ± its standard error over weight draws of Eumentia's CNN probe at a few depths, in the format of
/// `bench/peer/cnn_probe_bench.py --check`, so that the peer's convolution can be checked to propagate the same
/// signals (same law, independent random streams: the two means should agree within their errors).
/// </summary>
public sealed class CnnProbeCheckTool : IBenchTool
{
    public string Name => "cnn-probe-check";
    public string Description => "mean ρ_l of the CNN probe at a few depths, to compare with cnn_probe_bench.py --check";
    public string Usage => "--shapes 8:256:1 8:32:2 --depth 64 --draws 16 --sigma-w 1.5 --sigma-b 0.3";

    public int Run(BenchArgs args)
    {
        var shapes = args.Strings("shapes", "8:256:1", "8:32:2");
        int depth = args.Int("depth", 64), draws = args.Int("draws", 16);
        double sigmaW = args.Double("sigma_w", 1.5), sigmaB = args.Double("sigma_b", 0.3);
        args.RejectUnknown();
        if (depth < 1 || draws < 2) throw new ArgumentException($"--depth {depth} must be ≥ 1 and --draws {draws} ≥ 2");
        foreach (var shape in shapes)
        {
            var (channels, size, dimensions) = CnnProbeWorkload.Parse(shape);
            ProbeResult result;
            try
            {
                result = SignalProbe.Run(new ProbeConfig
                {
                    Architecture = dimensions == 1 ? "cnn1d" : "cnn2d", Width = channels, Size = size, Kernel = 3, Depth = depth,
                    Pairs = 1, Draws = draws, SigmaW = sigmaW, SigmaB = sigmaB, Weights = "shared", Sampler = "weights",
                });
            }
            catch (UsageException e) { throw new ArgumentException(e.Message); }
            int[] at = [.. new[] { 0, 1, 2, 4, 8, 16, 32, 64, depth }.Where(i => i <= depth).Distinct().Order()];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{shape} sigma_w {sigmaW} sigma_b {sigmaB}: ") +
                string.Join(", ", at.Select(i => string.Create(CultureInfo.InvariantCulture, $"rho_{i} = {result.Mean[i]:F4} ± {result.StdErr[i]:F4}"))));
        }
        return 0;
    }
}
