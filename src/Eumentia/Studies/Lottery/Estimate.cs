namespace Eumentia.Studies.Lottery;

/// <summary>A mean over seeds with its standard error (NaN for a single seed).</summary>
public sealed record Estimate(double Mean, double Sem, int N)
{
    public static Estimate Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new Estimate(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double sem = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1) / v.Length) : double.NaN;
        return new Estimate(mean, sem, v.Length);
    }

    /// <summary>How many standard errors the mean lies from <paramref name="reference"/>.</summary>
    public double Z(double reference = 0) => Sem > 0 ? (Mean - reference) / Sem : double.NaN;

    /// <summary>The mean to the decimal place of its error's second significant digit, "0.412 ± 0.031 (n = 6)".</summary>
    public override string ToString() => double.IsFinite(Sem)
        ? $"{Reports.Axis.WithError(Mean, Sem)} (n = {N})"
        : $"{Reports.Axis.Short(Mean)} (n = {N})";
}
