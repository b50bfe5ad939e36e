using System.Text.Json.Serialization;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Which spread of the parameters over the bootstrap replicates becomes their standard errors and covariance (before
/// the quality and seed factors of <see cref="CollapseErrorScale"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReplicateSpread>))]
public enum ReplicateSpread
{
    /// <summary>
    /// The standard deviation over all replicates, sqrt(sum_b (theta_b - mean)^2 / (B - 1)), and their sample
    /// covariance: what collapses reported before 2026-12-07. A few replicates that land in a distant minimum of S
    /// (possible once replicates are searched from random starts, <see cref="CollapseOptions.ReplicateStarts"/>)
    /// dominate it: on docs/analysis.md's example zeta +- 1.24 where the replicas scatter by 0.08.
    /// </summary>
    StandardDeviation,
    /// <summary>
    /// The standard deviation and sample covariance over the core replicates: those within
    /// <see cref="CollapseErrors.CoreHalfWidths"/> = 20 half-widths h_j = (q84_j - q16_j) / 2 of the median in every
    /// free parameter j (q the 16th and 84th percentiles over all replicates). A normal spread loses nothing at 20 h, and
    /// the jumps between nearby minima of S that the estimator itself makes (BKT with sigma free, fine grid: they are
    /// what calibrates its errors) stay inside; replicates stuck in a far minimum, an artefact of resampling few seeds
    /// (on the shape of docs/analysis.md's example the standard deviation over all replicates is 7 times the replicas'
    /// scatter of zeta), do not. The half-width or the MAD alone drop those jumps too and cover the truth at 2 sigma in
    /// only 71-72 % and 60-61 % of the BKT case; a core of 5 or 10 half-widths in 78 % and 87-89 %
    /// (docs/analysis/collapse-coverage.md, where 20 was chosen).
    /// </summary>
    Trimmed,
}
