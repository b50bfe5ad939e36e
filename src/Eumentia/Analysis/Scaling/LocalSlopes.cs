using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Scaling;

/// <summary>
/// The local exponent d ln L / d ln N over a window of consecutive sizes (at the window's geometric-mean
/// size), with its error: propagated from the per-size errors, and from the seed bootstrap, which also
/// carries the correlation between sizes measured on the same seeds.
/// </summary>
public sealed record LocalSlope(double Size, double SizeLow, double SizeHigh, double Slope, double Error, double PropagatedError, double BootstrapError);

public static class LocalSlopes
{
    /// <param name="window">Sizes per local fit (2: differences of neighbours; more: weighted local regression).</param>
    public static IReadOnlyList<LocalSlope> Compute(ObservationSet data, int window = 2, int bootstrapSamples = 200, ulong seed = 1)
    {
        if (window < 2) throw new UsageException($"the local-slope window is {window}; it needs at least 2 sizes");
        var series = LogSeries.From(data, o => o.Size, "the observable");
        if (series.Length < window)
            throw new UsageException($"{data.Source}: {series.Length} distinct sizes, fewer than the local-slope window of {window}");
        var slopes = Slopes(series, window);

        var kind = SeedBootstrap.KindFor(data, o => (o.Size, 0));
        double[] bootSd = Enumerable.Repeat(double.NaN, slopes.Length).ToArray();
        if (bootstrapSamples > 1 && kind != BootstrapKind.None)
        {
            var reps = SeedBootstrap.Run(bootstrapSamples, b =>
                Slopes(LogSeries.From(SeedBootstrap.Resample(data, kind, o => (o.Size, 0), seed, b, positive: true), o => o.Size, "the observable"), window)
                    .Select(s => s.Slope).ToArray());
            for (int j = 0; j < slopes.Length; j++)
            {
                var v = reps.Where(r => r is not null).Select(r => r![j]).ToArray();
                if (v.Length < 2) continue;
                double mean = v.Average();
                bootSd[j] = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            }
        }
        return slopes.Select((s, j) => s with { BootstrapError = bootSd[j], Error = double.IsNaN(bootSd[j]) ? s.PropagatedError : bootSd[j] }).ToArray();
    }

    static LocalSlope[] Slopes(LogSeries s, int window)
    {
        var result = new LocalSlope[s.Length - window + 1];
        for (int start = 0; start + window <= s.Length; start++)
        {
            double sw = 0, sx = 0, sy = 0;
            for (int i = start; i < start + window; i++)
            {
                double w = 1 / (s.Sigma[i] * s.Sigma[i]);
                sw += w; sx += w * Math.Log(s.X[i]); sy += w * s.LnY[i];
            }
            double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0;
            for (int i = start; i < start + window; i++)
            {
                double w = 1 / (s.Sigma[i] * s.Sigma[i]), dx = Math.Log(s.X[i]) - mx;
                sxx += w * dx * dx; sxy += w * dx * (s.LnY[i] - my);
            }
            double slope = sxy / sxx, err = Math.Sqrt(1 / sxx);
            double logMid = 0;
            for (int i = start; i < start + window; i++) logMid += Math.Log(s.X[i]) / window;
            result[start] = new LocalSlope(Math.Exp(logMid), s.X[start], s.X[start + window - 1], slope, err, err, double.NaN);
        }
        return result;
    }
}
