namespace Eumentia.Analysis.Collapse;

/// <summary>
/// The standard finite-size-scaling form y = L^(zeta/nu) f((p - p_c) L^(1/nu)): plotted as
/// y L^(-zeta/nu) against (p - p_c) L^(1/nu). Parameters p_c, nu, zeta (pyfssa's rho, nu, zeta).
/// With <see cref="ForClass"/> the exponents are fixed to an absorbing-state class (nu = nu_perp,
/// zeta = -beta, i.e. rho L^(beta/nu_perp) against (p - p_c) L^(1/nu_perp)).
/// </summary>
public sealed class PowerLawCollapseForm(double? fixedNu = null, double? fixedZeta = null, string name = "power") : ICollapseForm
{
    public string Name => name;
    public string Description => "y = L^(zeta/nu) f((p - p_c) L^(1/nu))";
    public string XLabel => "(p − p_{c}) L^{1/ν}";
    public string YLabel => "y L^{−ζ/ν}";

    public static PowerLawCollapseForm ForClass(AbsorbingClass c) => new(c.NuPerp, -c.Beta, $"power-{c.Name}");

    public IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data)
    {
        double lo = data.Control.Min(), hi = data.Control.Max();
        var nu = new CollapseParameter("nu", 1, 0.05, 20, LogScale: true);
        var zeta = new CollapseParameter("zeta", 0, -10, 10);
        return
        [
            new CollapseParameter("p_c", 0.5 * (lo + hi), lo, hi),
            fixedNu is double n ? nu.FixedAt(n) : nu,
            fixedZeta is double z ? zeta.FixedAt(z) : zeta,
        ];
    }

    public bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> p, out double x, out double y, out double dy)
    {
        double lnL = Math.Log(size), yScale = Math.Exp(-p[2] / p[1] * lnL);
        x = (control - p[0]) * Math.Exp(lnL / p[1]);
        y = value * yScale;
        dy = error * yScale;
        return true;
    }
}
