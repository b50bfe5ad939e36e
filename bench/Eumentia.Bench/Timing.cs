using System.Diagnostics;

namespace Eumentia.Bench;

/// <summary>
/// Whole-run timing as the peer scripts do it: one warm-up call that also calibrates how many calls make one
/// timed repeat of at least minSeconds, a second warm-up, then reps repeats; rates are per second of a repeat.
/// Medians (not means) because the machines are shared and a neighbour's build shows up as outliers.
/// </summary>
public static class Timing
{
    public sealed record Result(double Median, double Min, double Max, int Inner, int Reps);

    /// <param name="work">units of work (flops, samples) one call does</param>
    public static Result Rate(Action call, double work, int reps, double minSeconds)
    {
        var sw = Stopwatch.StartNew();
        call();
        double first = sw.Elapsed.TotalSeconds;
        int inner = (int)Math.Max(1, Math.Min(1_000_000, minSeconds / Math.Max(first, 1e-7)));
        call();
        var rates = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            sw.Restart();
            for (int i = 0; i < inner; i++) call();
            rates[r] = work * inner / sw.Elapsed.TotalSeconds;
        }
        Array.Sort(rates);
        return new Result(Median(rates), rates[0], rates[^1], inner, reps);
    }

    public static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
