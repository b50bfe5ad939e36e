namespace Eumentia.Analysis.Scaling;

/// <summary>
/// How well a model fitted without the largest sizes predicts them: the test that matters for a scaling law
/// (AIC/BIC judge the sizes that were fitted; extrapolation judges the sizes that were not).
/// </summary>
/// <param name="RmsLnError">Root-mean-square of ln L_predicted - ln L_observed over the held-out sizes.</param>
/// <param name="RmsPull">Root-mean-square of that error in units of each point's standard error.</param>
public sealed record ExtrapolationCheck(int HeldOut, IReadOnlyList<double> Sizes, IReadOnlyList<double> PredictedLn, IReadOnlyList<double> ObservedLn, double RmsLnError, double RmsPull);

public sealed record ModelScore(string Model, double Chi2PerDof, double Aic, double Aicc, double Bic, ExtrapolationCheck? Extrapolation);

/// <summary>Scaling-law models compared on the same data by AIC, BIC and extrapolation to held-out sizes.</summary>
public sealed record ScalingModelComparison(IReadOnlyList<ModelScore> Scores, string BestByAic, string BestByBic, string? BestByExtrapolation)
{
    /// <summary>
    /// Scores each fit (all made on <paramref name="data"/>) and refits each model without the
    /// <paramref name="holdout"/> largest sizes to measure its extrapolation error.
    /// </summary>
    public static ScalingModelComparison Compare(ObservationSet data, IReadOnlyList<ScalingLawFit> fits, int holdout = 2, ScalingLawOptions? options = null)
    {
        options = (options ?? new ScalingLawOptions()) with { BootstrapSamples = 0, Profile = false };
        var sizes = data.Sizes();
        var scores = new List<ModelScore>();
        foreach (var fit in fits)
        {
            var model = ScalingLawModels.Parse(fit.Model);
            ExtrapolationCheck? check = null;
            if (holdout > 0 && sizes.Length - holdout > model.ParameterCount())
            {
                var cut = sizes[^holdout];
                var train = ScalingLawFitter.Fit(data.Where(o => o.Size < cut), model, options);
                var held = fit.Points.Where(p => p.Size >= cut).ToArray();
                var predicted = held.Select(p => train.PredictLn(p.Size)).ToArray();
                double rms = Math.Sqrt(held.Select((p, i) => Math.Pow(predicted[i] - p.MeanLn, 2)).Average());
                double pull = Math.Sqrt(held.Select((p, i) => Math.Pow((predicted[i] - p.MeanLn) / p.Sigma, 2)).Average());
                check = new ExtrapolationCheck(holdout, held.Select(p => p.Size).ToArray(), predicted, held.Select(p => p.MeanLn).ToArray(), rms, pull);
            }
            scores.Add(new ModelScore(fit.Model, fit.Quality.Chi2PerDof, fit.Quality.Aic, fit.Quality.Aicc, fit.Quality.Bic, check));
        }
        string byAic = scores.MinBy(s => s.Aic)!.Model, byBic = scores.MinBy(s => s.Bic)!.Model;
        string? byExtrapolation = scores.All(s => s.Extrapolation is not null) ? scores.MinBy(s => s.Extrapolation!.RmsLnError)!.Model : null;
        return new ScalingModelComparison(scores, byAic, byBic, byExtrapolation);
    }
}
