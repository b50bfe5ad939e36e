using System.Reflection;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Analysis;

/// <summary>
/// Tidy CSV from records, through <see cref="CsvTable.Write"/>: one row per record, one snake_case column per
/// public property in declaration order, nested records flattened with their property name as prefix
/// (match_m10, match_width, ...). Values are written as <see cref="CsvTable.Cell"/> writes them; lists space-separated in one cell.
/// </summary>
public static class RecordCsv
{
    public static void Write<T>(string path, IEnumerable<T> rows)
    {
        var columns = Columns(typeof(T), "", []).ToArray();
        CsvTable.Write(path, [.. columns.Select(c => c.Name)], rows.Select(row => (IReadOnlyList<string>)[.. columns.Select(c => Cell(c.Get(row)))]));
    }

    sealed record Column(string Name, Func<object?, object?> Get);

    static IEnumerable<Column> Columns(Type type, string prefix, Func<object?, object?>[] path)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0) continue;
            var get = path.Append(o => o is null ? null : p.GetValue(o)).ToArray();
            string name = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            if (IsScalar(p.PropertyType))
                yield return new Column(name, o => get.Aggregate(o, (v, f) => f(v)));
            else
                foreach (var c in Columns(p.PropertyType, name + "_", get)) yield return c;
        }
    }

    static bool IsScalar(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || typeof(System.Collections.IEnumerable).IsAssignableFrom(t);
    }

    /// <summary>A list goes into one cell, its items space-separated; everything else as every table writes it.</summary>
    static string Cell(object? value) => value switch
    {
        string s => s,
        System.Collections.IEnumerable e => string.Join(' ', e.Cast<object?>().Select(Cell)),
        _ => CsvTable.Cell(value),
    };
}
