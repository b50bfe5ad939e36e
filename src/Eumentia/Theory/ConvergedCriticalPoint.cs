namespace Eumentia.Theory;

/// <summary>
/// A critical point whose quadrature checked itself: <see cref="Point"/> at Gauss–Hermite order
/// <see cref="Order"/>, and for each quantity the change from order / 2 to order, a bound on its error (the rule
/// converges exponentially for these integrands, so the higher order's own error is far smaller).
/// <see cref="Converged"/> is false where every quantity did not reach the tolerance by <see cref="GaussHermite.MaxOrder"/>.
/// </summary>
public sealed record ConvergedCriticalPoint(CriticalPoint Point, int Order, bool Converged, double Tolerance,
    double SigmaWError, double LengthFixedPointError, double KappaError, double DecayAmplitudeError, double LengthDepthScaleError)
{
    /// <summary>
    /// Raises the order from <paramref name="startOrder"/> (doubling, capped at <see cref="GaussHermite.MaxOrder"/>)
    /// until orders n and 2n agree to <paramref name="tolerance"/> relative in σ_w,c, q*, κ, the decay amplitude and ξ_q.
    /// </summary>
    public static ConvergedCriticalPoint Find(Activation activation, double sigmaB, double keep = 1.0, double tolerance = 1e-10, int startOrder = 96)
    {
        if (!(tolerance > 0)) throw new UsageException($"quadrature tolerance must be positive, got {tolerance}");
        int n = Math.Min(startOrder, GaussHermite.MaxOrder / 2);
        var previous = CriticalLine.At(activation, sigmaB, keep, n);
        while (true)
        {
            int next = Math.Min(2 * n, GaussHermite.MaxOrder);
            var point = CriticalLine.At(activation, sigmaB, keep, next);
            double[] errors = [Change(previous.SigmaW, point.SigmaW), Change(previous.LengthFixedPoint, point.LengthFixedPoint), Change(previous.Kappa, point.Kappa),
                Change(previous.DecayAmplitude, point.DecayAmplitude), Change(previous.LengthDepthScale, point.LengthDepthScale)];
            double[] values = [point.SigmaW, point.LengthFixedPoint, point.Kappa, point.DecayAmplitude, point.LengthDepthScale];
            bool ok = errors.Zip(values).All(t => !double.IsFinite(t.Second) || t.First <= tolerance * Math.Max(Math.Abs(t.Second), 1e-300));
            if (ok || next == GaussHermite.MaxOrder)
                return new ConvergedCriticalPoint(point, next, ok, tolerance, errors[0], errors[1], errors[2], errors[3], errors[4]);
            previous = point;
            n = next;
        }
    }

    /// <summary>|a − b|, 0 where both are the same infinity (κ of a kinked activation).</summary>
    static double Change(double a, double b) => a == b ? 0 : Math.Abs(a - b);

    /// <summary>
    /// <paramref name="value"/> with only the digits <paramref name="error"/> leaves trustworthy (one guard digit
    /// where the error is known, the shortest round-trip form where the two orders agree exactly).
    /// </summary>
    public static string Trusted(double value, double error)
    {
        if (!double.IsFinite(value)) return double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : "nan";
        if (value == 0) return "0";
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!(error > 0)) return value.ToString("R", invariant);
        int digits = (int)Math.Clamp(Math.Floor(Math.Log10(Math.Abs(value) / error)) + 1, 1, 17);
        return digits >= 16 ? value.ToString("R", invariant) : value.ToString("G" + digits, invariant);
    }
}
