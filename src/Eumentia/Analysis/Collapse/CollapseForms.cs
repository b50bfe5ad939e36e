namespace Eumentia.Analysis.Collapse;

/// <summary>The built-in collapse forms by the names the command line uses.</summary>
public static class CollapseForms
{
    public const string Names = "power, bkt, bkt-free-sigma, depth-time, finite-size";

    /// <summary>Each form's free and fixed parameters, for --help.</summary>
    public const string Help =
        "power: p_c, nu, zeta free (--class fixes nu = nu_perp, zeta = -beta); " +
        "bkt: p_c, Delta, L0 free, sigma FIXED at 1/2; bkt-free-sigma: p_c, Delta, sigma, L0 free; " +
        "depth-time: p_c, delta, nu_par free (--class fixes delta, nu_par); " +
        "finite-size: a, z free (--class fixes both)";

    /// <summary>
    /// A form by name; <paramref name="universality"/> ("free", "mean-field", "dp1", "dp2") fixes the exponents
    /// of the power, depth-time and finite-size forms to that class.
    /// </summary>
    public static ICollapseForm Create(string name, string universality = "free")
    {
        AbsorbingClass? c = universality.Trim().ToLowerInvariant() is "free" or "" ? null : AbsorbingClass.Parse(universality);
        return name.Trim().ToLowerInvariant() switch
        {
            "power" or "power-law" => c is null ? new PowerLawCollapseForm() : PowerLawCollapseForm.ForClass(c),
            "bkt" => c is null ? new BktCollapseForm() : throw new UsageException("the bkt form has no universality class to fix; leave --class at free"),
            "bkt-free-sigma" => new BktCollapseForm(freeSigma: true),
            "depth-time" => new AbsorbingDepthTimeForm(c),
            "finite-size" => c is null ? new AbsorbingFiniteSizeForm() : AbsorbingFiniteSizeForm.ForClass(c),
            _ => throw new UsageException($"unknown collapse form '{name}': use one of {Names}"),
        };
    }
}
