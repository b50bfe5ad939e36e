using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Eumentia.Sweeps.Spec;

/// <summary>Turns YAML nodes and command-line text into typed field values; every error names key and origin.</summary>
public static class SpecValues
{
    /// <summary>The field called <paramref name="key"/>, or a usage error that suggests the closest valid key.</summary>
    public static ConfigField FieldOrError(RunKind kind, string key, string origin)
    {
        if (kind.Schema.Find(key) is { } field) return field;
        var names = kind.Schema.Fields.Select(f => f.Name).ToList();
        string hint = Suggest.Closest(key, names) is { } close ? $" (did you mean '{close}'?)" : $" (valid keys: {string.Join(", ", names)})";
        throw new UsageException($"{origin}: unknown key '{key}' for run kind '{kind.Name}'{hint}");
    }

    public static string Where(string file, YamlNode node) => $"{file}:{node.Start.Line}:{node.Start.Column}";

    /// <summary>A field's value from a YAML node: a scalar, or a sequence of scalars for array fields.</summary>
    public static object? FromNode(ConfigField field, YamlNode node, string file)
    {
        string origin = Where(file, node);
        switch (node)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                if (field.IsNullable || field.IsArray) return null;
                throw new UsageException($"{origin}: '{field.Name}' {Expects(field)}, got null");
            case YamlScalarNode scalar when !field.IsArray:
                return Scalar(field, scalar.Value ?? "", origin);
            case YamlSequenceNode sequence when field.IsArray:
                return sequence.Children.Select(child => child is YamlScalarNode s
                    ? Scalar(field, s.Value ?? "", Where(file, child))
                    : throw new UsageException($"{Where(file, child)}: '{field.Name}' {Expects(field)}, got a nested {Shape(child)}")).ToArray();
            default:
                throw new UsageException($"{origin}: '{field.Name}' {Expects(field)}, got a {Shape(node)}");
        }
    }

    /// <summary>The value of <c>--set key=text</c>: scalar text, or for array fields "[a, b]" / "a,b".</summary>
    public static object? ParseCommandLineValue(ConfigField field, string text, string origin)
    {
        if (!field.IsArray) return Scalar(field, text, origin);
        string inner = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        return inner.Trim().Length == 0 ? Array.Empty<object>() : inner.Split(',').Select(t => Scalar(field, t.Trim(), origin)).ToArray();
    }

    /// <summary>The values of <c>--grid key=v1,v2</c>; for array fields each value is a "[...]" list.</summary>
    public static IReadOnlyList<object?> ParseCommandLineList(ConfigField field, string text, string origin)
    {
        List<object?> values;
        if (!field.IsArray)
        {
            values = text.Split(',').Select(t => (object?)Scalar(field, t.Trim(), origin)).ToList();
        }
        else
        {
            var stream = new YamlStream();
            try { stream.Load(new StringReader("[" + text + "]")); }
            catch (YamlException e) { throw new UsageException($"{origin}: cannot read the list ({e.Message}); write lists as [a,b],[c]"); }
            values = ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Select(n => n is YamlSequenceNode
                ? FromNode(field, n, origin)
                : throw new UsageException($"{origin}: '{field.Name}' is a list field; write each grid value as [a,b]")).ToList();
        }
        if (values.Count == 0) throw new UsageException($"{origin}: no values");
        return values;
    }

    static object Scalar(ConfigField field, string text, string origin) =>
        ConfigValue.TryParseScalar(field, text, out var value, out var error)
            ? value!
            : throw new UsageException($"{origin}: '{field.Name}' {error}");

    static string Expects(ConfigField field) => "expects " + field.Describe();

    internal static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    internal static string Shape(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "value",
    };
}
