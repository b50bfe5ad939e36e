using Eumentia.Analysis.Collapse;
using Eumentia.Analysis;

namespace Eumentia.Tests.Analysis.Collapse;

/// <summary>Synthetic collapse data sets with known exponents (5% multiplicative noise per seed unless said).</summary>
public static class CollapseTestData
{
    public const double Pc = 0.5, Nu = 1.3, Zeta = 0.4, Delta = 0.25, L0 = 1.5;

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>y = L^(zeta/nu) sigmoid(2 (p - p_c) L^(1/nu)).</summary>
    public static ObservationSet PowerLaw(int replica, int seeds = 6, double noise = 0.05) =>
        SyntheticData.Grid((l, p) => Math.Pow(l, Zeta / Nu) * Sigmoid(2 * (p - Pc) * Math.Pow(l, 1 / Nu)),
            [8, 16, 32, 64], SyntheticData.Linear(0.35, 0.65, 25), seeds, noise, replica, multiplicative: true);

    /// <summary>y = L^Delta sigmoid(0.6 (p - p_c) ln^2(L / L0)).</summary>
    public static ObservationSet Bkt(int replica, int seeds = 6, double noise = 0.03) =>
        SyntheticData.Grid((l, p) => Math.Pow(l, Delta) * Sigmoid(0.6 * (p - Pc) * Math.Pow(Math.Log(l / L0), 2)),
            [8, 16, 32, 64, 128], SyntheticData.Linear(0.35, 0.65, 25), seeds, noise, replica, multiplicative: true);

    /// <summary>
    /// Depth-time data of an absorbing transition: rho(t, p) = t^-delta F(sign(p - p_c) t |p - p_c|^nu_par) with
    /// F(x) = (1 + x)^delta on the active side (rho tends to |p - p_c|^beta) and exp(-x) on the absorbing side.
    /// "Size" is the depth t, the control is p.
    /// </summary>
    public static ObservationSet DepthTime(AbsorbingClass c, double pc, int replica, int seeds = 6, double noise = 0.03)
    {
        double F(double x) => x >= 0 ? Math.Pow(1 + x, c.Delta) : Math.Exp(x);
        return SyntheticData.Grid((t, p) => Math.Pow(t, -c.Delta) * F(Math.Sign(p - pc) * t * Math.Pow(Math.Abs(p - pc), c.NuParallel)),
            SyntheticData.Geometric(2, 1.6, 12).Select(v => Math.Round(v)).Distinct().ToArray(), SyntheticData.Linear(pc - 0.12, pc + 0.12, 11), seeds, noise, replica, multiplicative: true);
    }

    /// <summary>Mean-field finite-width data: rho(t; n) = n^-1 f(t / n), f(u) = 1 / (kappa u + u^2 / 2) (rho ~ 1 / (kappa t) at t much less than n).</summary>
    public static ObservationSet FiniteWidth(int replica, int seeds = 6, double noise = 0.03) =>
        SyntheticData.Grid((n, t) => 1 / n / (0.8 * (t / n) + 0.5 * (t / n) * (t / n)),
            [16, 32, 64, 128], SyntheticData.Geometric(2, 1.5, 14).Select(v => Math.Round(v)).Distinct().ToArray(), seeds, noise, replica, multiplicative: true);
}
