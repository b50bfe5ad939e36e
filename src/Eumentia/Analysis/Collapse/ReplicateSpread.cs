using System.Text.Json.Serialization;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Which spread of a parameter over the bootstrap replicates becomes its standard error (before the quality and seed
/// factors of <see cref="CollapseErrorScale"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReplicateSpread>))]
public enum ReplicateSpread
{
    /// <summary>
    /// The standard deviation of the replicates, sqrt(sum (theta_b - mean)^2 / (B - 1)): what collapses reported before
    /// 2026-12-07. One replicate that lands in a distant minimum of S (possible once replicates are searched from
    /// random starts, <see cref="CollapseOptions.ReplicateStarts"/>) dominates it.
    /// </summary>
    StandardDeviation,
    /// <summary>
    /// Half the distance between the 16th and 84th percentiles of the replicates, (q84 - q16) / 2 (linear interpolation
    /// between order statistics): one standard deviation for a normal distribution, and unmoved by the few replicates
    /// that land in another minimum. Efron and Tibshirani, An Introduction to the Bootstrap (1993), ch. 13.
    /// </summary>
    Percentile,
    /// <summary>
    /// 1.4826 times the median absolute deviation from the median: one standard deviation for a normal distribution,
    /// breakdown point 50 %. Hampel, J. Am. Stat. Assoc. 69, 383 (1974).
    /// </summary>
    Mad,
}
