using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Subset;

/// <summary>Where a 0 → 1 curve crosses 0.1, 0.5 and 0.9, with bootstrap standard errors.</summary>
/// <param name="Resolved">True when some measured budget lies strictly between the 0.1 and 0.9 levels; when
/// false the curve jumps between neighbouring budgets and <see cref="Width"/> is only bounded by the
/// grid spacing there.</param>
public sealed record Transition(
    double M10, double M10Se, double M50, double M50Se, double M90, double M90Se,
    double Width, double WidthSe, double GridSpacing, bool Resolved);

/// <summary>
/// The sharpness of a match-probability transition: the budgets m_0.1, m_0.5, m_0.9 at which MP(m) crosses
/// those levels, and the width m_0.9 - m_0.1. MP is first made monotone in m (pool-adjacent-violators; a
/// no-op for MP itself, whose per-draw curves are monotone by construction, but not for a rank fraction),
/// then crossings are interpolated linearly between budgets. Errors: bootstrap over draws (whole per-draw
/// curves are resampled, keeping the common random numbers across m), resamples from Philox so the
/// errors are reproducible. A crossing outside the measured budgets is NaN.
/// </summary>
public static class TransitionSharpness
{
    public static Transition Measure(IReadOnlyList<int> budgets, IReadOnlyList<bool[]> byDraw, int resamples, ulong seed, ulong stream)
    {
        if (budgets.Count == 0 || byDraw.Count == 0) throw new ArgumentException("no budgets or no draws");
        var curve = Mean(byDraw, budgets.Count, null);
        var point = Crossings(budgets, curve);
        var samples = new List<double[]>();
        var pick = new int[byDraw.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < pick.Length; i++)
                pick[i] = (int)(Philox.Uniform(seed, stream, (ulong)b * (ulong)pick.Length + (ulong)i) * pick.Length);
            samples.Add(Crossings(budgets, Mean(byDraw, budgets.Count, pick)));
        }
        double Error(int k) => StdDev(samples.Select(s => s[k]).Where(double.IsFinite).ToArray());
        double width = point[2] - point[0];
        bool resolved = Enumerable.Range(0, curve.Length).Any(i => curve[i] > 0.1 && curve[i] < 0.9);
        return new Transition(point[0], Error(0), point[1], Error(1), point[2], Error(2), width, Error(3), Spacing(budgets, curve), resolved);
    }

    /// <summary>The fraction of draws that are true at each budget, made monotone (PAV).</summary>
    public static double[] Mean(IReadOnlyList<bool[]> byDraw, int budgets, int[]? pick)
    {
        var mean = new double[budgets];
        int n = pick?.Length ?? byDraw.Count;
        for (int i = 0; i < n; i++)
        {
            var d = byDraw[pick is null ? i : pick[i]];
            for (int k = 0; k < budgets; k++) if (d[k]) mean[k] += 1.0 / n;
        }
        return Isotonic(mean);
    }

    /// <summary>Least-squares non-decreasing fit with equal weights (pool adjacent violators).</summary>
    public static double[] Isotonic(IReadOnlyList<double> y)
    {
        var value = new List<double>();
        var count = new List<int>();
        foreach (double v in y)
        {
            value.Add(v);
            count.Add(1);
            while (value.Count > 1 && value[^2] > value[^1])
            {
                int c = count[^2] + count[^1];
                double merged = (value[^2] * count[^2] + value[^1] * count[^1]) / c;
                value.RemoveAt(value.Count - 1);
                count.RemoveAt(count.Count - 1);
                value[^1] = merged;
                count[^1] = c;
            }
        }
        var fit = new double[y.Count];
        int at = 0;
        for (int b = 0; b < value.Count; b++)
            for (int j = 0; j < count[b]; j++) fit[at++] = value[b];
        return fit;
    }

    /// <summary>(m_0.1, m_0.5, m_0.9, width) of a monotone curve.</summary>
    static double[] Crossings(IReadOnlyList<int> budgets, double[] curve)
    {
        double m10 = Crossing(budgets, curve, 0.1), m50 = Crossing(budgets, curve, 0.5), m90 = Crossing(budgets, curve, 0.9);
        return [m10, m50, m90, m90 - m10];
    }

    /// <summary>The budget at which a non-decreasing curve first reaches <paramref name="level"/>; NaN if it starts above or never gets there.</summary>
    public static double Crossing(IReadOnlyList<int> budgets, IReadOnlyList<double> curve, double level)
    {
        for (int i = 0; i < curve.Count; i++)
        {
            if (curve[i] < level) continue;
            if (i == 0) return double.NaN;
            double t = (level - curve[i - 1]) / (curve[i] - curve[i - 1]);
            return budgets[i - 1] + t * (budgets[i] - budgets[i - 1]);
        }
        return double.NaN;
    }

    /// <summary>The grid spacing where the curve first rises above 0.1: the resolution of the width there.</summary>
    static double Spacing(IReadOnlyList<int> budgets, double[] curve)
    {
        for (int i = 1; i < curve.Length; i++)
            if (curve[i] >= 0.1) return budgets[i] - budgets[i - 1];
        return double.NaN;
    }

    static double StdDev(double[] x)
    {
        if (x.Length < 2) return double.NaN;
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
}
