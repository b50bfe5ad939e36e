namespace Eumentia.Theory;

/// <summary>The infinite-width iteration: lengths q_l and order parameter ρ_l = 1 − c_l for l = 0..depth.</summary>
public sealed record MeanFieldTrajectory(IReadOnlyList<double> Length, IReadOnlyList<double> Rho)
{
    public int Depth => Rho.Count - 1;
}
