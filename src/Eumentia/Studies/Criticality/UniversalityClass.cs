namespace Eumentia.Studies.Criticality;

/// <summary>
/// Critical exponents of an absorbing-state universality class: ρ* ~ Δ^β, ξ∥ ~ |Δ|^−ν∥, ξ⊥ ~ |Δ|^−ν⊥,
/// ρ(l) ~ l^−δ at criticality (δ = β/ν∥). Finite-size collapses: ρ L^{β/ν⊥} against l / L^{ν∥/ν⊥}.
/// </summary>
public sealed record UniversalityClass(string Name, string Key, double Beta, double NuParallel, double NuPerpendicular, double Delta)
{
    /// <summary>Mean field (the MLP's class): β = ν∥ = δ = 1, ν⊥ = 1/2.</summary>
    public static UniversalityClass MeanField { get; } = new("mean field", "mean_field", 1.0, 1.0, 0.5, 1.0);

    /// <summary>Directed percolation in 1+1 dimensions (series and Monte Carlo values, Jensen 1999).</summary>
    public static UniversalityClass DirectedPercolation1 { get; } = new("DP 1+1 D", "dp_1p1", 0.276486, 1.733847, 1.096854, 0.159464);

    /// <summary>Directed percolation in 2+1 dimensions.</summary>
    public static UniversalityClass DirectedPercolation2 { get; } = new("DP 2+1 D", "dp_2p1", 0.5834, 1.2950, 0.7333, 0.4505);

    public static IReadOnlyList<UniversalityClass> All { get; } = [MeanField, DirectedPercolation1, DirectedPercolation2];

    /// <summary>The collapse exponent a = β/ν⊥ of ρ L^a.</summary>
    public double SizeExponent => Beta / NuPerpendicular;

    /// <summary>The dynamic exponent z = ν∥/ν⊥ of l / L^z.</summary>
    public double DynamicExponent => NuParallel / NuPerpendicular;

    public double this[string exponent] => exponent switch
    {
        "delta" => Delta,
        "beta" => Beta,
        "nu_par" => NuParallel,
        _ => throw new ArgumentException($"unknown exponent '{exponent}'"),
    };
}
