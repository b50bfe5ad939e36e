using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Spec;

namespace Eumentia.Studies.Specs;

/// <summary>One change to a spec: the field at <paramref name="Path"/> set from <paramref name="Text"/>.</summary>
/// <param name="Path">A field's dotted path (<see cref="SpecField.Path"/>); dashes read as underscores.</param>
/// <param name="Text">The value as typed: one token, comma-separated tokens for a list ("none" or [] for an empty one), "null", or JSON.</param>
/// <param name="Source">Where it came from, for messages ("--set", "--grid", "--train-size").</param>
/// <param name="ListOnly">True for --grid: the field must be a list (an axis of the study).</param>
public sealed record SpecOverride(string Path, string Text, string Source, bool ListOnly = false)
{
    /// <summary>Reads "key=value" as given to --set or --grid.</summary>
    public static SpecOverride Parse(string assignment, string source, bool listOnly = false)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new UsageException($"{source} '{assignment}': expected KEY=VALUE, e.g. {(listOnly ? "widths=32,64" : "seed=3")}");
        return new SpecOverride(assignment[..eq].Trim(), assignment[(eq + 1)..].Trim(), source, listOnly);
    }
}

/// <summary>
/// Sets fields of a study's spec record from text, the way the command line and a user's scripts do: the spec is
/// written as study.json would hold it, each field replaced by the typed value of its text, and read back, so a
/// value the record's own rules refuse is refused here, before anything is written.
/// </summary>
public static class SpecOverrides
{
    /// <summary>The spec with every override applied, in order; a usage error naming the first bad one.</summary>
    public static object Apply(Type specType, object spec, IEnumerable<SpecOverride> overrides)
    {
        var list = overrides.ToList();
        if (list.Count == 0) return spec;
        var fields = SpecField.Of(specType);
        var root = JsonSerializer.SerializeToNode(spec, specType, JsonDefaults.Options) as JsonObject
            ?? throw new ArgumentException("a spec serialises to a JSON object", nameof(spec));
        foreach (var o in list)
        {
            string path = o.Path.Replace('-', '_');
            var field = fields.FirstOrDefault(f => f.Path == path) ?? throw Unknown(specType, fields, o);
            if (o.ListOnly && !field.IsList)
                throw new UsageException($"{o.Source} {o.Path}: not a list of values (an axis); use --set {o.Path}=VALUE");
            var (parent, name) = Parent(root, path, o);
            parent[name] = Value(field, o);
        }
        try { return root.Deserialize(specType, JsonDefaults.Options) ?? throw new JsonException("null"); }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw new UsageException($"{string.Join(" ", list.Select(o => $"{o.Source} {o.Path}={o.Text}"))}: {e.Message}");
        }
    }

    static UsageException Unknown(Type specType, IReadOnlyList<SpecField> fields, SpecOverride o)
    {
        string hint = Suggest.Closest(o.Path.Replace('-', '_'), fields.Select(f => f.Path).ToList()) is { } close ? $" (did you mean '{close}'?)" : "";
        return new UsageException($"{o.Source} {o.Path}: no such field in a {specType.Name}{hint}; the fields are listed by --help");
    }

    static (JsonObject Parent, string Name) Parent(JsonObject root, string path, SpecOverride o)
    {
        var parts = path.Split('.');
        JsonObject node = root;
        for (int i = 0; i < parts.Length - 1; i++)
            node = node[parts[i]] as JsonObject
                ?? throw new UsageException($"{o.Source} {o.Path}: '{string.Join('.', parts[..(i + 1)])}' is not part of this spec (it is null); set it whole as JSON first");
        return (node, parts[^1]);
    }

    static JsonNode? Value(SpecField field, SpecOverride o)
    {
        string text = o.Text;
        if (text == "null")
            return field.Nullable ? null : throw new UsageException($"{o.Source} {o.Path}: this field cannot be null");
        if (field.IsScalar) return Scalar(field.Type, text, o);
        if (field.IsList)
        {
            if (text.StartsWith('[')) return Json(text, o);
            if (text == "none") return new JsonArray(); // "--baselines none": the empty list, as [] is
            var tokens = text.Split(',', StringSplitOptions.TrimEntries);
            if (tokens.Any(t => t.Length == 0)) throw new UsageException($"{o.Source} {o.Path}={text}: an empty value in the list (write none or [] for an empty list)");
            return new JsonArray([.. tokens.Select(t => Scalar(field.ElementType!, t, o))]);
        }
        return Json(text, o);
    }

    static JsonNode Json(string text, SpecOverride o)
    {
        try { return JsonNode.Parse(text) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new UsageException($"{o.Source} {o.Path}: give this field as JSON ({e.Message})"); }
    }

    static JsonNode Scalar(Type type, string text, SpecOverride o)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var inv = CultureInfo.InvariantCulture;
        JsonNode? value = type switch
        {
            _ when type == typeof(string) => JsonValue.Create(text),
            _ when type == typeof(bool) => bool.TryParse(text, out bool b) ? JsonValue.Create(b) : null,
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) =>
                double.TryParse(text, NumberStyles.Float, inv, out double d) && double.IsFinite(d) ? JsonValue.Create(d) : null,
            _ when type == typeof(ulong) => ulong.TryParse(text, NumberStyles.Integer, inv, out ulong u) ? JsonValue.Create(u) : null,
            _ when type.IsPrimitive => long.TryParse(text, NumberStyles.Integer, inv, out long l) ? JsonValue.Create(l) : null,
            _ when type.IsEnum => JsonValue.Create(text),
            _ => null,
        };
        return value ?? throw new UsageException($"{o.Source} {o.Path}: '{text}' is not {Describe(type)}");
    }

    /// <summary>"an integer", "a number", ... for messages and help.</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(bool) ? "true or false"
            : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a finite number"
            : type == typeof(ulong) ? "a non-negative integer"
            : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))
            : type.IsPrimitive ? "an integer"
            : "JSON";
    }
}
