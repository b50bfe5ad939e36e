namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Critical exponents of an absorbing-state universality class: order parameter beta, correlation-length
/// exponents nu_perp (space) and nu_par (time), and the decay exponent delta = beta / nu_par of
/// rho(t) ~ t^-delta at criticality.
/// </summary>
public sealed record AbsorbingClass(string Name, double Beta, double NuPerp, double NuParallel, double Delta)
{
    /// <summary>Mean field: beta = nu_par = 1, delta = 1 (rho ~ 1 / (kappa t) at criticality), nu_perp = 1/2.</summary>
    public static AbsorbingClass MeanField { get; } = new("mean-field", 1, 0.5, 1, 1);
    /// <summary>Directed percolation in 1+1 dimensions.</summary>
    public static AbsorbingClass DirectedPercolation1D { get; } = new("dp1", 0.276486, 1.096854, 1.733847, 0.159464);
    /// <summary>Directed percolation in 2+1 dimensions.</summary>
    public static AbsorbingClass DirectedPercolation2D { get; } = new("dp2", 0.5834, 0.7333, 1.2950, 0.4505);

    public static IReadOnlyList<AbsorbingClass> All { get; } = [MeanField, DirectedPercolation1D, DirectedPercolation2D];

    public static AbsorbingClass Parse(string name) =>
        All.FirstOrDefault(c => c.Name == name.Trim().ToLowerInvariant() || (name.Trim().ToLowerInvariant() is "mf" && c == MeanField))
        ?? throw new UsageException($"unknown universality class '{name}': use free, {string.Join(", ", All.Select(c => c.Name))}");
}
