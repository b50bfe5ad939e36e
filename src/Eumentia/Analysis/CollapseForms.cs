namespace Eumentia.Analysis;

/// <summary>The built-in collapse forms by the names the command line uses.</summary>
public static class CollapseForms
{
    public const string Names = "power, bkt, bkt-free-sigma, depth-time, finite-size";

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
