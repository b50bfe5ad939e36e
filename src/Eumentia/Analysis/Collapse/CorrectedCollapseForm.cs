namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Any scaling form with the leading correction to scaling on the observable:
/// y = L^(...) f(x) (1 + c L^-omega), plotted as the inner form's scaled y divided by (1 + c L^-omega).
/// The two extra parameters are the amplitude c and the correction exponent omega > 0 (Wegner's irrelevant-field
/// exponent; F. J. Wegner, Phys. Rev. B 5, 4529 (1972)); the ansatz is the one used to fit corrections in Monte Carlo
/// finite-size scaling, e.g. A. M. Ferrenberg and D. P. Landau, Phys. Rev. B 44, 5081 (1991), eq. (6), and
/// K. Binder and D. W. Heermann, Monte Carlo Simulation in Statistical Physics, ch. 2.3. The correction to the scaled
/// variable, x (1 + b L^-omega'), is usually weaker near x = 0 and is not modelled; a window on the scaled variable
/// (<see cref="CollapseOptions.ScaledWindow"/>) keeps its effect small. For curves labelled by control value
/// (depth-time forms) L is the depth t, and the term is the usual short-time correction t^-omega.
/// </summary>
public sealed class CorrectedCollapseForm(ICollapseForm inner) : ICollapseForm
{
    /// <summary>Names of the two parameters appended to the inner form's.</summary>
    public const string Amplitude = "c", Exponent = "omega";

    public ICollapseForm Inner => inner;
    public string Name => inner.Name + "+corrections";
    public string Description => inner.Description + " (1 + c L^-omega)";
    public string XLabel => inner.XLabel;
    public string YLabel => inner.YLabel + " / (1 + c L^{−ω})";
    public CurveAxis Curves => inner.Curves;
    public bool QualityInLogY => inner.QualityInLogY;
    public bool QualityInLogX => inner.QualityInLogX;

    public IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data)
    {
        var own = inner.DefaultParameters(data);
        if (own.Any(p => p.Name is Amplitude or Exponent))
            throw new UsageException($"the {inner.Name} form already has a parameter named {Amplitude} or {Exponent}; it cannot take the correction term");
        // c = 0 starts at the uncorrected form; omega's range spans the values met in practice (0.5-2 in 2-D and 3-D models).
        return [.. own, new CollapseParameter(Amplitude, 0, -5, 5), new CollapseParameter(Exponent, 1, 0.1, 4)];
    }

    public string? Refusal(CollapseData data, IReadOnlyList<CollapseParameter> parameters) => inner.Refusal(data, parameters.Take(parameters.Count - 2).ToArray());

    public bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> parameters, out double x, out double y, out double dy)
    {
        int n = parameters.Length - 2;
        if (!inner.TryScale(size, control, value, error, parameters[..n], out x, out y, out dy)) return false;
        double factor = 1 + parameters[n] * Math.Pow(size, -parameters[n + 1]);
        if (!(factor > 0)) return false; // the correction cannot change the sign of the observable
        y /= factor;
        dy /= factor;
        return true;
    }
}
