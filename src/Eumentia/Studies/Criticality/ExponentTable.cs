using System.Globalization;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>One measured exponent of one architecture, how it was measured, beside the values of the classes.</summary>
public sealed record ExponentRow(string Architecture, string Exponent, Estimate Measured, string Source, IReadOnlyList<double> ClassValues);

/// <summary>
/// Which class an architecture's exponents point to, and how well: mean z² against each class (<see cref="AbsorbingClass.All"/>
/// order) and each class's standing — consistent (the only candidate not excluded), excluded (mean z² above 4), undecided
/// (one of several candidates not excluded: the exponents cannot tell them apart at this size) or left out by rule.
/// <see cref="SelfAverages"/> records the self-averaging check that qualifies a CNN's verdict (null where none was made);
/// it never changes <see cref="Consistent"/>, which is the exponents' word alone.
/// </summary>
public sealed record Verdict(string Architecture, string Closest, bool Consistent, IReadOnlyList<double> ChiSquarePerExponent, string Text)
{
    public IReadOnlyList<string> ClassStatus { get; init; } = [];
    public bool? SelfAverages { get; init; }
}

/// <summary>
/// The exponent table: δ, β, ν∥ per architecture beside mean field, directed percolation in 1+1 and 2+1 dimensions and
/// multiplicative noise in 1+1 dimensions, and a verdict per architecture. A measured exponent is compared with a class
/// value through z = (m − t) / √(σ² + σ_t² + (0.1 t)²): the bootstrap error, the literature's error of the class value
/// (<see cref="AbsorbingClass"/>: zero for mean field and DP 1+1, 3–7 % for multiplicative noise) and a 10 % allowance for
/// corrections to scaling at the widths, depths and sizes a laptop reaches. A class is excluded when its mean z² over the
/// measured exponents exceeds 4 (two standard deviations on average); the verdict is "consistent with" a class only when it
/// is the one candidate left, "undecided at this size" when several are, "no class fits" when none is: noisy exponents fit
/// everything and decide nothing.
/// </summary>
public static class ExponentTable
{
    public static readonly string[] Exponents = ["delta", "beta", "nu_par"];
    public const double Systematic = 0.1;
    /// <summary>The mean z² above which a class is excluded.</summary>
    public const double Exclusion = 4;

    /// <summary>δ, β, ν∥ of one architecture from its scan, or from elsewhere when given (with their sources).</summary>
    public static IReadOnlyList<ExponentRow> Rows(string architecture, ScanExponents scan, (Estimate Value, string Source)? delta = null,
        (Estimate Value, string Source)? nuParallel = null, (Estimate Value, string Source)? beta = null) =>
    [
        Row(architecture, "delta", delta?.Value ?? scan.Delta, delta?.Source ?? "slope at the scan's critical point"),
        Row(architecture, "beta", beta?.Value ?? scan.Beta, beta?.Source ?? "plateau against sigma_w - sigma_c'"),
        Row(architecture, "nu_par", nuParallel?.Value ?? scan.NuParallel, nuParallel?.Source ?? "ordered decay length against sigma_c' - sigma_w"),
    ];

    /// <summary>One measured exponent beside every class's value.</summary>
    public static ExponentRow Row(string architecture, string exponent, Estimate measured, string source) =>
        new(architecture, exponent, measured, source, AbsorbingClass.All.Select(c => Value(c, exponent)).ToArray());

    /// <summary>
    /// The verdict among <paramref name="candidates"/> (default: every class): a d-dimensional lattice can only be
    /// mean field, DP or multiplicative noise in d+1 dimensions, so a 1-D CNN that lands near the 2+1 D values has not
    /// found that class. Mean z² is reported against every class all the same.
    /// </summary>
    public static Verdict Judge(string architecture, IReadOnlyList<ExponentRow> rows, IReadOnlyList<AbsorbingClass>? candidates = null)
    {
        var mine = rows.Where(r => r.Architecture == architecture && !r.Measured.IsMissing).ToArray();
        var classes = AbsorbingClass.All;
        var chi = classes.Select(c => mine.Length == 0 ? double.NaN : mine.Average(r => Math.Pow(Z(r.Measured, c, r.Exponent), 2))).ToArray();
        var allowed = Enumerable.Range(0, chi.Length).Where(k => candidates is null || candidates.Contains(classes[k])).ToArray();
        if (mine.Length == 0)
            return new Verdict(architecture, "none", false, chi, "no exponent could be measured")
            {
                ClassStatus = classes.Select((_, k) => allowed.Contains(k) ? "undecided" : "left out by rule").ToArray(),
            };
        int best = allowed.MinBy(k => chi[k]);
        var standing = allowed.Where(k => chi[k] <= Exclusion).ToArray();
        bool consistent = standing.Length == 1;
        string name = Display(classes[best]);
        string detail = string.Join(", ", classes.Select((c, k) => string.Create(CultureInfo.InvariantCulture, $"{Display(c)} {chi[k]:F2}")));
        // An undecided verdict still rules classes out: every candidate whose mean z² is above the threshold.
        var excluded = allowed.Where(k => chi[k] > Exclusion).Select(k => Display(classes[k])).ToArray();
        string text = consistent ? $"consistent with {name}{(excluded.Length > 0 ? $", {string.Join(" and ", excluded)} excluded" : "")} (mean z²: {detail})"
            : standing.Length == 0 ? $"no class fits (every candidate's mean z² is above {Exclusion:G}); closest is {name} (mean z²: {detail})"
            : $"undecided at this size between {string.Join(" and ", standing.OrderBy(k => chi[k]).Select(k => Display(classes[k])))}; closest is {name}"
                + $"{(excluded.Length > 0 ? $", {string.Join(" and ", excluded)} excluded" : "")} (mean z²: {detail})";
        // A class left out by rule is still shown, and said to fit better where it does: the rule, not the exponents, set it aside.
        var leftOut = Enumerable.Range(0, chi.Length).Where(k => !allowed.Contains(k)).ToArray();
        if (leftOut.Length > 0)
        {
            var better = leftOut.Where(k => chi[k] < chi[best]).Select(k => string.Create(CultureInfo.InvariantCulture, $"{Display(classes[k])} (mean z² {chi[k]:F2})")).ToArray();
            text += $"; {string.Join(" and ", leftOut.Select(k => Display(classes[k])))} left out by rule (a {architecture} lattice can only be in a class of its own dimension)"
                + (better.Length > 0 ? $", although {string.Join(" and ", better)} fits the exponents better than {name}" : "");
        }
        var status = classes.Select((_, k) => !allowed.Contains(k) ? "left out by rule" : chi[k] > Exclusion ? "excluded" : consistent ? "consistent" : "undecided").ToArray();
        return new Verdict(architecture, name, consistent, chi, text) { ClassStatus = status };
    }

    /// <summary>δ, β or ν∥ of a class, by the table's exponent names.</summary>
    public static double Value(AbsorbingClass c, string exponent) => exponent switch
    {
        "delta" => c.Delta,
        "beta" => c.Beta,
        "nu_par" => c.NuParallel,
        _ => throw new ArgumentException($"unknown exponent '{exponent}'"),
    };

    /// <summary>The literature's error of a class's δ, β or ν∥.</summary>
    public static double Error(AbsorbingClass c, string exponent) => exponent switch
    {
        "delta" => c.DeltaError,
        "beta" => c.BetaError,
        "nu_par" => c.NuParallelError,
        _ => throw new ArgumentException($"unknown exponent '{exponent}'"),
    };

    /// <summary>The class's name for people: mean field, DP 1+1 D, DP 2+1 D, MN 1+1 D.</summary>
    public static string Display(AbsorbingClass c) =>
        c == AbsorbingClass.MeanField ? "mean field" : c == AbsorbingClass.DirectedPercolation1D ? "DP 1+1 D" : c == AbsorbingClass.DirectedPercolation2D ? "DP 2+1 D"
        : c == AbsorbingClass.MultiplicativeNoise1D ? "MN 1+1 D" : c.Name;

    /// <summary>(m − t) / √(σ² + σ_t² + (0.1 t)²), σ = 0 where the bootstrap gave no error, σ_t the class value's own error.</summary>
    public static double Z(Estimate measured, double theory, double theoryError = 0)
    {
        double error = double.IsFinite(measured.Error) ? measured.Error : 0;
        return (measured.Value - theory) / Math.Sqrt(error * error + theoryError * theoryError + Math.Pow(Systematic * theory, 2));
    }

    /// <summary>z of a measured exponent against a class, the class value's error included.</summary>
    public static double Z(Estimate measured, AbsorbingClass c, string exponent) => Z(measured, Value(c, exponent), Error(c, exponent));

    /// <summary>
    /// One architecture's comparison as a Markdown table: each measured exponent with its error, every class's value and z,
    /// then each class's mean z² and standing, then the verdict — the table the findings page shows per architecture.
    /// </summary>
    public static string Markdown(string label, IEnumerable<ExponentRow> rows, Verdict verdict)
    {
        var classes = AbsorbingClass.All;
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine($"**{label}**").AppendLine();
        text.AppendLine("| exponent | measured | " + string.Join(" | ", classes.Select(k => $"{Display(k)}: value (z)")) + " |");
        text.AppendLine("|---|---|" + string.Concat(classes.Select(_ => "---|")));
        foreach (var r in rows.Where(r => r.Architecture == verdict.Architecture))
            text.AppendLine($"| {r.Exponent} | {(r.Measured.IsMissing ? "—" : r.Measured.ToString())} | " + string.Join(" | ", classes.Select(k =>
            {
                double v = Value(k, r.Exponent), e = Error(k, r.Exponent);
                string value = e > 0 ? string.Create(c, $"{v:G4} ± {e:G2}") : string.Create(c, $"{v:G4}");
                return r.Measured.IsMissing ? value : string.Create(c, $"{value} ({Z(r.Measured, k, r.Exponent):+0.0;−0.0})");
            })) + " |");
        text.AppendLine("| mean z² | | " + string.Join(" | ", verdict.ChiSquarePerExponent.Select(x => double.IsFinite(x) ? string.Create(c, $"{x:F2}") : "—")) + " |");
        if (verdict.ClassStatus.Count == classes.Count)
            text.AppendLine("| standing | | " + string.Join(" | ", verdict.ClassStatus) + " |");
        text.AppendLine().AppendLine($"Verdict: {verdict.Text}.");
        return text.ToString();
    }

    public static string Csv(IEnumerable<ExponentRow> rows) => CriticalityTables.Csv(
        ["architecture", "exponent", "measured", "measured_se", "source", .. AbsorbingClass.All.Select(c => c.Name.Replace('-', '_')),
            .. AbsorbingClass.All.Select(c => "z_" + c.Name.Replace('-', '_'))],
        rows.Select(r => (IReadOnlyList<object>)[r.Architecture, r.Exponent, r.Measured.Value, r.Measured.Error, r.Source, .. r.ClassValues.Cast<object>(),
            .. AbsorbingClass.All.Select(c => (object)(r.Measured.IsMissing ? double.NaN : Z(r.Measured, c, r.Exponent)))]));
}
