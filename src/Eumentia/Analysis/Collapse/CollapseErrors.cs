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

    /// <param name="core">The replicates the spread is taken over (<see cref="Core"/>).</param>
    /// <param name="replicateStarts">Random starts of each replicate's search (<see cref="CollapseOptions.ReplicateStarts"/>), named in the method.</param>
    public static ParameterEstimate Estimate(CollapseParameter p, int j, double value, ProfileInterval? profile, BootstrapSummary? bootstrap, double[][] core,
        CollapseErrorScale scale, int replicateStarts, ReplicateSpread spread)
    {
        var e = ParameterEstimate.Build(p.Name, value, profile, bootstrap, p.Fixed);
        if (bootstrap is not null && !e.Fixed)
        {
            // Polished only, standard deviation: the method string as it always read.
            if (replicateStarts > 0) e = e with { ErrorMethod = $"{e.ErrorMethod}, replicates searched from {replicateStarts} starts" };
            if (spread == ReplicateSpread.Trimmed)
                e = e with { Estimate = e.Estimate with { Error = StandardDeviation(core.Select(t => t[j]).ToArray()) }, ErrorMethod = $"{e.ErrorMethod}, {Describe(spread)}" };
        }
        if (e.Fixed || scale.Factor == 1) return e;
        // The seed correction belongs to a seed bootstrap only; the quality factor to every error.
        double factor = scale.Quality * (bootstrap is null ? 1 : scale.FewSeeds);
        string why = string.Join(" ", new[] { scale.Quality > 1 ? "× √S" : null, bootstrap is not null && scale.FewSeeds > 1 ? "× √(n/(n-1))" : null }.Where(w => w is not null));
        return e with { Estimate = e.Estimate with { Error = e.Error * factor }, ErrorMethod = why.Length == 0 ? e.ErrorMethod : $"{e.ErrorMethod} {why}" };
    }

    /// <summary>How far from the median, in 16-84 % half-widths, a replicate still counts (<see cref="ReplicateSpread.Trimmed"/>).</summary>
    public const double CoreHalfWidths = 20;

    /// <summary>How the error method and the covariance's source name a spread.</summary>
    public static string Describe(ReplicateSpread spread) => spread switch
    {
        ReplicateSpread.StandardDeviation => "standard deviation",
        ReplicateSpread.Trimmed => $"spread of the replicates within {CoreHalfWidths:G} half-widths of the median",
        _ => throw new ArgumentOutOfRangeException(nameof(spread)),
    };

    /// <summary>
    /// The successful replicates a spread is taken over: all of them for <see cref="ReplicateSpread.StandardDeviation"/>;
    /// for <see cref="ReplicateSpread.Trimmed"/> those with |theta_j - median_j| &lt;= 20 (q84_j - q16_j) / 2 in every free
    /// parameter j (all of them where fewer than two would be left).
    /// </summary>
    public static double[][] Core(IReadOnlyList<double[]> replicates, int[] free, ReplicateSpread spread)
    {
        var ok = replicates.Where(t => free.All(j => double.IsFinite(t[j]))).ToArray();
        if (spread == ReplicateSpread.StandardDeviation || ok.Length < 2) return ok;
        var bounds = free.Select(j =>
        {
            var v = ok.Select(t => t[j]).Order().ToArray();
            double median = BootstrapSummary.Quantile(v, 0.5), h = 0.5 * (BootstrapSummary.Quantile(v, 0.84) - BootstrapSummary.Quantile(v, 0.16));
            return (j, median, h);
        }).ToArray();
        var core = ok.Where(t => bounds.All(b => Math.Abs(t[b.j] - b.median) <= CoreHalfWidths * b.h)).ToArray();
        return core.Length >= 2 ? core : ok;
    }

    /// <summary>sqrt(sum (x - mean)^2 / (n - 1)) (NaN for fewer than two values).</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return double.NaN;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// The covariance of the free parameters: the sample covariance of <paramref name="core"/> (<see cref="Core"/>: every
    /// replicate, or with <see cref="ReplicateSpread.Trimmed"/> those within 20 half-widths of the median) times the
    /// squared error scale f^2, C_ab = f^2 sum_b (theta_ba - mean_a)(theta_bb - mean_b) / (B_core - 1), so that its
    /// diagonal is the headline errors squared; without two replicates, the profile errors squared on the diagonal.
    /// </summary>
    public static CollapseCovariance Covariance(CollapseParameter[] parameters, int[] free, double[][] core, ParameterEstimate[] estimates,
        CollapseErrorScale scale, ReplicateSpread spread)
    {
        var names = free.Select(j => parameters[j].Name).ToArray();
        int k = free.Length;
        var matrix = new double[k][];
        for (int a = 0; a < k; a++) matrix[a] = new double[k];
        if (core.Length < 2)
        {
            for (int a = 0; a < k; a++) matrix[a][a] = estimates[free[a]].Error * estimates[free[a]].Error;
            return new CollapseCovariance(names, matrix, "profile (diagonal only)");
        }
        var mean = free.Select(j => core.Average(t => t[j])).ToArray();
        double f2 = scale.Factor * scale.Factor;
        for (int a = 0; a < k; a++)
            for (int b = 0; b <= a; b++)
            {
                double c = core.Sum(t => (t[free[a]] - mean[a]) * (t[free[b]] - mean[b])) / (core.Length - 1) * f2;
                matrix[a][b] = matrix[b][a] = c;
            }
        string source = spread == ReplicateSpread.StandardDeviation ? "bootstrap" : $"bootstrap, {Describe(spread)}";
        return new CollapseCovariance(names, matrix, scale.Factor == 1 ? source : $"{source}, scaled as the errors");
    }
}
