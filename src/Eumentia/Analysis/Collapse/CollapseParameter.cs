namespace Eumentia.Analysis.Collapse;

/// <summary>
/// A parameter of a collapse form: its starting value and search range, whether it is held fixed, and
/// whether it is searched on a log scale (a positive length such as L0 spanning decades).
/// </summary>
public sealed record CollapseParameter(string Name, double Initial, double Lower, double Upper, bool Fixed = false, bool LogScale = false)
{
    public CollapseParameter FixedAt(double value) => this with { Initial = value, Fixed = true };

    /// <summary>Position of <paramref name="value"/> in [0, 1] across the search range.</summary>
    public double ToUnit(double value) => LogScale
        ? (Math.Log(value) - Math.Log(Lower)) / (Math.Log(Upper) - Math.Log(Lower))
        : (value - Lower) / (Upper - Lower);

    public double FromUnit(double u) => LogScale
        ? Math.Exp(Math.Log(Lower) + u * (Math.Log(Upper) - Math.Log(Lower)))
        : Lower + u * (Upper - Lower);

    public void Validate()
    {
        if (!(Lower < Upper) && !Fixed) throw new UsageException($"parameter {Name}: empty search range [{Lower}, {Upper}]");
        if (LogScale && !(Lower > 0)) throw new UsageException($"parameter {Name}: a log-scale range must be positive, not [{Lower}, {Upper}]");
        if (!Fixed && (Initial < Lower || Initial > Upper))
            throw new UsageException($"parameter {Name}: start {Initial} lies outside its range [{Lower}, {Upper}]");
    }
}

/// <summary>A user's change to one parameter of a form: fix it, start it elsewhere, or change its range.</summary>
public sealed record ParameterOverride(string Name, double? Value = null, bool Fix = false, double? Lower = null, double? Upper = null)
{
    public CollapseParameter Apply(CollapseParameter p)
    {
        var q = p with { Lower = Lower ?? p.Lower, Upper = Upper ?? p.Upper };
        if (Value is double v) q = Fix ? q.FixedAt(v) : q with { Initial = v, Fixed = false };
        else if (Lower is not null || Upper is not null) q = q with { Initial = Math.Clamp(q.Initial, q.Lower, q.Upper) };
        return q;
    }
}
