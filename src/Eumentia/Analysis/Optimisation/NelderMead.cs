namespace Eumentia.Analysis.Optimisation;

public sealed record NelderMeadResult(double[] X, double F, int Iterations, int Evaluations, bool Converged);

/// <summary>
/// The Nelder-Mead simplex method (Lagarias et al. coefficients: reflection 1, expansion 2, contraction and
/// shrink 1/2), restarted from its own optimum until a restart no longer improves it, the usual cure for a
/// simplex that collapsed early. Derivative-free, because S of a collapse is piecewise smooth.
/// </summary>
public static class NelderMead
{
    public static NelderMeadResult Minimize(Func<double[], double> f, double[] start, double step,
        double fTol = 1e-10, double xTol = 1e-8, int maxIterations = 4000, int maxRestarts = 3)
    {
        int n = start.Length;
        if (n == 0) return new NelderMeadResult([], f([]), 0, 1, true);
        var best = (double[])start.Clone();
        double fBest = double.PositiveInfinity;
        int iterations = 0, evaluations = 0;
        bool converged = false;
        for (int restart = 0; restart <= maxRestarts; restart++)
        {
            var (x, fx, it, ev, ok) = Run(f, best, step, fTol, xTol, maxIterations - iterations);
            iterations += it; evaluations += ev;
            bool improved = fx < fBest - fTol * (Math.Abs(fBest) + fTol);
            if (fx <= fBest) { best = x; fBest = fx; converged = ok; }
            if (!improved || iterations >= maxIterations) break;
        }
        return new NelderMeadResult(best, fBest, iterations, evaluations, converged);
    }

    static (double[] X, double F, int Iterations, int Evaluations, bool Converged) Run(Func<double[], double> f, double[] start, double step,
        double fTol, double xTol, int maxIterations)
    {
        int n = start.Length;
        var pts = new double[n + 1][];
        var fs = new double[n + 1];
        int evals = 0;
        double Eval(double[] p) { evals++; double v = f(p); return double.IsNaN(v) ? double.PositiveInfinity : v; }
        pts[0] = (double[])start.Clone();
        fs[0] = Eval(pts[0]);
        for (int i = 0; i < n; i++)
        {
            var p = (double[])start.Clone();
            p[i] += p[i] + step <= 1 ? step : -step; // stay inside the unit box where possible
            pts[i + 1] = p;
            fs[i + 1] = Eval(p);
        }
        var centroid = new double[n];
        int iter = 0;
        for (; iter < maxIterations; iter++)
        {
            Array.Sort(fs, pts);
            double spread = 0;
            for (int i = 1; i <= n; i++)
                for (int d = 0; d < n; d++) spread = Math.Max(spread, Math.Abs(pts[i][d] - pts[0][d]));
            if (fs[n] - fs[0] <= fTol * (Math.Abs(fs[0]) + fTol) && spread <= xTol) return (pts[0], fs[0], iter, evals, true);
            Array.Clear(centroid);
            for (int i = 0; i < n; i++)
                for (int d = 0; d < n; d++) centroid[d] += pts[i][d] / n;
            double[] Along(double t) { var p = new double[n]; for (int d = 0; d < n; d++) p[d] = centroid[d] + t * (pts[n][d] - centroid[d]); return p; }
            var xr = Along(-1);
            double fr = Eval(xr);
            if (fr < fs[0])
            {
                var xe = Along(-2);
                double fe = Eval(xe);
                if (fe < fr) { pts[n] = xe; fs[n] = fe; } else { pts[n] = xr; fs[n] = fr; }
                continue;
            }
            if (fr < fs[n - 1]) { pts[n] = xr; fs[n] = fr; continue; }
            bool outside = fr < fs[n];
            var xc = Along(outside ? -0.5 : 0.5);
            double fc = Eval(xc);
            if (outside ? fc <= fr : fc < fs[n]) { pts[n] = xc; fs[n] = fc; continue; }
            for (int i = 1; i <= n; i++)
            {
                for (int d = 0; d < n; d++) pts[i][d] = pts[0][d] + 0.5 * (pts[i][d] - pts[0][d]);
                fs[i] = Eval(pts[i]);
            }
        }
        Array.Sort(fs, pts);
        return (pts[0], fs[0], iter, evals, false);
    }
}
