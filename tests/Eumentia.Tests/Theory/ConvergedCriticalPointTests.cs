using Eumentia.Theory;
using MathNet.Numerics.Integration;

namespace Eumentia.Tests.Theory;

public class ConvergedCriticalPointTests
{
    /// <summary>E[g(√q z)] by adaptive Gauss–Kronrod on panels of the activation's own scale: independent of Gauss–Hermite.</summary>
    static double Expect(Func<double, double> g, double q)
    {
        double s = Math.Sqrt(q), sum = 0;
        for (double a = -12; a < 12; a += 0.25)
            sum += GaussKronrodRule.Integrate(z => g(s * z) * Math.Exp(-0.5 * z * z), a, a + 0.25, out _, out _, 1e-13, 6, 21);
        return sum / Math.Sqrt(2 * Math.PI);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void TanhCriticalPointHoldsToNineDigitsByAnIndependentQuadrature(double sigmaB)
    {
        var c = ConvergedCriticalPoint.Find(Activation.Parse("tanh"), sigmaB);
        Assert.True(c.Converged);
        Assert.True(c.SigmaWError <= 1e-9, $"error bound {c.SigmaWError}");
        // At (σ_w,c, q*): q* = σ_w² E[tanh²] + σ_b² and χ₁ = σ_w² E[sech⁴] = 1, each to 1e-9 by Gauss–Kronrod.
        double w2 = c.Point.SigmaW * c.Point.SigmaW, q = c.Point.LengthFixedPoint;
        Assert.Equal(q, w2 * Expect(u => Math.Tanh(u) * Math.Tanh(u), q) + sigmaB * sigmaB, 1e-9 * q);
        Assert.Equal(1.0, w2 * Expect(u => Math.Pow(1 / Math.Cosh(u), 4), q), 9);
        // The default order alone misses: the reason the check exists.
        Assert.True(Math.Abs(CriticalLine.SigmaW(Activation.Parse("tanh"), sigmaB) - c.Point.SigmaW) > 1e-8);
    }

    [Fact]
    public void TrustedPrintsOnlyTheDigitsTheErrorLeaves()
    {
        Assert.Equal("1.2346", ConvergedCriticalPoint.Trusted(1.23456789, 3e-5));
        Assert.Equal("1.23456789", ConvergedCriticalPoint.Trusted(1.23456789, 0));
        Assert.Equal("inf", ConvergedCriticalPoint.Trusted(double.PositiveInfinity, 0));
    }
}
