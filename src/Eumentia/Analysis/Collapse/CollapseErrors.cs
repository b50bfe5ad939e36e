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

    /// <param name="values">The parameter in each successful bootstrap replicate (the robust spreads need them).</param>
    /// <param name="replicateStarts">Random starts of each replicate's search (<see cref="CollapseOptions.ReplicateStarts"/>), named in the method.</param>
    public static ParameterEstimate Estimate(CollapseParameter p, double value, ProfileInterval? profile, BootstrapSummary? bootstrap, double[] values,
        CollapseErrorScale scale, int replicateStarts, ReplicateSpread spread)
    {
        var e = ParameterEstimate.Build(p.Name, value, profile, bootstrap, p.Fixed);
        if (bootstrap is not null && !e.Fixed)
        {
            // Polished only, standard deviation: the method string as it always read.
            if (replicateStarts > 0) e = e with { ErrorMethod = $"{e.ErrorMethod}, replicates searched from {replicateStarts} starts" };
            if (spread != ReplicateSpread.StandardDeviation)
                e = e with { Estimate = e.Estimate with { Error = Spread(values, spread) }, ErrorMethod = $"{e.ErrorMethod}, {Describe(spread)}" };
        }
        if (e.Fixed || scale.Factor == 1) return e;
        // The seed correction belongs to a seed bootstrap only; the quality factor to every error.
        double factor = scale.Quality * (bootstrap is null ? 1 : scale.FewSeeds);
        string why = string.Join(" ", new[] { scale.Quality > 1 ? "× √S" : null, bootstrap is not null && scale.FewSeeds > 1 ? "× √(n/(n-1))" : null }.Where(w => w is not null));
        return e with { Estimate = e.Estimate with { Error = e.Error * factor }, ErrorMethod = why.Length == 0 ? e.ErrorMethod : $"{e.ErrorMethod} {why}" };
    }

    /// <summary>How the error method names a spread.</summary>
    public static string Describe(ReplicateSpread spread) => spread switch
    {
        ReplicateSpread.StandardDeviation => "standard deviation",
        ReplicateSpread.Percentile => "16-84 % half-width",
        ReplicateSpread.Mad => "1.4826 MAD",
        _ => throw new ArgumentOutOfRangeException(nameof(spread)),
    };

    /// <summary>The spread of replicate values (<see cref="ReplicateSpread"/>; NaN for fewer than two finite values).</summary>
    public static double Spread(IReadOnlyList<double> values, ReplicateSpread spread)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length < 2) return double.NaN;
        switch (spread)
        {
            case ReplicateSpread.StandardDeviation:
                double mean = v.Average();
                return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            case ReplicateSpread.Percentile:
                return 0.5 * (BootstrapSummary.Quantile(v, 0.84) - BootstrapSummary.Quantile(v, 0.16));
            case ReplicateSpread.Mad:
                double median = BootstrapSummary.Quantile(v, 0.5);
                return 1.4826 * BootstrapSummary.Quantile(v.Select(x => Math.Abs(x - median)).Order().ToArray(), 0.5);
            default:
                throw new ArgumentOutOfRangeException(nameof(spread));
        }
    }

    /// <summary>
    /// The covariance of the free parameters. With the standard deviation: the replicates' sample covariance times
    /// the squared error scale f^2. With a robust spread s_a (<see cref="Spread"/>): C_ab = f^2 s_a s_b r_ab, where
    /// r_ab is the Pearson correlation of the replicates that lie within 5 s of the median in every free parameter
    /// (those of the main minimum), so that a replicate stuck in a distant minimum sets neither the errors nor the
    /// correlations. Either way the diagonal is the headline errors squared.
    /// </summary>
    public static CollapseCovariance Covariance(CollapseParameter[] parameters, int[] free, BootstrapReplicate?[] replicates, ParameterEstimate[] estimates,
        CollapseErrorScale scale, ReplicateSpread spread)
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
        double f2 = scale.Factor * scale.Factor;
        string scaled = scale.Factor == 1 ? "" : ", scaled as the errors";
        if (spread == ReplicateSpread.StandardDeviation)
        {
            var mean = free.Select(j => ok.Average(t => t[j])).ToArray();
            for (int a = 0; a < k; a++)
                for (int b = 0; b <= a; b++)
                {
                    double c = ok.Sum(t => (t[free[a]] - mean[a]) * (t[free[b]] - mean[b])) / (ok.Length - 1) * f2;
                    matrix[a][b] = matrix[b][a] = c;
                }
            return new CollapseCovariance(names, matrix, scale.Factor == 1 ? "bootstrap" : "bootstrap, scaled as the errors");
        }
        var s = free.Select(j => Spread(ok.Select(t => t[j]).ToArray(), spread)).ToArray();
        var median = free.Select(j => BootstrapSummary.Quantile(ok.Select(t => t[j]).Order().ToArray(), 0.5)).ToArray();
        var core = ok.Where(t => free.Select((j, a) => Math.Abs(t[j] - median[a]) <= 5 * s[a]).All(x => x)).ToArray();
        if (core.Length < 2) core = ok;
        var r = Correlation(core.Select(t => free.Select(j => t[j]).ToArray()).ToArray());
        for (int a = 0; a < k; a++)
            for (int b = 0; b <= a; b++)
                matrix[a][b] = matrix[b][a] = f2 * s[a] * s[b] * r[a][b];
        return new CollapseCovariance(names, matrix, $"bootstrap correlation × {Describe(spread)} spreads{scaled}");
    }

    /// <summary>Pearson correlation matrix of rows of values (0 off the diagonal where a column does not vary).</summary>
    static double[][] Correlation(double[][] rows)
    {
        int k = rows[0].Length;
        var mean = Enumerable.Range(0, k).Select(a => rows.Average(t => t[a])).ToArray();
        double Co(int a, int b) => rows.Sum(t => (t[a] - mean[a]) * (t[b] - mean[b]));
        var r = new double[k][];
        for (int a = 0; a < k; a++)
        {
            r[a] = new double[k];
            for (int b = 0; b < k; b++)
            {
                double d = Math.Sqrt(Co(a, a) * Co(b, b));
                r[a][b] = a == b ? 1 : d > 0 ? Co(a, b) / d : 0;
            }
        }
        return r;
    }
}
