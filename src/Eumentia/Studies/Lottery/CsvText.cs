using System.Globalization;
using Eumentia.Analysis;

namespace Eumentia.Studies.Lottery;

/// <summary>Tables of the lottery study: mixed-type rows written through the shared CSV writer (round-trip numbers, NaN as NaN).</summary>
public static class CsvText
{
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows) =>
        CsvTable.Write(path, header, rows.Select(r => (IReadOnlyList<string>)r.Select(Cell).ToArray()));

    static string Cell(object? value) => value switch
    {
        null => "",
        double d => CsvTable.Format(d),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
