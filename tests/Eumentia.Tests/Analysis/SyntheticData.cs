using Eumentia.Analysis.Collapse;
using Eumentia.Analysis;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Tests.Analysis;

/// <summary>Synthetic data sets with known answers, every draw from Philox so tests are reproducible.</summary>
public static class SyntheticData
{
    static ulong Stream(int replica) => SyntheticCollapse.Stream(replica);

    /// <summary>L(N) = f(N) exp(noise z), one row per (size, seed).</summary>
    public static ObservationSet ScalingLaw(Func<double, double> law, double[] sizes, int seeds, double logNoise, int replica)
    {
        var rows = new List<Observation>();
        ulong counter = 0;
        for (int s = 0; s < seeds; s++)
            foreach (double n in sizes)
                rows.Add(new Observation(n, 0, law(n) * Math.Exp(logNoise * Philox.Normal(17, Stream(replica), counter++)), double.NaN, s, rows.Count + 2));
        return new ObservationSet(rows, Enumerable.Range(0, seeds).Select(i => $"s{i}").ToArray(), "synthetic");
    }

    /// <summary>y(L, p) = f(L, p) + noise, one row per (size, control, seed).</summary>
    public static ObservationSet Grid(Func<double, double, double> f, double[] sizes, double[] controls, int seeds, double noise, int replica, bool multiplicative = false) =>
        SyntheticCollapse.Grid(f, sizes, controls, seeds, noise, replica, multiplicative);

    public static double[] Geometric(double first, double ratio, int count) =>
        Enumerable.Range(0, count).Select(i => first * Math.Pow(ratio, i)).ToArray();

    public static double[] Linear(double first, double last, int count) =>
        Enumerable.Range(0, count).Select(i => first + (last - first) * i / (count - 1)).ToArray();
}
