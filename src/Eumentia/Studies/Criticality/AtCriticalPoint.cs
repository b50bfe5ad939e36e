using Eumentia.Analysis.Statistics;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// An exponent fitted at a critical point found elsewhere, which comes with its own error instead of being chosen to
/// straighten the fit: with a few σ_w, a free origin trades off against the exponent. Errors: bootstrap over the weight
/// draws of every σ_w, each replicate also drawing σ_c from a normal of the given error, so the uncertainty of the
/// critical point (its statistical error and any systematic one, such as two criteria that disagree) reaches the exponent.
/// </summary>
public static class AtCriticalPoint
{
    /// <summary>
    /// <paramref name="fit"/>(σ_w per point, mean curves per point, σ_c) on the data and on every replicate; the estimate is
    /// the data's value with the spread of the replicates. No error when no set has two draws and σ_c has none.
    /// </summary>
    public static Estimate Fit(IReadOnlyList<ScanPoint> points, Estimate sigmaC, Func<double[], MeanCurves[], double, double> fit,
        int replicates = 200, ulong seed = 0)
    {
        double[] sigmas = points.Select(p => p.SigmaW).ToArray();
        var sets = points.Select(p => p.PerDraw).ToArray();
        double value = fit(sigmas, sets.Select(s => DrawBootstrap.Curves(s)).ToArray(), sigmaC.Value);
        double spread = double.IsFinite(sigmaC.Error) ? sigmaC.Error : 0;
        if (sets.All(s => s.Count < 2) && !(spread > 0)) return new Estimate(value, 0);
        var values = Enumerable.Range(0, replicates).Select(r =>
        {
            double jittered = sigmaC.Value + spread * Philox.Normal(seed, RngStream.Of(RngStream.Bootstrap, r, sets.Length), 0);
            return fit(sigmas, DrawBootstrap.Resample(sets, r, seed), jittered);
        }).ToArray();
        return Estimate.FromReplicates(value, values);
    }

    /// <summary>The slope of ln y against ln(side · (x − origin)) over the points on the <paramref name="side"/> of it with finite positive y; NaN with fewer than two.</summary>
    public static double Slope(double[] x, double[] y, double origin, int side)
    {
        var use = Enumerable.Range(0, x.Length).Where(k => side * (x[k] - origin) > 0 && y[k] > 0 && double.IsFinite(y[k])).ToArray();
        if (use.Length < 2) return double.NaN;
        return Polynomial.Line(use.Select(k => Math.Log(side * (x[k] - origin))).ToArray(), use.Select(k => Math.Log(y[k])).ToArray()).Slope;
    }
}
