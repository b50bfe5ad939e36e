using System.Diagnostics;

namespace Eumentia.Bench;

/// <summary>
/// Whole-run timing as the peer scripts do it: warm-up, one call that calibrates how many calls make one
/// timed repeat of at least minSeconds, then reps repeats; rates are per second of a repeat.
/// Medians (not means) because the machines are shared and a neighbour's build shows up as outliers.
/// With <see cref="UseCpuTime"/> a repeat is timed by the process's CPU time instead of the wall clock: on a
/// machine where other jobs steal the cores this measures the code, not the queue (for development: the
/// published comparisons use the wall clock, like the peer).
/// </summary>
public static class Timing
{
    public static bool UseCpuTime { get; set; }

    /// <summary>Seconds of untimed calls before a case is measured.</summary>
    public static double WarmUpSeconds { get; set; } = 0.2;

    static double Now() => UseCpuTime
        ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds
        : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public sealed record Result(double Median, double Min, double Max, int Inner, int Reps);

    /// <param name="work">units of work (flops, samples) one call does</param>
    public static Result Rate(Action call, double work, int reps, double minSeconds)
    {
        int inner = Calibrate(call, minSeconds);
        var rates = new double[reps];
        for (int r = 0; r < reps; r++) rates[r] = Repeat(call, work, inner);
        Array.Sort(rates);
        return new Result(Median(rates), rates[0], rates[^1], inner, reps);
    }

    /// <summary>
    /// Warms a case up, long enough for the JIT's tiers to settle (the peer has no JIT; its first call is
    /// representative), and returns how many calls make a timed repeat of at least minSeconds, calibrated on
    /// a warm call.
    /// </summary>
    public static int Calibrate(Action call, double minSeconds)
    {
        double t0 = Now(), elapsed;
        int warm = 0;
        do { call(); warm++; elapsed = Now() - t0; } while (warm < 3 || (elapsed < WarmUpSeconds && warm < 100_000));
        t0 = Now();
        call();
        double one = Now() - t0;
        return (int)Math.Max(1, Math.Min(1_000_000, minSeconds / Math.Max(one, 1e-7)));
    }

    /// <summary>One timed repeat of inner calls: units of work per second.</summary>
    public static double Repeat(Action call, double work, int inner)
    {
        double t0 = Now();
        for (int i = 0; i < inner; i++) call();
        return work * inner / (Now() - t0);
    }

    public static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
