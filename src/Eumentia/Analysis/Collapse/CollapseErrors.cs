using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Collapse;

/// <summary>One bootstrap replicate of a collapse: its re-optimised parameters and its S there.</summary>
internal sealed record BootstrapReplicate(double[] Theta, double S);

/// <summary>
/// The factor a collapse's resampling errors are multiplied by, and why. <paramref name="Quality"/> is
/// sqrt(max(1, S)): a collapse that misses its own points by more than their errors has a source of error the
/// resampling cannot see (the analogue of <see cref="FitQuality.ErrorScale"/>, chi^2/dof, for fits).
/// <paramref name="FewSeeds"/> is sqrt(n / (n - 1)) for a bootstrap over n whole seeds, whose variance is
/// (n - 1) / n times the variance of the mean it estimates.
/// </summary>
public sealed record CollapseErrorScale(double Quality, double FewSeeds)
{
    public double Factor => Quality * FewSeeds;
}

/// <summary>
/// Parameter covariance of a collapse: the bootstrap covariance of the free parameters times the squared error
/// scale (so its diagonal is the headline errors squared), or, without a bootstrap, the squared profile
/// half-widths on the diagonal and no correlations.
/// </summary>
public sealed record CollapseCovariance(IReadOnlyList<string> Names, double[][] Matrix, string Source)
{
    public double Correlation(int a, int b) => Matrix[a][b] / Math.Sqrt(Matrix[a][a] * Matrix[b][b]);
}

/// <summary>Headline errors and covariance of a collapse from its profiles, bootstrap and quality.</summary>
internal static class CollapseErrors
{
    /// <summary>
    /// The error scale. The Houdayer-Hartmann estimator (<see cref="MasterCurve.Linear"/>) keeps the unscaled
    /// errors it always reported, so old results reproduce.
    /// </summary>
    public static CollapseErrorScale Scale(double s, BootstrapKind kind, int seeds, MasterCurve master)
    {
        if (master == MasterCurve.Linear) return new CollapseErrorScale(1, 1);
        double quality = double.IsFinite(s) ? Math.Sqrt(Math.Max(1, s)) : 1;
        double fewSeeds = kind == BootstrapKind.Seeds && seeds >= 2 ? Math.Sqrt(seeds / (seeds - 1.0)) : 1;
        return new CollapseErrorScale(quality, fewSeeds);
    }

    /// <param name="replicateStarts">Random starts of each replicate's search (<see cref="CollapseOptions.ReplicateStarts"/>), named in the method.</param>
    public static ParameterEstimate Estimate(CollapseParameter p, double value, ProfileInterval? profile, BootstrapSummary? bootstrap, CollapseErrorScale scale, int replicateStarts)
    {
        var e = ParameterEstimate.Build(p.Name, value, profile, bootstrap, p.Fixed);
        if (bootstrap is not null && !e.Fixed && replicateStarts > 0) // polished only: the method string as it always read
            e = e with { ErrorMethod = $"{e.ErrorMethod}, replicates searched from {replicateStarts} starts" };
        if (e.Fixed || scale.Factor == 1) return e;
        // The seed correction belongs to a seed bootstrap only; the quality factor to every error.
        double factor = scale.Quality * (bootstrap is null ? 1 : scale.FewSeeds);
        string why = string.Join(" ", new[] { scale.Quality > 1 ? "× √S" : null, bootstrap is not null && scale.FewSeeds > 1 ? "× √(n/(n-1))" : null }.Where(w => w is not null));
        return e with { Estimate = e.Estimate with { Error = e.Error * factor }, ErrorMethod = why.Length == 0 ? e.ErrorMethod : $"{e.ErrorMethod} {why}" };
    }

    public static CollapseCovariance Covariance(CollapseParameter[] parameters, int[] free, BootstrapReplicate?[] replicates, ParameterEstimate[] estimates, CollapseErrorScale scale)
    {
        var names = free.Select(j => parameters[j].Name).ToArray();
        int k = free.Length;
        var matrix = new double[k][];
        for (int a = 0; a < k; a++) matrix[a] = new double[k];
        var ok = replicates.Where(r => r is not null && free.All(j => double.IsFinite(r.Theta[j]))).Select(r => r!.Theta).ToArray();
        if (ok.Length < 2)
        {
            for (int a = 0; a < k; a++) matrix[a][a] = estimates[free[a]].Error * estimates[free[a]].Error;
            return new CollapseCovariance(names, matrix, "profile (diagonal only)");
        }
        var mean = free.Select(j => ok.Average(t => t[j])).ToArray();
        double f2 = scale.Factor * scale.Factor;
        for (int a = 0; a < k; a++)
            for (int b = 0; b <= a; b++)
            {
                double c = ok.Sum(t => (t[free[a]] - mean[a]) * (t[free[b]] - mean[b])) / (ok.Length - 1) * f2;
                matrix[a][b] = matrix[b][a] = c;
            }
        return new CollapseCovariance(names, matrix, scale.Factor == 1 ? "bootstrap" : "bootstrap, scaled as the errors");
    }
}
