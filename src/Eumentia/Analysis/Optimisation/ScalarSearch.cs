namespace Eumentia.Analysis.Optimisation;

/// <summary>The outcome of a one-dimensional minimisation.</summary>
public sealed record ScalarMinimum(double X, double Value, int Evaluations, bool Converged, bool AtBoundary, int LocalMinima, int StartsAtOptimum);

/// <summary>
/// Global 1-D minimisation by many starts: a grid over the whole range (linear or logarithmic) locates every
/// basin, and Brent's method (golden section with parabolic steps) refines the best few. This replaces the
/// hand-tuned grid searches whose result depends on where the grid happens to fall.
/// </summary>
public static class ScalarSearch
{
    const double Golden = 0.3819660112501051;

    public static ScalarMinimum Minimize(Func<double, double> f, double lo, double hi, int gridPoints = 48, bool logSpaced = false, int refineStarts = 4)
    {
        if (!(hi > lo)) throw new ArgumentException($"empty search range [{lo}, {hi}]");
        if (logSpaced && lo <= 0) throw new ArgumentException("a log-spaced search needs a positive range");
        Func<double, double> toX = logSpaced ? Math.Exp : t => t;
        double tLo = logSpaced ? Math.Log(lo) : lo, tHi = logSpaced ? Math.Log(hi) : hi;
        var g = new double[gridPoints];
        var fg = new double[gridPoints];
        for (int k = 0; k < gridPoints; k++)
        {
            g[k] = tLo + (tHi - tLo) * k / (gridPoints - 1);
            fg[k] = Safe(f(toX(g[k])));
        }
        var minima = new List<int>();
        for (int k = 0; k < gridPoints; k++)
            if ((k == 0 || fg[k] < fg[k - 1]) && (k == gridPoints - 1 || fg[k] <= fg[k + 1]))
                minima.Add(k);
        int evaluations = gridPoints;
        double bestT = g[0], bestF = double.PositiveInfinity;
        bool converged = false;
        var finals = new List<double>();
        foreach (int k in minima.OrderBy(k => fg[k]).Take(refineStarts))
        {
            double a = g[Math.Max(k - 1, 0)], b = g[Math.Min(k + 1, gridPoints - 1)];
            var (t, ft, evals, ok) = Brent(t => Safe(f(toX(t))), a, b, g[k], fg[k], (tHi - tLo) * 1e-13);
            evaluations += evals;
            finals.Add(ft);
            if (ft < bestF) { bestF = ft; bestT = t; converged = ok; }
        }
        double span = tHi - tLo;
        bool atBoundary = bestT - tLo < 1e-6 * span || tHi - bestT < 1e-6 * span;
        int atOptimum = finals.Count(v => v - bestF <= 1e-7 * (1 + Math.Abs(bestF)));
        return new ScalarMinimum(toX(bestT), bestF, evaluations, converged, atBoundary, minima.Count, atOptimum);
    }

    static double Safe(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;

    /// <summary>Brent's minimiser on [a, b] from an interior point x with known f(x).</summary>
    public static (double X, double F, int Evaluations, bool Converged) Brent(Func<double, double> f, double a, double b, double x, double fx, double absTol)
    {
        const double relTol = 1e-10;
        double w = x, v = x, fw = fx, fv = fx, d = 0, e = 0;
        int evals = 0;
        for (int iter = 0; iter < 200; iter++)
        {
            double xm = 0.5 * (a + b);
            double tol1 = relTol * Math.Abs(x) + absTol, tol2 = 2 * tol1;
            if (Math.Abs(x - xm) <= tol2 - 0.5 * (b - a)) return (x, fx, evals, true);
            if (Math.Abs(e) > tol1)
            {
                double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * r;
                q = 2 * (q - r);
                if (q > 0) p = -p;
                q = Math.Abs(q);
                double eOld = e;
                e = d;
                if (Math.Abs(p) >= Math.Abs(0.5 * q * eOld) || p <= q * (a - x) || p >= q * (b - x))
                {
                    e = x >= xm ? a - x : b - x;
                    d = Golden * e;
                }
                else
                {
                    d = p / q;
                    double trial = x + d;
                    if (trial - a < tol2 || b - trial < tol2) d = Math.CopySign(tol1, xm - x);
                }
            }
            else
            {
                e = x >= xm ? a - x : b - x;
                d = Golden * e;
            }
            double u = Math.Abs(d) >= tol1 ? x + d : x + Math.CopySign(tol1, d);
            double fu = f(u);
            evals++;
            if (fu <= fx)
            {
                if (u >= x) a = x; else b = x;
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu;
            }
            else
            {
                if (u < x) a = u; else b = u;
                if (fu <= fw || w == x) { v = w; fv = fw; w = u; fw = fu; }
                else if (fu <= fv || v == x || v == w) { v = u; fv = fu; }
            }
        }
        return (x, fx, evals, false);
    }
}
