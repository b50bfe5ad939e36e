using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;
using System.Globalization;

namespace Eumentia.Bench;

/// <summary>
/// The <see cref="GemmWorkload"/> cases one timed repeat at a time on request, for bench/lockstep.py, which
/// alternates them repeat by repeat with the peer's bench/peer/gemm_lockstep.py: each line "THREADS N" on
/// standard input answers "RATE &lt;GFLOP/s&gt;". The first request for a case allocates it and warms it up
/// (<see cref="Timing.Calibrate"/>). An empty line or the end of input ends it. This host's speed moves by a
/// third within seconds, so two processes timed one after the other see different machines; repeats taken
/// turn about see the same one.
/// </summary>
public sealed class GemmLockstepWorkload : IWorkload
{
    public string Name => "gemm-lockstep";
    public string Description => "SGEMM repeats on request from standard input, \"THREADS N\" -> \"RATE x\" (for bench/lockstep.py)";
    public string Usage => "--min_time 0.25";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        double minTime = args.Double("min_time", 0.25);
        args.RejectUnknown();
        var cases = new Dictionary<(int Threads, int N), (Action Call, int Inner)>();
        while (Console.ReadLine() is { Length: > 0 } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 2 || !int.TryParse(words[0], out int threads) || !int.TryParse(words[1], out int n) || threads < 1 || n < 1)
                throw new ArgumentException($"gemm-lockstep: request '{line}' is not \"THREADS N\" with two positive integers");
            Parallelism.MaxThreads = threads;
            if (!cases.TryGetValue((threads, n), out var entry))
            {
                var a = new float[n * n];
                var b = new float[n * n];
                var c = new float[n * n];
                Philox.FillNormal(0, 1, 0, a);
                Philox.FillNormal(0, 2, 0, b);
                var call = GemmWorkload.Call(Op.None, Op.None, n, n, n, a, b, c, null, threads);
                entry = cases[(threads, n)] = (call, Timing.Calibrate(call, minTime));
            }
            double rate = Timing.Repeat(entry.Call, 2.0 * n * n * n / 1e9, entry.Inner);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RATE {rate}"));
        }
        yield break;
    }
}
