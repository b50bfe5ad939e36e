using System.Globalization;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>One measured exponent of one architecture, how it was measured, beside the values of the classes.</summary>
public sealed record ExponentRow(string Architecture, string Exponent, Estimate Measured, string Source, IReadOnlyList<double> ClassValues);

/// <summary>Which class an architecture's exponents point to, and how well (χ² per exponent against each class).</summary>
public sealed record Verdict(string Architecture, string Closest, bool Consistent, IReadOnlyList<double> ChiSquarePerExponent, string Text);

/// <summary>
/// The exponent table: δ, β, ν∥ per architecture beside mean field and directed percolation in 1+1 and 2+1
/// dimensions, and a verdict per architecture. A measured exponent is compared with a class value through
/// z = (m − t) / √(σ² + (0.1 t)²): the bootstrap error plus a 10 % allowance for corrections to scaling at
/// the widths, depths and sizes a laptop reaches. The verdict names the class with the smallest mean z²
/// and calls it consistent when that mean is below 4 (within two standard deviations on average) while
/// every other class's is above 4 (excluded at that level): noisy exponents fit everything and decide nothing.
/// </summary>
public static class ExponentTable
{
    public static readonly string[] Exponents = ["delta", "beta", "nu_par"];
    public const double Systematic = 0.1;

    /// <summary>δ, β, ν∥ of one architecture from its scan, or from elsewhere when given (with their sources).</summary>
    public static IReadOnlyList<ExponentRow> Rows(string architecture, ScanExponents scan, (Estimate Value, string Source)? delta = null,
        (Estimate Value, string Source)? nuParallel = null, (Estimate Value, string Source)? beta = null) =>
    [
        Row(architecture, "delta", delta?.Value ?? scan.Delta, delta?.Source ?? "slope at the scan's critical point"),
        Row(architecture, "beta", beta?.Value ?? scan.Beta, beta?.Source ?? "plateau against sigma_w - sigma_c'"),
        Row(architecture, "nu_par", nuParallel?.Value ?? scan.NuParallel, nuParallel?.Source ?? "ordered decay length against sigma_c' - sigma_w"),
    ];

    static ExponentRow Row(string architecture, string exponent, Estimate measured, string source) =>
        new(architecture, exponent, measured, source, AbsorbingClass.All.Select(c => Value(c, exponent)).ToArray());

    /// <summary>
    /// The verdict among <paramref name="candidates"/> (default: every class): a d-dimensional lattice can only be
    /// mean field or DP in d+1 dimensions, so a 1-D CNN that lands near the 2+1 D values has not found that class.
    /// Mean z² is reported against every class all the same.
    /// </summary>
    public static Verdict Judge(string architecture, IReadOnlyList<ExponentRow> rows, IReadOnlyList<AbsorbingClass>? candidates = null)
    {
        var mine = rows.Where(r => r.Architecture == architecture && !r.Measured.IsMissing).ToArray();
        var chi = AbsorbingClass.All.Select((c, k) => mine.Length == 0 ? double.NaN
            : mine.Average(r => Math.Pow(Z(r.Measured, r.ClassValues[k]), 2))).ToArray();
        if (mine.Length == 0) return new Verdict(architecture, "none", false, chi, "no exponent could be measured");
        var allowed = Enumerable.Range(0, chi.Length).Where(k => candidates is null || candidates.Contains(AbsorbingClass.All[k])).ToArray();
        int best = allowed.MinBy(k => chi[k]);
        double runnerUp = allowed.Where(k => k != best).Select(k => chi[k]).DefaultIfEmpty(double.PositiveInfinity).Min();
        bool consistent = chi[best] < 4 && runnerUp > 4;
        string name = Display(AbsorbingClass.All[best]);
        string detail = string.Join(", ", AbsorbingClass.All.Select((c, k) => string.Create(CultureInfo.InvariantCulture, $"{Display(c)} {chi[k]:F2}")));
        // An inconclusive verdict still rules classes out: every candidate but the closest whose mean z² is above 4.
        var excluded = allowed.Where(k => k != best && chi[k] > 4).Select(k => Display(AbsorbingClass.All[k])).ToArray();
        string text = consistent ? $"consistent with {name} (mean z²: {detail})"
            : chi[best] > 4 ? $"no class fits (every candidate's mean z² is above 4); closest is {name} (mean z²: {detail})"
            : $"inconclusive; closest is {name}{(excluded.Length > 0 ? $", {string.Join(" and ", excluded)} excluded" : "")} (mean z²: {detail})";
        // A class left out by rule is still shown, and said to fit better where it does: the rule, not the exponents, set it aside.
        var leftOut = Enumerable.Range(0, chi.Length).Where(k => !allowed.Contains(k)).ToArray();
        if (leftOut.Length > 0)
        {
            var better = leftOut.Where(k => chi[k] < chi[best]).Select(k => string.Create(CultureInfo.InvariantCulture, $"{Display(AbsorbingClass.All[k])} (mean z² {chi[k]:F2})")).ToArray();
            text += $"; {string.Join(" and ", leftOut.Select(k => Display(AbsorbingClass.All[k])))} left out by rule (a {architecture} lattice can only be mean field or DP in its own dimension)"
                + (better.Length > 0 ? $", although {string.Join(" and ", better)} fits the exponents better than {name}" : "");
        }
        return new Verdict(architecture, name, consistent, chi, text);
    }

    /// <summary>δ, β or ν∥ of a class, by the table's exponent names.</summary>
    public static double Value(AbsorbingClass c, string exponent) => exponent switch
    {
        "delta" => c.Delta,
        "beta" => c.Beta,
        "nu_par" => c.NuParallel,
        _ => throw new ArgumentException($"unknown exponent '{exponent}'"),
    };

    /// <summary>The class's name for people: mean field, DP 1+1 D, DP 2+1 D.</summary>
    public static string Display(AbsorbingClass c) =>
        c == AbsorbingClass.MeanField ? "mean field" : c == AbsorbingClass.DirectedPercolation1D ? "DP 1+1 D" : c == AbsorbingClass.DirectedPercolation2D ? "DP 2+1 D" : c.Name;

    /// <summary>(m − t) / √(σ² + (0.1 t)²), σ = 0 where the bootstrap gave no error.</summary>
    public static double Z(Estimate measured, double theory)
    {
        double error = double.IsFinite(measured.Error) ? measured.Error : 0;
        return (measured.Value - theory) / Math.Sqrt(error * error + Math.Pow(Systematic * theory, 2));
    }

    public static string Csv(IEnumerable<ExponentRow> rows) => CriticalityTables.Csv(
        ["architecture", "exponent", "measured", "measured_se", "source", .. AbsorbingClass.All.Select(c => c.Name.Replace('-', '_'))],
        rows.Select(r => (IReadOnlyList<object>)[r.Architecture, r.Exponent, r.Measured.Value, r.Measured.Error, r.Source, .. r.ClassValues.Cast<object>()]));
}
