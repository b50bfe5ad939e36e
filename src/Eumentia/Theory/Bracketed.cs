using MathNet.Numerics.RootFinding;

namespace Eumentia.Theory;

/// <summary>Root of a continuous function on a bracket where it changes sign (Brent's method).</summary>
static class Bracketed
{
    /// <summary>
    /// The root of f in [a, b]; f(a) and f(b) must not have the same strict sign. The tolerance is absolute
    /// in x (Brent also stops once |f| falls below it, so pass one scaled to the problem).
    /// </summary>
    public static double Root(Func<double, double> f, double a, double b, double tolerance)
    {
        double fa = f(a), fb = f(b);
        if (fa == 0) return a;
        if (fb == 0) return b;
        if (Math.Sign(fa) == Math.Sign(fb))
            throw new InvalidOperationException($"no sign change on [{a}, {b}]: f = {fa}, {fb}");
        if (!Brent.TryFindRoot(f, a, b, tolerance, 400, out double root))
            throw new EumentiaException($"root finding did not converge on [{a}, {b}] to tolerance {tolerance}");
        return root;
    }
}
