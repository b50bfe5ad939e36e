namespace Eumentia.Analysis.Scaling;

/// <summary>
/// The variable-projection core of the scaling-law fits. For a fixed exponent alpha the model
/// ln(E + A N^-alpha) has linear coefficients E and A, solved here exactly (to convergence) instead of being
/// searched: each Gauss-Newton step of the log-space residual ln L - ln(E + A x) is itself a weighted linear
/// least-squares problem in (E, A) with weights 1 / (sigma M)^2, solved in closed form over the box E >= 0,
/// A >= 0 (an active-set choice among the interior solution and the faces E = 0 and A = 0). The outer search
/// then runs over alpha alone, which is why it can afford to be global.
/// </summary>
internal sealed class ScalingLinearSolver
{
    readonly double[] lnN, lnL, w;
    readonly double[] u, t, wt;
    readonly ScalingLawModel model;
    double warmE = double.NaN, warmA = double.NaN;

    public ScalingLinearSolver(ScalingLawModel model, double[] lnN, double[] lnL, double[] sigma)
    {
        this.model = model;
        this.lnN = lnN;
        this.lnL = lnL;
        w = sigma.Select(s => 1 / (s * s)).ToArray();
        u = new double[lnN.Length];
        t = new double[lnN.Length];
        wt = new double[lnN.Length];
    }

    /// <summary>chi^2 and (E, A) at exponent <paramref name="alpha"/>, optionally with E or A held fixed.</summary>
    public (double Chi2, double E, double A) Solve(double alpha, double? fixE = null, double? fixA = null)
    {
        int n = lnN.Length;
        if (model == ScalingLawModel.PowerLaw)
        {
            // ln L = ln A - alpha ln N: ln A is a weighted mean, exactly.
            double lnA;
            if (fixA is double a) lnA = Math.Log(a);
            else
            {
                double sw = 0, s = 0;
                for (int i = 0; i < n; i++) { sw += w[i]; s += w[i] * (lnL[i] + alpha * lnN[i]); }
                lnA = s / sw;
            }
            double chi = 0;
            for (int i = 0; i < n; i++) { double r = lnL[i] - lnA + alpha * lnN[i]; chi += w[i] * r * r; }
            return (chi, 0, Math.Exp(lnA));
        }

        // Scaled column u = N^-alpha / N_ref^-alpha keeps the normal equations well conditioned; B = A N_ref^-alpha.
        double lnRef = alpha >= 0 ? lnN.Min() : lnN.Max();
        for (int i = 0; i < n; i++) u[i] = Math.Exp(-alpha * (lnN[i] - lnRef));
        double refScale = Math.Exp(-alpha * lnRef);
        double? fixB = fixA is double fa ? fa * refScale : null;

        // Start: the linear-space fit with weights w / L^2, the first-order image of the log-space fit.
        for (int i = 0; i < n; i++) { double l = Math.Exp(lnL[i]); t[i] = l; wt[i] = w[i] / (l * l); }
        var (e, b) = SolveBox(fixE, fixB);
        if (e + b <= 0) (e, b) = (fixE ?? 0, fixB ?? Math.Exp(lnL.Average()));
        double chi2 = Chi2(e, b);
        // Warm start from the previous solve (a search moves alpha in small steps): keep the better start.
        if (!double.IsNaN(warmE))
        {
            double we = fixE ?? warmE, wb = fixB ?? warmA * refScale, warmChi2 = Chi2(we, wb);
            if (warmChi2 < chi2) (e, b, chi2) = (we, wb, warmChi2);
        }
        for (int iter = 0; iter < 100; iter++)
        {
            for (int i = 0; i < n; i++)
            {
                double m = e + b * u[i];
                t[i] = m * (1 + lnL[i] - Math.Log(m));
                wt[i] = w[i] / (m * m);
            }
            var (e1, b1) = SolveBox(fixE, fixB);
            double de = e1 - e, db = b1 - b, step = 1, trial = double.PositiveInfinity;
            for (int halving = 0; halving < 40; halving++, step *= 0.5)
            {
                trial = Chi2(e + step * de, b + step * db);
                if (trial <= chi2) break;
            }
            if (!(trial <= chi2)) break;
            e += step * de;
            b += step * db;
            double improvement = chi2 - trial;
            chi2 = trial;
            if (improvement <= 1e-14 * (1 + chi2) && Math.Abs(step * de) <= 1e-12 * (Math.Abs(e) + Math.Abs(b)) && Math.Abs(step * db) <= 1e-12 * (Math.Abs(e) + Math.Abs(b)))
                break;
        }
        (warmE, warmA) = (e, b / refScale);
        return (chi2, e, b / refScale);
    }

    double Chi2(double e, double b)
    {
        double chi = 0;
        for (int i = 0; i < lnN.Length; i++)
        {
            double m = e + b * u[i];
            if (!(m > 0)) return double.PositiveInfinity;
            double r = lnL[i] - Math.Log(m);
            chi += w[i] * r * r;
        }
        return chi;
    }

    /// <summary>min sum wt (t - E - B u)^2 over E >= 0, B >= 0 with either optionally fixed.</summary>
    (double E, double B) SolveBox(double? fixE, double? fixB)
    {
        double sw = 0, su = 0, suu = 0, st = 0, sut = 0;
        for (int i = 0; i < u.Length; i++)
        {
            sw += wt[i]; su += wt[i] * u[i]; suu += wt[i] * u[i] * u[i]; st += wt[i] * t[i]; sut += wt[i] * u[i] * t[i];
        }
        if (fixE is double fe && fixB is double fb) return (fe, fb);
        if (fixE is double e0) return (e0, Math.Max(0, (sut - e0 * su) / suu));
        if (fixB is double b0) return (Math.Max(0, (st - b0 * su) / sw), b0);
        double det = sw * suu - su * su;
        if (det > 1e-14 * sw * suu)
        {
            double e = (suu * st - su * sut) / det, b = (sw * sut - su * st) / det;
            if (e >= 0 && b >= 0) return (e, b);
        }
        // On a face: the better of E = 0 and B = 0 (the objective is a convex quadratic, so one face holds the optimum).
        var faceE = (E: 0.0, B: Math.Max(0, sut / suu));
        var faceB = (E: Math.Max(0, st / sw), B: 0.0);
        return Objective(faceE.E, faceE.B) <= Objective(faceB.E, faceB.B) ? faceE : faceB;
    }

    double Objective(double e, double b)
    {
        double s = 0;
        for (int i = 0; i < u.Length; i++) { double r = t[i] - e - b * u[i]; s += wt[i] * r * r; }
        return s;
    }
}
