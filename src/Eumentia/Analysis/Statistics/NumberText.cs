using System.Globalization;

namespace Eumentia.Analysis.Statistics;

/// <summary>
/// Numbers as people read them in labels, table cells, headlines and reports: short values and "value ± error"
/// (the text of an <see cref="Estimate"/>). Here, below the reports, so that analysis results can say themselves.
/// </summary>
public static class NumberText
{
    /// <summary>"value ± error" with the error to two significant digits and the value to the same decimal place.</summary>
    public static string WithError(double value, double error)
    {
        if (!(error > 0) || !double.IsFinite(error) || !double.IsFinite(value)) return double.IsFinite(error) && error == 0 ? Short(value) : $"{Short(value)} ± {Short(error)}";
        int decimals = Math.Max(0, 1 - (int)Math.Floor(Math.Log10(error)));
        if (decimals > 8 || Math.Abs(value) >= 1e5) return $"{Short(value)} ± {Short(error)}";
        string f = "F" + decimals;
        return $"{value.ToString(f, CultureInfo.InvariantCulture).Replace("-", "−")} ± {error.ToString(f, CultureInfo.InvariantCulture)}";
    }

    /// <summary>A short label for any value (legends, table cells): 4 significant digits; 1.5×10⁻⁸ beyond 10⁵ or below 10⁻³.</summary>
    public static string Short(double v) =>
        double.IsNaN(v) ? "—" : v == 0 ? "0" : Math.Abs(v) < 1e5 && Math.Abs(v) >= 1e4 && v == Math.Round(v) ? v.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-3 && v != 0) ? Scientific(v) : v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>m×10ⁿ with up to 4 significant digits and Unicode superscripts, readable in plain text, tables and plots alike ("1×10⁻⁸", not "1E-08").</summary>
    public static string Scientific(double v)
    {
        if (!double.IsFinite(v) || v == 0) return v.ToString(CultureInfo.InvariantCulture);
        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        double mantissa = Math.Round(v / Math.Pow(10, exponent), 3);
        if (Math.Abs(mantissa) >= 10) { mantissa /= 10; exponent++; }
        string power = "10" + string.Concat(exponent.ToString(CultureInfo.InvariantCulture).Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0']));
        return mantissa == 1 ? power : mantissa == -1 ? "−" + power : $"{mantissa.ToString("0.###", CultureInfo.InvariantCulture).Replace("-", "−")}×{power}";
    }
}
