namespace Eumentia.Theory;

/// <summary>
/// How the infinite-width order parameter dies at the edge of chaos: the correlation map near c = 1 reads
/// ρ_{l+1} ≈ ρ_l − <see cref="Coefficient"/> · ρ_l^{1 + 1/<see cref="Exponent"/>}, so that
/// ρ_l ≈ <see cref="Amplitude"/> · l^{−<see cref="Exponent"/>}. Smooth activations: exponent δ = 1,
/// coefficient κ, amplitude 1/κ. Activations with kinks: δ = 2 (a ρ^{3/2} term), amplitude 4/a².
/// A zero coefficient (linear φ) means no decay at all.
/// </summary>
public readonly record struct CriticalDecay(double Exponent, double Coefficient)
{
    /// <summary>A in ρ_l ≈ A l^{−δ}: 1/κ for δ = 1, 4/a² for δ = 2 (from u = ρ^{−1/2}, u_{l+1} ≈ u_l + a/2).</summary>
    public double Amplitude => Coefficient <= 0 ? double.PositiveInfinity
        : Exponent == 1 ? 1.0 / Coefficient
        : Math.Pow(Exponent / Coefficient, Exponent);

    /// <summary>The leading-order ρ at depth l from the asymptotic law.</summary>
    public double At(double depth) => Amplitude * Math.Pow(depth, -Exponent);
}
