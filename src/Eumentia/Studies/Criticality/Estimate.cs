using System.Globalization;

namespace Eumentia.Studies.Criticality;

/// <summary>A measured value and its standard error (NaN when it could not be measured).</summary>
public readonly record struct Estimate(double Value, double Error)
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

    public override string ToString() => IsMissing ? "n/a"
        : double.IsNaN(Error) ? Reports.Axis.Short(Value)
        : Reports.Axis.WithError(Value, Error);
}
