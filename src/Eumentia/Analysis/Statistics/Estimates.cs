using System.Text.Json.Serialization;

namespace Eumentia.Analysis.Statistics;

/// <summary>A confidence interval from a profile (Delta chi^2 = 1, or the S + 1 rule for collapses).
/// A side that ran into the parameter's bound before reaching the threshold is marked not found.</summary>
public sealed record ProfileInterval(double Lower, double Upper, bool LowerFound, bool UpperFound, double Threshold)
{
    /// <summary>Half the width: the symmetric standard error the interval implies.</summary>
    public double HalfWidth => 0.5 * (Upper - Lower);
}

/// <summary>The spread of a parameter over bootstrap replicates.</summary>
public sealed record BootstrapSummary(string Kind, int Samples, int Failed, double Mean, double StandardError, double Percentile16, double Percentile84)
{
    public static BootstrapSummary? From(BootstrapKind kind, IReadOnlyList<double> values, int failed)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length < 2) return null;
        double mean = v.Average();
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new BootstrapSummary(kind.ToString(), v.Length, failed + values.Count - v.Length, mean, sd, Quantile(v, 0.16), Quantile(v, 0.84));
    }

    /// <summary>Linear-interpolation quantile of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

/// <summary>
/// One parameter of a fit: its name, its <see cref="Estimate"/> (the value at full precision and the headline standard
/// error: the bootstrap one where there was a bootstrap, else half the profile interval), how that error was obtained,
/// and both underlying error estimates. A different concept from <see cref="Estimate"/>, which it contains: a fit's
/// parameter carries a name and the provenance of its error (fixed, profile, bootstrap) that reports and covariances
/// need; a bare estimate does not. Files show it flat (name, value, error, ...), as they always have.
/// </summary>
public sealed record ParameterEstimate([property: JsonPropertyOrder(-2)] string Name, [property: JsonIgnore] Estimate Estimate,
    string ErrorMethod, bool Fixed, ProfileInterval? Profile, BootstrapSummary? Bootstrap)
{
    [JsonPropertyOrder(-1)] public double Value => Estimate.Value;

    [JsonPropertyOrder(-1)] public double Error => Estimate.Error;

    public static ParameterEstimate Build(string name, double value, ProfileInterval? profile, BootstrapSummary? bootstrap, bool isFixed = false)
    {
        if (isFixed) return new ParameterEstimate(name, new Estimate(value, 0), "fixed", true, null, null);
        if (bootstrap is not null) return new ParameterEstimate(name, new Estimate(value, bootstrap.StandardError), $"bootstrap ({bootstrap.Kind})", false, profile, bootstrap);
        if (profile is not null) return new ParameterEstimate(name, new Estimate(value, profile.HalfWidth), "profile", false, profile, null);
        return new ParameterEstimate(name, new Estimate(value, double.NaN), "none", false, null, null);
    }
}

/// <summary>How the optimiser got to the reported optimum.</summary>
/// <param name="Converged">The best start met its tolerance.</param>
/// <param name="Starts">Independent starts of the local search.</param>
/// <param name="StartsAtOptimum">Starts that ended at the reported optimum (within tolerance): a measure of
/// how clear the global minimum is.</param>
/// <param name="Interior">No free parameter ended at a bound of its search range.</param>
/// <param name="Message">What a person should know (boundary hits, degenerate directions).</param>
public sealed record ConvergenceReport(bool Converged, int Starts, int StartsAtOptimum, int Iterations, int Evaluations, bool Interior, string Message);
