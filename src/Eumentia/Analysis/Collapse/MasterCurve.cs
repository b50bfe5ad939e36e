using System.Text.Json.Serialization;

namespace Eumentia.Analysis.Collapse;

/// <summary>How the quality S estimates the master curve at a point from the other curves.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MasterCurve>))]
public enum MasterCurve
{
    /// <summary>
    /// Houdayer and Hartmann's estimator (Phys. Rev. B 70, 014418 (2004)): one weighted straight line through the
    /// bracketing pair of every other curve. Its interpolation error, about h^2 f''/8 for a spacing h of the scaled
    /// variable, exceeds 1.5 % noise on grids with p steps of 0.02, so S of the correct form reads 30-200 and the
    /// exponents are biased. Kept so results made with it can be reproduced.
    /// </summary>
    Linear,
    /// <summary>
    /// Each other curve interpolated by the cubic through its four points around x (the bracketing pair and one
    /// neighbour on each side, shifted inward at the ends of the curve; a quadratic or line for curves of three or
    /// two points), and the per-curve values combined with inverse-variance weights. The interpolation error is
    /// O(h^4 f''''), below the noise on the coarse grids of real studies, and the variance of the estimate
    /// (sum of squared Lagrange weights times the point variances) enters S as before.
    /// </summary>
    Cubic,
}
