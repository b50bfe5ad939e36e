namespace Eumentia.Data.Synthetic;

/// <summary>Which of the two input ensembles to draw.</summary>
public enum NlgpKind
{
    /// <summary>The nonlinear Gaussian process x = erf(g z / √2) / √γ(g): non-Gaussian, heavy or light tails by g.</summary>
    Nlgp,
    /// <summary>The Gaussian control: a Gaussian process with the covariance chosen by <see cref="GaussianCovariance"/>.</summary>
    Gaussian,
}

/// <summary>The covariance the Gaussian control is given.</summary>
public enum GaussianCovariance
{
    /// <summary>The NLGP's own output covariance, (2/π) arcsin(g² C / (1 + g²)) / γ(g): the two ensembles then agree in
    /// their first two moments and differ only in higher-order statistics (the default, and the point of the control).</summary>
    Matched,
    /// <summary>The latent covariance C itself (what the NLGP's z has).</summary>
    Latent,
}

/// <summary>
/// The two-class nonlinear Gaussian process of Ingrosso &amp; Goldt (PNAS 2022) on a torus: z is a centred Gaussian
/// process with C_ij = exp(−d_ij² / ξ²), d the periodic distance; class 0 uses ξ0, class 1 uses ξ1, so the classes
/// differ only in their correlation length. Both ensembles have unit variance at every site.
/// </summary>
public sealed record NlgpSpec
{
    public NlgpKind Kind { get; init; } = NlgpKind.Nlgp;
    /// <summary>1 (a ring of L sites) or 2 (an L×L image, flattened row-major).</summary>
    public int Dimension { get; init; } = 1;
    /// <summary>Side L of the torus.</summary>
    public int Side { get; init; } = 64;
    /// <summary>Gain g &gt; 0: g → 0 leaves the inputs Gaussian, g → ∞ makes them ±1 (sharp edges).</summary>
    public double Gain { get; init; } = 3;
    /// <summary>Correlation length of class 0.</summary>
    public double Xi0 { get; init; } = 1;
    /// <summary>Correlation length of class 1.</summary>
    public double Xi1 { get; init; } = 3;
    public GaussianCovariance ControlCovariance { get; init; } = GaussianCovariance.Matched;

    public Torus Torus => new(Dimension, Side);
    public int Features => Torus.Sites;

    public void Validate()
    {
        _ = Torus;
        if (!(Gain > 0) || !double.IsFinite(Gain)) throw new UsageException($"NLGP gain g = {Gain} must be positive");
        if (!(Xi0 > 0) || !(Xi1 > 0)) throw new UsageException($"correlation lengths ξ0 = {Xi0}, ξ1 = {Xi1} must be positive");
    }
}
