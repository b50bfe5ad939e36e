using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Bench;

/// <summary>
/// Cache blocking plans for one product, timed in one process in alternation: round after round, each plan gets
/// one short timed repeat. On a shared host whose speed moves by 30-40 % within seconds (another tenant's load,
/// the clock), separate runs cannot tell a 5 % change from the weather; alternation puts every plan through the
/// same weather. Prints each plan's median, its ratio to the first plan, and the per-round figures.
/// </summary>
public sealed class GemmPlansWorkload : IWorkload
{
    public string Name => "gemm-plans";
    public string Description => "alternate cache-block plans MC:NC of one SGEMM in one process (tuning)";
    public string Usage => "--plans 144:512 48:512 144:2048 --m 1024 --n 1024 --k 1024 [--trans_a] [--trans_b] --threads 1 --rounds 15";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        var plans = args.Strings("plans", "144:512", "144:2048").Select(ParsePlan).ToArray();
        int m = args.Int("m", 1024), n = args.Int("n", 1024), k = args.Int("k", 1024);
        int threads = args.Int("threads", 1), rounds = args.Int("rounds", 15);
        Op opA = args.Flag("trans_a") ? Op.Transpose : Op.None, opB = args.Flag("trans_b") ? Op.Transpose : Op.None;
        args.RejectUnknown();
        Parallelism.MaxThreads = threads;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        Philox.FillNormal(0, 1, 0, a);
        Philox.FillNormal(0, 2, 0, b);
        int lda = opA == Op.None ? k : m, ldb = opB == Op.None ? n : k;
        var shapePlan = Gemm.ChoosePlan(opA, opB, m, n, k);
        var rates = plans.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < plans.Length; i++)
            {
                var plan = shapePlan with { MC = plans[i].MC, NC = plans[i].NC };
                void Call() => Gemm.Run(GemmKernelChoice.Best, opA, opB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, plan, threads);
                rates[i].Add(Timing.Rate(Call, 2.0 * m * n * k / 1e9, 1, 0.1).Median);
            }
        double first = Timing.Median([.. rates[0].Order()]);
        for (int i = 0; i < plans.Length; i++)
        {
            var sorted = rates[i].Order().ToArray();
            double median = Timing.Median(sorted);
            yield return new BenchRecord(Name, $"threads={threads} {m}x{n}x{k} MC={plans[i].MC} NC={plans[i].NC}", "GFLOP/s",
                new Timing.Result(median, sorted[0], sorted[^1], 1, rounds));
            double pairedRatio = Timing.Median([.. rates[i].Zip(rates[0], (x, y) => x / y).Order()]);
            Console.WriteLine($"  {median / first:F3} x the first plan (median of round-by-round ratios {pairedRatio:F3}); rounds: {string.Join(" ", rates[i].Select(v => v.ToString("F0")))}");
        }
    }

    static (int MC, int NC) ParsePlan(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int mc) || !int.TryParse(parts[1], out int nc) || mc < 1 || nc < 1)
            throw new ArgumentException($"--plans: '{text}' is not MC:NC with two positive integers");
        return (mc, nc);
    }
}
