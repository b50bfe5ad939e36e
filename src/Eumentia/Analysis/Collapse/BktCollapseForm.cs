using Eumentia.IO;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Finite-size scaling at a Berezinskii-Kosterlitz-Thouless transition: y L^(-Delta) against
/// (p - p_c) (ln(L / L0))^(1/sigma). Why this variable: with xi ~ A exp(b / sqrt|p - p_c|), fixed L / xi means
/// ln(L / A) = b / sqrt|p - p_c|, i.e. |p - p_c| ln^2(L / A) = b^2; so sigma = 1/2 (the default, held fixed
/// unless freed) and L0 plays the role of A. It covers both sides of p_c, unlike ln(L / xi) itself, which is
/// undefined on the critical side where xi is infinite (fit xi(p) directly with <see cref="Scaling.BktLengthFitter"/>).
/// </summary>
public sealed class BktCollapseForm(bool freeSigma = false) : ICollapseForm
{
    public string Name => "bkt";
    public string Description => "y = L^Delta f((p - p_c) (ln(L/L0))^(1/sigma))";
    public string XLabel => "(p − p_{c}) (ln L/L_{0})^{1/σ}";
    public string YLabel => "y L^{−Δ}";

    public IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data)
    {
        double lo = data.Control.Min(), hi = data.Control.Max(), minL = data.Size.Min();
        var sigma = new CollapseParameter("sigma", 0.5, 0.1, 5, LogScale: true);
        return
        [
            new CollapseParameter("p_c", 0.5 * (lo + hi), lo, hi),
            new CollapseParameter("Delta", 0, -5, 5),
            freeSigma ? sigma : sigma.FixedAt(0.5),
            new CollapseParameter("L0", minL / 8, minL * 1e-4, minL * 0.9, LogScale: true),
        ];
    }

    /// <summary>ln(L / L0) must be positive for every size: L0 at or above the smallest size leaves that curve
    /// (and, fixed higher, every curve) without a scaled variable.</summary>
    public string? Refusal(CollapseData data, IReadOnlyList<CollapseParameter> parameters)
    {
        var l0 = parameters[3];
        double minL = data.Size.Min();
        double reach = l0.Fixed ? l0.Initial : l0.Upper;
        return reach >= minL
            ? $"L0 {(l0.Fixed ? "is fixed at" : "may reach")} {CsvTable.Format(reach)}, at or above the smallest size {CsvTable.Format(minL)}: ln(L/L0) must be positive for every size (fix or range L0 below {CsvTable.Format(minL)}, or raise --min-size)"
            : null;
    }

    public bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> p, out double x, out double y, out double dy)
    {
        double logRatio = Math.Log(size / p[3]);
        double yScale = Math.Exp(-p[1] * Math.Log(size));
        x = (control - p[0]) * Math.Pow(Math.Max(logRatio, 0), 1 / p[2]);
        y = value * yScale;
        dy = error * yScale;
        return logRatio > 0;
    }
}
