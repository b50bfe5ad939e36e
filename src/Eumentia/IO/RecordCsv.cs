using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Eumentia.IO;

/// <summary>
/// Tidy CSV from records: one row per record, one snake_case column per public property in declaration
/// order, nested records flattened with their property name as prefix (match_m10, match_width, ...).
/// Numbers are written round-trip in the invariant culture; NaN as "NaN". Written atomically.
/// </summary>
public static class RecordCsv
{
    public static void Write<T>(string path, IEnumerable<T> rows) => AtomicFile.WriteAllText(path, Format(rows));

    public static string Format<T>(IEnumerable<T> rows)
    {
        var columns = Columns(typeof(T), "", []).ToArray();
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(c => c.Name)).Append('\n');
        foreach (var row in rows)
            sb.AppendJoin(',', columns.Select(c => Cell(c.Get(row)))).Append('\n');
        return sb.ToString();
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
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(TimeSpan)
            || typeof(System.Collections.IEnumerable).IsAssignableFrom(t);
    }

    static string Cell(object? value)
    {
        string s = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            string str => str,
            System.Collections.IEnumerable e => string.Join(' ', e.Cast<object?>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture))),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }
}
