namespace Eumentia.Analysis.Statistics;

/// <summary>
/// Goodness of fit. <paramref name="ErrorScale"/> is the factor by which profile thresholds were widened:
/// max(1, chi^2/dof) for data with errors (a model that under-fits its data is itself a source of error), or
/// chi^2/dof for unweighted data (where the scatter about the fit is the only error estimate).
/// AIC = chi^2 + 2k and BIC = chi^2 + k ln n for weighted data; with unit weights n ln(RSS/n) replaces chi^2.
/// </summary>
public sealed record FitQuality(double Chi2, int Points, int Parameters, int Dof, double Chi2PerDof, double Aic, double Aicc, double Bic, string Weights, double ErrorScale)
{
    public static FitQuality From(double chi2, int points, int parameters, bool weighted, string weights)
    {
        int dof = points - parameters;
        double fitTerm = weighted ? chi2 : points * Math.Log(Math.Max(chi2, 1e-300) / points);
        double aic = fitTerm + 2 * parameters;
        double aicc = points - parameters - 1 > 0 ? aic + 2.0 * parameters * (parameters + 1) / (points - parameters - 1) : double.NaN;
        double bic = fitTerm + parameters * Math.Log(points);
        double perDof = dof > 0 ? chi2 / dof : double.NaN;
        double scale = weighted ? Math.Max(1, double.IsNaN(perDof) ? 1 : perDof) : perDof;
        return new FitQuality(chi2, points, parameters, dof, perDof, aic, aicc, bic, weights, scale);
    }
}

/// <summary>What a fit was computed from: file, columns, filters, row and seed counts, sizes, run keys.</summary>
public sealed record FitInputs(string Source, IReadOnlyDictionary<string, string> Columns, IReadOnlyList<string> Filters,
    int Rows, int Seeds, IReadOnlyList<double> Sizes, IReadOnlyList<string> Keys)
{
    public static FitInputs Of(ObservationSet data, IReadOnlyList<double> sizes) =>
        new(data.Source, data.Columns, data.Filters, data.Observations.Count, data.SeedLabels.Count, sizes, data.Keys);
}
