using System.Globalization;
using Parquet.Schema;
using Parquet;

namespace Eumentia.IO;

/// <summary>The file formats a table can be written in: CSV (the default) or Apache Parquet.</summary>
public enum TableFormat { Csv, Parquet }

/// <summary>
/// Writes a table of text cells (as CSV writes them) either as CSV or as Parquet with the same columns, each
/// typed from its cells: int64 when every non-empty cell is an integer, float64 when every one is a number
/// (NaN and ±∞ included), boolean for true/false, text otherwise; an empty cell is null. Atomically either way.
/// </summary>
public static class TableFiles
{
    public static TableFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "csv" => TableFormat.Csv,
        "parquet" => TableFormat.Parquet,
        _ => throw new UsageException($"unknown table format '{name}' (expected csv or parquet)"),
    };

    public static string Extension(TableFormat format) => format == TableFormat.Parquet ? ".parquet" : ".csv";

    public static void Write(string path, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, TableFormat format)
    {
        if (format == TableFormat.Csv)
        {
            CsvTable.Write(path, header, rows);
            return;
        }
        AtomicFile.Write(path, stream => WriteParquet(stream, header, rows).GetAwaiter().GetResult());
    }

    static async Task WriteParquet(Stream stream, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        string Cell(int row, int column) => column < rows[row].Count ? rows[row][column] : "";
        var columns = Enumerable.Range(0, header.Count).Select(c => Enumerable.Range(0, rows.Count).Select(r => Cell(r, c)).ToArray()).ToArray();
        var fields = header.Select((name, c) => (Field)(Classify(columns[c]) switch
        {
            ColumnType.Integer => new DataField<long?>(name),
            ColumnType.Number => new DataField<double?>(name),
            ColumnType.Boolean => new DataField<bool?>(name),
            _ => new DataField<string>(name, nullable: true),
        })).ToArray();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < fields.Length; c++)
        {
            var field = (DataField)fields[c];
            var cells = columns[c];
            switch (Classify(cells))
            {
                case ColumnType.Integer:
                    await group.WriteAsync<long>(field, cells.Select(s => s.Length == 0 ? (long?)null : long.Parse(s, CultureInfo.InvariantCulture)).ToArray().AsMemory());
                    break;
                case ColumnType.Number:
                    await group.WriteAsync<double>(field, cells.Select(s => s.Length == 0 ? (double?)null : ParseNumber(s)).ToArray().AsMemory());
                    break;
                case ColumnType.Boolean:
                    await group.WriteAsync<bool>(field, cells.Select(s => s.Length == 0 ? (bool?)null : s == "true").ToArray().AsMemory());
                    break;
                default:
                    await group.WriteAsync(field, cells.Select(s => s.Length == 0 ? null! : s).ToArray());
                    break;
            }
        }
    }

    enum ColumnType { Integer, Number, Boolean, Text }

    static ColumnType Classify(string[] cells)
    {
        var present = cells.Where(s => s.Length > 0).ToArray();
        if (present.Length == 0) return ColumnType.Text;
        if (present.All(s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return ColumnType.Integer;
        if (present.All(s => TryNumber(s, out _))) return ColumnType.Number;
        if (present.All(s => s is "true" or "false")) return ColumnType.Boolean;
        return ColumnType.Text;
    }

    static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        || (s is "NaN" or "Infinity" or "-Infinity" && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value));

    static double ParseNumber(string s) => TryNumber(s, out var v) ? v : throw new FormatException($"'{s}' is not a number");
}
