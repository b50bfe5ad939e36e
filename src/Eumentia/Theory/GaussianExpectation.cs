using MathNet.Numerics.Integration;

namespace Eumentia.Theory;

/// <summary>
/// Expectations over standard normal variables in float64. Smooth integrands use Gauss–Hermite rules
/// (<see cref="Order"/> nodes per dimension). Integrands with known kinks use composite Gauss–Legendre
/// panels of unit width on [−<see cref="Cutoff"/>, <see cref="Cutoff"/>] split at the kinks: across a kink
/// Gauss–Hermite converges only algebraically, while each smooth panel converges geometrically.
/// </summary>
public sealed class GaussianExpectation
{
    /// <summary>Panels cover |z| ≤ Cutoff; the normal mass beyond is 1.5e-23.</summary>
    public const double Cutoff = 10.0;
    const int PanelOrder = 12;

    static readonly double[] PanelNodes, PanelWeights;
    static readonly double InverseSqrtTwoPi = 1.0 / Math.Sqrt(2.0 * Math.PI);

    readonly GaussHermite rule;

    static GaussianExpectation()
    {
        var panel = new GaussLegendreRule(-1.0, 1.0, PanelOrder);
        PanelNodes = panel.Abscissas.ToArray();
        PanelWeights = panel.Weights.ToArray();
    }

    public GaussianExpectation(int order = 96)
    {
        rule = GaussHermite.Of(order);
    }

    /// <summary>Gauss–Hermite nodes per dimension.</summary>
    public int Order => rule.Order;

    /// <summary>E[f(Z)], Z ~ N(0, 1); <paramref name="breakpoints"/> are the z where f is not smooth.</summary>
    public double Normal(Func<double, double> f, IReadOnlyList<double>? breakpoints = null)
    {
        if (breakpoints is null || breakpoints.Count == 0) return rule.Expect(f);
        return Piecewise(f, breakpoints);
    }

    /// <summary>E[f(X, Y)] for independent X, Y ~ N(0, 1) and a smooth f (tensor Gauss–Hermite).</summary>
    public double StandardBivariate(Func<double, double, double> f)
    {
        var x = rule.NodeSpan;
        var w = rule.WeightSpan;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double inner = 0;
            for (int j = 0; j < x.Length; j++) inner += w[j] * f(x[i], x[j]);
            sum += w[i] * inner;
        }
        return sum;
    }

    /// <summary>
    /// E[f(u₁, u₂)] for centred jointly normal u with variances q₁, q₂ and correlation c (smooth f):
    /// u₁ = √q₁ x, u₂ = √q₂ (c x + √(1 − c²) y).
    /// </summary>
    public double Bivariate(Func<double, double, double> f, double q1, double q2, double c)
    {
        if (q1 < 0 || q2 < 0) throw new ArgumentOutOfRangeException(nameof(q1), "variances must be non-negative");
        if (c < -1 || c > 1) throw new ArgumentOutOfRangeException(nameof(c), c, "correlation must lie in [-1, 1]");
        double s1 = Math.Sqrt(q1), s2 = Math.Sqrt(q2), orthogonal = Math.Sqrt(Math.Max(0.0, 1.0 - c * c));
        return StandardBivariate((x, y) => f(s1 * x, s2 * (c * x + orthogonal * y)));
    }

    /// <summary>
    /// E[f(X, Y)] for independent X, Y ~ N(0, 1) where f is even in Y and, for each y, smooth in x except at
    /// <paramref name="xBreakpoints"/>(y), which move smoothly with y. Outer integral over y ≥ 0 and inner
    /// over x both on split Gauss–Legendre panels.
    /// </summary>
    public double StandardBivariateEvenInY(Func<double, double, double> f, Func<double, IReadOnlyList<double>> xBreakpoints)
    {
        double sum = 0;
        for (double a = 0; a < Cutoff; a += 1.0)
            sum += PanelIntegral(y => Piecewise(x => f(x, y), xBreakpoints(y)), a, a + 1.0);
        return 2.0 * sum;
    }

    /// <summary>∫ g(z) φ(z) dz over |z| ≤ Cutoff on unit panels split at the breakpoints.</summary>
    static double Piecewise(Func<double, double> g, IReadOnlyList<double> breakpoints)
    {
        Span<double> cuts = stackalloc double[2 * (int)Cutoff + 1 + breakpoints.Count];
        int count = 0;
        for (double z = -Cutoff; z <= Cutoff; z += 1.0) cuts[count++] = z;
        foreach (double b in breakpoints)
            if (b > -Cutoff && b < Cutoff) cuts[count++] = b;
        cuts = cuts[..count];
        cuts.Sort();
        double sum = 0;
        for (int i = 0; i + 1 < cuts.Length; i++)
            if (cuts[i + 1] > cuts[i]) sum += PanelIntegral(g, cuts[i], cuts[i + 1]);
        return sum;
    }

    /// <summary>∫_a^b g(z) φ(z) dz by one Gauss–Legendre panel, φ the standard normal density.</summary>
    static double PanelIntegral(Func<double, double> g, double a, double b)
    {
        double mid = 0.5 * (a + b), half = 0.5 * (b - a), sum = 0;
        for (int i = 0; i < PanelOrder; i++)
        {
            double z = mid + half * PanelNodes[i];
            sum += PanelWeights[i] * g(z) * Math.Exp(-0.5 * z * z);
        }
        return sum * half * InverseSqrtTwoPi;
    }
}
