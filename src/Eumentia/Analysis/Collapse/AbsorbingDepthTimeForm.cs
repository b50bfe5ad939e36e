namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Depth-time collapse at an absorbing phase transition (layer index = time t): rho t^delta against
/// t / xi_par with xi_par ~ |p - p_c|^(-nu_par), signed by the side of p_c so the active and absorbing branches
/// stay apart: x = sign(p - p_c) t |p - p_c|^nu_par. Curves are the control values (one decay curve per p),
/// the "size" column is the depth t. Exponents fixed to a class (mean field, DP 1+1, DP 2+1) or free.
/// </summary>
public sealed class AbsorbingDepthTimeForm(AbsorbingClass? fixedClass = null) : ICollapseForm
{
    public string Name => fixedClass is null ? "depth-time" : $"depth-time-{fixedClass.Name}";
    public string Description => "rho t^delta = F(sign(p - p_c) t |p - p_c|^nu_par)";
    public string XLabel => "sign(p − p_{c}) t |p − p_{c}|^{ν∥}";
    public string YLabel => "ρ t^{δ}";
    public CurveAxis Curves => CurveAxis.Control;
    /// <summary>rho t^delta falls by decades on the absorbing side: compare in ln y.</summary>
    public bool QualityInLogY => true;

    public IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data)
    {
        double lo = data.Control.Min(), hi = data.Control.Max();
        var delta = new CollapseParameter("delta", 0.5, 0.01, 3);
        var nuPar = new CollapseParameter("nu_par", 1.2, 0.1, 5, LogScale: true);
        return
        [
            new CollapseParameter("p_c", 0.5 * (lo + hi), lo, hi),
            fixedClass is null ? delta : delta.FixedAt(fixedClass.Delta),
            fixedClass is null ? nuPar : nuPar.FixedAt(fixedClass.NuParallel),
        ];
    }

    public bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> p, out double x, out double y, out double dy)
    {
        double d = control - p[0], yScale = Math.Pow(size, p[1]);
        x = Math.Sign(d) * size * Math.Pow(Math.Abs(d), p[2]);
        y = value * yScale;
        dy = error * yScale;
        return true;
    }
}
