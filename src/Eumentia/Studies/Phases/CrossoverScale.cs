using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Phases;

/// <summary>The crossover size N* where L(N) turns from decaying to rising, with its bootstrap error.</summary>
public sealed record CrossoverEstimate(double NStar, double LnNStarError, double Lower, double Upper, int Resamples, bool Interior);

public static class CrossoverScale
{
    /// <summary>
    /// ln N* of one mean curve: the vertex of the parabola in ln N through the minimum of <paramref name="mean"/> and its
    /// two neighbours, clamped to the neighbours; the minimum's own ln N where it lies at an end of the grid (not interior).
    /// </summary>
    public static double LnFromMean(IReadOnlyList<double> sizes, double[] mean, out bool interior)
    {
        int k = sizes.Count, i = 0;
        for (int j = 1; j < k; j++) if (mean[j] < mean[i]) i = j;
        interior = i > 0 && i < k - 1;
        if (!interior) return Math.Log(sizes[i]);
        double x0 = Math.Log(sizes[i - 1]), x1 = Math.Log(sizes[i]), x2 = Math.Log(sizes[i + 1]), y0 = mean[i - 1], y1 = mean[i], y2 = mean[i + 1];
        double d = (x0 - x1) * (x0 - x2) * (x1 - x2);
        double a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / d;
        double b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / d;
        return a > 0 ? Math.Clamp(-b / (2 * a), x0, x2) : x1;
    }

    /// <summary>The mean of equally long curves, point by point.</summary>
    public static double[] MeanCurve(IEnumerable<double[]> curves, int length)
    {
        var m = new double[length];
        int count = 0;
        foreach (var c in curves) { for (int j = 0; j < length; j++) m[j] += c[j]; count++; }
        for (int j = 0; j < length; j++) m[j] /= count;
        return m;
    }

    /// <summary>
    /// N* from the mean over seeds of L(N): the vertex of the parabola in ln N through the minimum and its two
    /// neighbours (so N* is not pinned to the grid), clamped to the neighbours. The error comes from
    /// resampling seeds (whole replicate curves) with replacement: the standard deviation of ln N* and a 68 %
    /// percentile interval. <paramref name="perSeed"/>[s][i] is seed s's loss at sizes[i].
    /// </summary>
    public static CrossoverEstimate Estimate(IReadOnlyList<double> sizes, IReadOnlyList<double[]> perSeed, int resamples = 400, ulong seed = 0)
    {
        if (perSeed.Count == 0) throw new ArgumentException("no seeds");
        int k = sizes.Count;
        double Vertex(double[] mean, out bool interior) => LnFromMean(sizes, mean, out interior);
        double[] MeanOf(IEnumerable<double[]> curves) => MeanCurve(curves, k);

        double center = Vertex(MeanOf(perSeed), out bool isInterior);
        var boots = new double[resamples];
        int s = perSeed.Count;
        for (int r = 0; r < resamples; r++)
        {
            var pick = Enumerable.Range(0, s).Select(j => perSeed[(int)(Philox.Uniform(seed, RngStream.Of(RngStream.Subset, 7, r), (ulong)j) * s)]);
            boots[r] = Vertex(MeanOf(pick), out _);
        }
        Array.Sort(boots);
        double mean = boots.Average();
        double sd = Math.Sqrt(boots.Sum(b => (b - mean) * (b - mean)) / Math.Max(1, resamples - 1));
        double lo = boots[(int)(0.16 * (resamples - 1))], hi = boots[(int)(0.84 * (resamples - 1))];
        return new CrossoverEstimate(Math.Exp(center), sd, Math.Exp(lo), Math.Exp(hi), resamples, isInterior);
    }
}
