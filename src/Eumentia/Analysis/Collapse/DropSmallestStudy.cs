using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Collapse;

/// <summary>One fit of a drop-the-smallest-sizes study: the sizes kept (L &gt;= MinSize), S and the parameters
/// (Failure says why a fit could not be made; its parameters are then empty).</summary>
public sealed record DropSmallestRow(double MinSize, int Sizes, double S, IReadOnlyList<ParameterEstimate> Parameters, string? Failure);

/// <summary>A parameter extrapolated to L_min -&gt; infinity: theta(L_min) = Value + Slope L_min^-omega.</summary>
/// <param name="ChiSquarePerDof">Of the weighted line (NaN with two rows, which it passes through exactly).</param>
/// <param name="Rows">How many fits entered the line.</param>
public sealed record ExtrapolatedParameter(string Name, double Value, double Error, double Slope, double ChiSquarePerDof, int Rows);

/// <summary>
/// The systematic drop-the-smallest-sizes study: the collapse refitted with only the sizes L &gt;= L_min for each
/// successive L_min (keeping at least <see cref="MinSizesKept"/> sizes), and every free parameter extrapolated to
/// L_min -&gt; infinity by a weighted straight line in L_min^-omega: a correction to scaling of exponent omega moves
/// an estimate from sizes L &gt;= L_min by O(L_min^-omega) (the same reasoning as the extrapolation of crossing
/// points, K. Binder, Z. Phys. B 43, 119 (1981); see also M. Hasenbusch, Int. J. Mod. Phys. C 12, 911 (2001)).
/// The extrapolated error is the weighted line's intercept error, scaled by sqrt(chi^2/dof) where that exceeds 1.
/// The fits share their larger sizes, so their estimates are positively correlated; treating them as independent,
/// as the weights do, overstates the intercept's error when the line extrapolates (weights of both signs) — the
/// test on synthetic data with a known omega measures that it covers the truth.
/// </summary>
public sealed record DropSmallestStudy(string Form, double Omega, IReadOnlyList<DropSmallestRow> Rows, IReadOnlyList<ExtrapolatedParameter> Extrapolated)
{
    public const int MinSizesKept = 3;

    public ExtrapolatedParameter Parameter(string name) =>
        Extrapolated.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no extrapolated parameter '{name}'");

    public static DropSmallestStudy Run(ObservationSet data, ICollapseForm form, CollapseOptions options, double omega)
    {
        if (!(omega > 0) || !double.IsFinite(omega)) throw new UsageException($"the correction exponent omega of the drop-the-smallest-sizes study must be positive, not {omega}");
        var sizes = CollapseData.From(data, form.Curves).Select(options.ControlMin, options.ControlMax, options.MinSize).Size.Distinct().Order().ToArray();
        if (sizes.Length < MinSizesKept + 1)
            throw new UsageException($"{data.Source}: {sizes.Length} sizes in the fitted window; dropping the smallest needs at least {MinSizesKept + 1} (every fit keeps {MinSizesKept})");
        var rows = new List<DropSmallestRow>();
        for (int dropped = 0; sizes.Length - dropped >= MinSizesKept; dropped++)
        {
            double minSize = sizes[dropped];
            try
            {
                var fit = CollapseFitter.Fit(data, form, options with { MinSize = minSize });
                rows.Add(new DropSmallestRow(minSize, sizes.Length - dropped, fit.Quality.S, fit.Parameters, null));
            }
            catch (EumentiaException e) // too little overlap left
            {
                rows.Add(new DropSmallestRow(minSize, sizes.Length - dropped, double.NaN, [], e.Message));
            }
        }
        var ok = rows.Where(r => r.Failure is null).ToArray();
        var free = ok.Length == 0 ? [] : ok[0].Parameters.Where(p => !p.Fixed).Select(p => p.Name).ToArray();
        var extrapolated = ok.Length < 2 ? [] : free.Select(name =>
        {
            var points = ok.Select(r => (U: Math.Pow(r.MinSize, -omega), Estimate: r.Parameters.First(p => p.Name == name)))
                .Where(t => t.Estimate.Error > 0 && double.IsFinite(t.Estimate.Error)).ToArray();
            return points.Length < 2 ? null : Line(name, points.Select(t => t.U).ToArray(), points.Select(t => t.Estimate.Value).ToArray(), points.Select(t => t.Estimate.Error).ToArray());
        }).OfType<ExtrapolatedParameter>().ToArray();
        return new DropSmallestStudy(form.Name, omega, rows, extrapolated);
    }

    /// <summary>Weighted least squares of theta = a + b u (weights 1/error^2): a, its error, b and chi^2/dof.</summary>
    static ExtrapolatedParameter Line(string name, double[] u, double[] theta, double[] error)
    {
        double sw = 0, su = 0, suu = 0, st = 0, sut = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double w = 1 / (error[i] * error[i]);
            sw += w; su += w * u[i]; suu += w * u[i] * u[i]; st += w * theta[i]; sut += w * u[i] * theta[i];
        }
        double det = sw * suu - su * su;
        double a = (suu * st - su * sut) / det, b = (sw * sut - su * st) / det;
        double chi2 = 0;
        for (int i = 0; i < u.Length; i++) chi2 += Math.Pow((theta[i] - a - b * u[i]) / error[i], 2);
        int dof = u.Length - 2;
        double perDof = dof > 0 ? chi2 / dof : double.NaN;
        double variance = suu / det * (dof > 0 ? Math.Max(1, perDof) : 1);
        return new ExtrapolatedParameter(name, a, Math.Sqrt(variance), b, perDof, u.Length);
    }
}
