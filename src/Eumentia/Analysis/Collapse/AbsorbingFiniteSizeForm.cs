namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Finite-size collapse at criticality: rho(t; n) = n^(-a) f(t / n^z), plotted as rho n^a against t / n^z.
/// Curves are the sizes n (width, or system size), the control column is the depth t. Mean-field width
/// scaling (Tamai et al.: rho ~ n^-1 f(l / n)) is a = z = 1; directed percolation with system size L has
/// a = beta / nu_perp and z = nu_par / nu_perp. Exponents fixed or free.
/// </summary>
public sealed class AbsorbingFiniteSizeForm(double? fixedA = null, double? fixedZ = null, string name = "finite-size") : ICollapseForm
{
    public string Name => name;
    public string Description => "rho = n^(-a) f(t / n^z)";
    public string XLabel => "t / n^{z}";
    public string YLabel => "ρ n^{a}";
    /// <summary>Depths are spaced geometrically and rho decays as a power: compare in ln y against ln x.</summary>
    public bool QualityInLogY => true;
    public bool QualityInLogX => true;

    /// <summary>Mean-field width scaling rho n against t / n.</summary>
    public static AbsorbingFiniteSizeForm MeanFieldWidth() => new(1, 1, "finite-size-mean-field");

    /// <summary>System-size scaling of a class: a = beta / nu_perp, z = nu_par / nu_perp.</summary>
    public static AbsorbingFiniteSizeForm ForClass(AbsorbingClass c) =>
        c == AbsorbingClass.MeanField ? MeanFieldWidth() : new(c.Beta / c.NuPerp, c.NuParallel / c.NuPerp, $"finite-size-{c.Name}");

    /// <summary>The range searched for the dynamic exponent z (log scale).</summary>
    public const double MinZ = 0.05, MaxZ = 5;

    public IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data)
    {
        var a = new CollapseParameter("a", 0.5, -3, 5);
        var z = new CollapseParameter("z", 1, MinZ, MaxZ, LogScale: true);
        return [fixedA is double fa ? a.FixedAt(fa) : a, fixedZ is double fz ? z.FixedAt(fz) : z];
    }

    public bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> p, out double x, out double y, out double dy)
    {
        double lnN = Math.Log(size), yScale = Math.Exp(p[0] * lnN);
        x = control * Math.Exp(-p[1] * lnN);
        y = value * yScale;
        dy = error * yScale;
        return true;
    }
}
