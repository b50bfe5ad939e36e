using MathNet.Numerics;

namespace Eumentia.Data.Synthetic;

/// <summary>
/// Exact statistics of the NLGP x = erf(g z / √2) / √γ(g) with z ~ N(0, C), C_ii = 1. For jointly Gaussian unit
/// variables with correlation ρ, E[erf(a u) erf(a v)] = (2/π) arcsin(2a²ρ / (1 + 2a²)); with a = g/√2 this gives
/// γ(g) = (2/π) arcsin(g² / (1 + g²)) as the variance of erf(g z / √2), hence unit variance after the division,
/// and the output covariance (2/π) arcsin(g² ρ / (1 + g²)) / γ(g).
/// </summary>
public static class NlgpTheory
{
    public static double Gamma(double g) => 2 / Math.PI * Math.Asin(g * g / (1 + g * g));

    /// <summary>Covariance of two NLGP sites whose latent correlation is <paramref name="rho"/>.</summary>
    public static double OutputCovariance(double rho, double g) => 2 / Math.PI * Math.Asin(g * g * rho / (1 + g * g)) / Gamma(g);

    /// <summary>The pointwise map from the latent z to the input x.</summary>
    public static double Map(double z, double g, double sqrtGamma) => SpecialFunctions.Erf(g * z / Math.Sqrt(2)) / sqrtGamma;

    /// <summary>E[x^<paramref name="power"/>] of one site, by adaptive Gauss-Kronrod quadrature over the latent Gaussian.</summary>
    public static double Moment(double g, int power)
    {
        double sqrtGamma = Math.Sqrt(Gamma(g));
        double Integrand(double z) => Math.Pow(Map(z, g, sqrtGamma), power) * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        // The integrand changes on the scale 1/g near 0 and on the scale 1 in the Gaussian tail: split there.
        double knee = Math.Min(1, 4 / g);
        double half = Integrate.GaussKronrod(Integrand, 0, knee, 1e-13, 20, 61) + Integrate.GaussKronrod(Integrand, knee, 40, 1e-13, 20, 61);
        return power % 2 == 0 ? 2 * half : 0;
    }

    /// <summary>Marginal excess kurtosis E[x⁴] / E[x²]² − 3 of the NLGP at gain g: 0 as g → 0, −2 as g → ∞ (x → ±1).</summary>
    public static double ExcessKurtosis(double g)
    {
        double m2 = Moment(g, 2);
        return Moment(g, 4) / (m2 * m2) - 3;
    }
}
