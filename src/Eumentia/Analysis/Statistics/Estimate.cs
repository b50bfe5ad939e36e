namespace Eumentia.Analysis.Statistics;

/// <summary>
/// A measured value and its standard error, the library's one value-with-error type. A NaN value was not measured;
/// a NaN error could not be (one seed, too few finite replicates). <see cref="N"/> is the sample count where the value
/// is a mean over samples (seeds) and the count matters to a reader; null where it is not a sample mean (a fit, a
/// bootstrap, a theory value).
/// </summary>
public readonly record struct Estimate(double Value, double Error, int? N = null)
{
    public static Estimate Missing => new(double.NaN, double.NaN);

    public bool IsMissing => double.IsNaN(Value);

    /// <summary>The estimate from a point value and its bootstrap replicates (standard deviation of the finite ones).</summary>
    public static Estimate FromReplicates(double value, IEnumerable<double> replicates)
    {
        var finite = replicates.Where(double.IsFinite).ToArray();
        if (!double.IsFinite(value) || finite.Length < 2) return new Estimate(value, double.NaN);
        double mean = finite.Average();
        return new Estimate(value, Math.Sqrt(finite.Sum(r => (r - mean) * (r - mean)) / (finite.Length - 1)));
    }

    /// <summary>The mean of the finite <paramref name="values"/> with its standard error s / √n (NaN for a single value), N = n.</summary>
    public static Estimate MeanOf(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new Estimate(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double sem = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1) / v.Length) : double.NaN;
        return new Estimate(mean, sem, v.Length);
    }

    /// <summary>How many standard errors the value lies from <paramref name="reference"/> (NaN without a positive error).</summary>
    public double Z(double reference = 0) => Error > 0 ? (Value - reference) / Error : double.NaN;

    /// <summary>The value to the decimal place of its error's second significant digit: "0.412 ± 0.031", with "(n = 6)"
    /// for a sample mean; "n/a" when not measured.</summary>
    public override string ToString() => N is { } n
        ? $"{(double.IsFinite(Error) ? NumberText.WithError(Value, Error) : NumberText.Short(Value))} (n = {n})"
        : IsMissing ? "n/a"
        : double.IsNaN(Error) ? NumberText.Short(Value)
        : NumberText.WithError(Value, Error);
}
