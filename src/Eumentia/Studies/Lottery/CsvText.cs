using System.Globalization;
using System.Text;

namespace Eumentia.Studies.Lottery;

/// <summary>Comma-separated tables with invariant-culture, round-trip numbers (NaN written as NaN).</summary>
public static class CsvText
{
    public static string Format(IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var sb = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (var row in rows) sb.AppendJoin(',', row.Select(Cell)).Append('\n');
        return sb.ToString();
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        string s when s.Contains(',') || s.Contains('"') => $"\"{s.Replace("\"", "\"\"")}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
