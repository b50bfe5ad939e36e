using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Eumentia.Sweeps.Spec;

/// <summary>
/// Values of config fields: equality (arrays element-wise), the invariant round-trip text of numbers that run
/// keys hash, JSON reading and writing, and parsing of scalar text from YAML or the command line.
/// </summary>
public static class ConfigValue
{
    public static bool Equal(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is string || b is string) return Equals(a, b);
        if (a is IEnumerable ea && b is IEnumerable eb)
            return ea.Cast<object?>().SequenceEqual(eb.Cast<object?>(), EqualityComparer<object?>.Create((x, y) => Equal(x, y), x => x?.GetHashCode() ?? 0));
        return Equals(a, b);
    }

    /// <summary>snake_case text of an enum member (McNoscale → mc_noscale).</summary>
    public static string EnumName(string member) => JsonNamingPolicy.SnakeCaseLower.ConvertName(member);

    /// <summary>
    /// Invariant text of a scalar: shortest round-trip form for floats ("0.1", "1E-05"), true/false, enum names
    /// in snake_case. Non-finite floats become "NaN", "Infinity", "-Infinity".
    /// </summary>
    public static string FormatScalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        Enum e => EnumName(e.ToString()),
        string s => s,
        _ => throw new ArgumentException($"not a config scalar: {value.GetType().Name}"),
    };

    /// <summary>Text for a CSV cell: scalars as <see cref="FormatScalar"/>, arrays as canonical JSON, null as empty.</summary>
    public static string FormatCell(object? value)
    {
        if (value is null) return "";
        if (value is string or not IEnumerable) return FormatScalar(value);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalConfig.WriterOptions)) WriteJson(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string s: writer.WriteStringValue(s); break;
            case Enum e: writer.WriteStringValue(EnumName(e.ToString())); break;
            case double d when !double.IsFinite(d): writer.WriteStringValue(FormatScalar(d)); break;
            case float f when !float.IsFinite(f): writer.WriteStringValue(FormatScalar(f)); break;
            case double or float or int or long or ulong: writer.WriteRawValue(FormatScalar(value), skipInputValidation: true); break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteJson(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"not a config value: {value.GetType().Name}");
        }
    }

    /// <summary>Reads a field's value from JSON (run.json); errors name the source and field.</summary>
    public static object? FromJson(ConfigField field, JsonElement json, string source)
    {
        if (json.ValueKind == JsonValueKind.Null) return field.IsNullable || field.IsArray ? null : Bad();
        if (field.IsArray)
        {
            if (json.ValueKind != JsonValueKind.Array) return Bad();
            return json.EnumerateArray().Select(e => ScalarFromJson(e) ?? Bad()).ToArray();
        }
        return ScalarFromJson(json) ?? Bad();

        object? ScalarFromJson(JsonElement e)
        {
            string? text = e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            return text is not null && TryParseScalar(field, text, out var v, out _) ? v : null;
        }

        object Bad() => throw new EumentiaException($"{source}: field '{field.Name}' should be {field.Describe()}, found {json.GetRawText()}");
    }

    /// <summary>Parses scalar text into the field's scalar type; <paramref name="error"/> says why not.</summary>
    public static bool TryParseScalar(ConfigField field, string text, out object? value, out string? error)
    {
        value = null;
        error = null;
        var inv = CultureInfo.InvariantCulture;
        switch (field.Kind)
        {
            case ScalarKind.Bool:
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
                if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
                break;
            case ScalarKind.Int:
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, inv, out int i)) { value = i; return true; }
                break;
            case ScalarKind.Long:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, inv, out long l)) { value = l; return true; }
                break;
            case ScalarKind.ULong:
                if (ulong.TryParse(text, NumberStyles.None, inv, out ulong u)) { value = u; return true; }
                break;
            case ScalarKind.Double:
                if (TryParseFloat(text, out double d)) { value = d; return true; }
                break;
            case ScalarKind.Float:
                if (TryParseFloat(text, out double df)) { value = (float)df; return true; }
                break;
            case ScalarKind.String:
                value = text;
                return true;
            case ScalarKind.Enum:
                string wanted = Normalize(text);
                foreach (var name in Enum.GetNames(field.ScalarType))
                    if (Normalize(name) == wanted) { value = Enum.Parse(field.ScalarType, name); return true; }
                break;
        }
        error = $"expects {(field.IsArray ? field.Describe().Replace("a list of ", "elements that are ") : field.Describe())}, got '{text}'";
        return false;

        static string Normalize(string s) => s.Replace("_", "").Replace("-", "").ToLowerInvariant();
    }

    /// <summary>A small non-negative integer (a seed index) in the field's integer type.</summary>
    public static object FromIndex(ConfigField field, int index) => field.Kind switch
    {
        ScalarKind.Long => (long)index,
        ScalarKind.ULong => (ulong)index,
        ScalarKind.Int => index,
        _ => throw new UsageException($"'{field.Name}' is not an integer field"),
    };

    static bool TryParseFloat(string text, out double value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "nan" or ".nan": value = double.NaN; return true;
            case "inf" or "infinity" or ".inf" or "+.inf": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity" or "-.inf": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
