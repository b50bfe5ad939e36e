using Eumentia.IO;

namespace Eumentia.Analysis.Scaling;

/// <summary>
/// Positive data reduced to one point per abscissa in log space: the mean of ln y over replicates and its
/// standard error. Fits in log space weigh each point by that error, so a point measured on 20 seeds counts
/// more than one measured on 2, and chi^2 per degree of freedom reads as a goodness of fit.
/// </summary>
public sealed class LogSeries
{
    public double[] X { get; }
    public double[] LnY { get; }
    public double[] Sigma { get; }
    public int[] Count { get; }
    /// <summary>Where the errors came from: "seeds", "errors", "pooled seeds" or "none" (unit weights; errors
    /// are then scaled by the scatter about the fit).</summary>
    public string SigmaSource { get; }
    public bool Weighted => SigmaSource != "none";

    LogSeries(double[] x, double[] lnY, double[] sigma, int[] count, string sigmaSource)
    {
        X = x; LnY = lnY; Sigma = sigma; Count = count; SigmaSource = sigmaSource;
    }

    public int Length => X.Length;

    /// <summary>
    /// Groups <paramref name="data"/> by <paramref name="abscissa"/>. Per group: replicates (two or more rows)
    /// give mean and standard error of ln y; a lone row uses its given error (sigma_ln = err / y) or, failing
    /// that, the pooled replicate scatter. <paramref name="what"/> names the observable in messages.
    /// </summary>
    public static LogSeries From(ObservationSet data, Func<Observation, double> abscissa, string what)
    {
        foreach (var o in data.Observations)
            if (o.Value <= 0)
                throw new UsageException($"{data.Source}: line {o.Line}: {what} is {CsvTable.Format(o.Value)}; this fit works in log space and needs positive values");
        var groups = data.Observations.GroupBy(abscissa).OrderBy(g => g.Key).ToArray();
        int n = groups.Length;
        var x = new double[n];
        var lnY = new double[n];
        var sigma = new double[n];
        var count = new int[n];
        bool errorsOnly = data.HasErrors && !data.HasSeeds;
        double pooledSum = 0;
        int pooledDof = 0;
        for (int i = 0; i < n; i++)
        {
            var g = groups[i].ToArray();
            x[i] = groups[i].Key;
            count[i] = g.Length;
            if (errorsOnly)
            {
                double sw = 0, swy = 0;
                foreach (var o in g) { double s = o.Error / o.Value, w = 1 / (s * s); sw += w; swy += w * Math.Log(o.Value); }
                lnY[i] = swy / sw;
                sigma[i] = 1 / Math.Sqrt(sw);
            }
            else if (g.Length >= 2)
            {
                double mean = g.Average(o => Math.Log(o.Value));
                double ss = g.Sum(o => (Math.Log(o.Value) - mean) * (Math.Log(o.Value) - mean));
                lnY[i] = mean;
                sigma[i] = Math.Max(Math.Sqrt(ss / (g.Length - 1) / g.Length), 1e-12);
                pooledSum += ss;
                pooledDof += g.Length - 1;
            }
            else
            {
                lnY[i] = Math.Log(g[0].Value);
                sigma[i] = data.HasErrors ? g[0].Error / g[0].Value : double.NaN;
            }
        }
        string source = errorsOnly ? "errors" : pooledDof > 0 ? "seeds" : data.HasErrors ? "errors" : "none";
        bool pooled = false;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsNaN(sigma[i])) continue;
            if (pooledDof > 0) { sigma[i] = Math.Max(Math.Sqrt(pooledSum / pooledDof / count[i]), 1e-12); pooled = true; }
            else sigma[i] = 1.0;
        }
        if (pooled) source = "pooled seeds";
        return new LogSeries(x, lnY, sigma, count, source);
    }
}
