namespace Eumentia.Theory;

/// <summary>A point (σ_b, σ_w,c) of the order-to-chaos boundary with the quantities that live on it.</summary>
public sealed record CriticalPoint(string Activation, double SigmaB, double SigmaW, double Keep, double LengthFixedPoint,
    double Kappa, double DecayExponent, double DecayAmplitude, double LengthDepthScale);

/// <summary>
/// The edge of chaos σ_w,c(σ_b): the smallest σ_w at which χ₁ = σ_w² E[φ'(√q* z)²] reaches 1, q* itself
/// depending on σ_w. Found by a geometric scan for the first sign change of χ₁ − 1 and Brent's method.
/// With dropout (keep &lt; 1) χ₁ = 1 no longer separates two phases (c* &lt; 1 everywhere, ξ_c finite), but
/// the line is still the reference Schoenholz et al. draw.
/// </summary>
public static class CriticalLine
{
    const double ScanStart = 0.05, ScanEnd = 100, ScanFactor = 1.1;

    /// <summary>σ_w,c for one σ_b.</summary>
    public static double SigmaW(Activation activation, double sigmaB, double keep = 1.0, int order = 96)
    {
        double Excess(double sigmaW) => new MeanField(activation, sigmaW, sigmaB, keep, order).Chi1 - 1.0;
        double previous = ScanStart, previousExcess = Excess(previous);
        if (previousExcess > 0)
            throw new EumentiaException($"{activation.Name} at sigma_b = {sigmaB}: chi_1 already exceeds 1 at sigma_w = {ScanStart}");
        for (double sigmaW = previous * ScanFactor; sigmaW <= ScanEnd; sigmaW *= ScanFactor)
        {
            double excess = Excess(sigmaW);
            if (excess >= 0) return Bracketed.Root(Excess, previous, sigmaW, 1e-15);
            previous = sigmaW;
        }
        throw new EumentiaException($"{activation.Name} at sigma_b = {sigmaB}: chi_1 stays below 1 up to sigma_w = {ScanEnd}; no edge of chaos");
    }

    /// <summary>The critical point at σ_b with its metric factor, decay law and length depth scale.</summary>
    public static CriticalPoint At(Activation activation, double sigmaB, double keep = 1.0, int order = 96)
    {
        double sigmaW = SigmaW(activation, sigmaB, keep, order);
        var field = new MeanField(activation, sigmaW, sigmaB, keep, order);
        var decay = field.Decay;
        return new CriticalPoint(activation.Name, sigmaB, sigmaW, keep, field.LengthFixedPoint(), field.Kappa,
            decay.Exponent, decay.Amplitude, field.LengthDepthScale);
    }

    /// <summary>The line over a grid of σ_b, each point's quadrature raised until it converges (<see cref="ConvergedCriticalPoint.Find"/>).</summary>
    public static IReadOnlyList<ConvergedCriticalPoint> TraceConverged(Activation activation, IEnumerable<double> sigmaBs, double keep = 1.0, double tolerance = 1e-10, int startOrder = 96) =>
        sigmaBs.Select(b => ConvergedCriticalPoint.Find(activation, b, keep, tolerance, startOrder)).ToArray();

    /// <summary>The line over a grid of σ_b (the phase diagram's boundary).</summary>
    public static IReadOnlyList<CriticalPoint> Trace(Activation activation, IEnumerable<double> sigmaBs, double keep = 1.0, int order = 96) =>
        sigmaBs.Select(b => At(activation, b, keep, order)).ToArray();
}
