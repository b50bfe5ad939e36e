using System.Reflection;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Studies.Specs;

/// <summary>
/// One settable field of a study's spec record: its dotted snake_case path ("mlp.widths"), the property behind it
/// and its value type. Fields are what `--set`, `--grid` and the generated per-field options of a study command
/// address; their names are the record's JSON names, so study.json, the command line and the docs agree.
/// </summary>
/// <param name="Path">Snake_case names joined by dots, as in study.json ("training.learning_rate").</param>
/// <param name="Property">The property of the record that holds the value.</param>
/// <param name="Type">The value type, Nullable&lt;T&gt; unwrapped.</param>
/// <param name="Nullable">True when the field may be null (`--set mnist=null` removes an optional part).</param>
public sealed record SpecField(string Path, PropertyInfo Property, Type Type, bool Nullable)
{
    /// <summary>A number, bool, string or enum: written as one token.</summary>
    public bool IsScalar => IsScalarType(Type);

    /// <summary>An array or list of scalars: written as comma-separated tokens.</summary>
    public bool IsList => ElementType is { } e && IsScalarType(e);

    /// <summary>A nested record whose fields are addressed one by one.</summary>
    public bool IsGroup => !IsScalar && ElementType is null && Type.IsClass;

    /// <summary>The element type of an array or IReadOnlyList/IList/List; null otherwise.</summary>
    public Type? ElementType => ElementOf(Type);

    /// <summary>The JSON (snake_case) name of a property, as <see cref="JsonDefaults.Options"/> writes it.</summary>
    public static string JsonName(PropertyInfo p) =>
        p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);

    /// <summary>
    /// The settable fields of <paramref name="specType"/>: its public properties with a setter or init, and
    /// recursively those of nested records (groups), each group listed before its fields. Arrays of records
    /// (criticality's list of CNNs) are one field each, set as JSON.
    /// </summary>
    public static IReadOnlyList<SpecField> Of(Type specType)
    {
        var fields = new List<SpecField>();
        Walk(specType, "", fields, depth: 0);
        return fields;
    }

    static void Walk(Type type, string prefix, List<SpecField> fields, int depth)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.SetMethod is null || p.GetIndexParameters().Length > 0 || p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null) continue;
            var underlying = System.Nullable.GetUnderlyingType(p.PropertyType);
            bool nullable = underlying is not null || new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;
            var field = new SpecField(prefix + JsonName(p), p, underlying ?? p.PropertyType, nullable);
            fields.Add(field);
            if (field.IsGroup && depth < 3) Walk(field.Type, field.Path + ".", fields, depth + 1);
        }
    }

    static bool IsScalarType(Type t)
    {
        t = System.Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);
    }

    static Type? ElementOf(Type t)
    {
        if (t == typeof(string)) return null;
        if (t.IsArray) return t.GetElementType();
        if (t.IsGenericType && t.GetGenericArguments() is [var e]
            && (t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) || t.GetGenericTypeDefinition() == typeof(List<>)
                || t.GetGenericTypeDefinition() == typeof(IList<>) || t.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                || t.GetGenericTypeDefinition() == typeof(IReadOnlyCollection<>)))
            return e;
        return null;
    }
}
