using System.Reflection;

namespace Eumentia.Sweeps.Spec;

/// <summary>The scalar types a config field (or the elements of an array field) may have.</summary>
public enum ScalarKind { Bool, Int, Long, ULong, Float, Double, String, Enum }

/// <summary>
/// One settable property of a config record, under its snake_case name, with the value a freshly constructed
/// record gives it (its default: omitted from the canonical form, so adding a field keeps old run keys).
/// </summary>
public sealed class ConfigField
{
    internal ConfigField(string name, PropertyInfo property, ScalarKind kind, Type scalarType, bool isArray, bool isNullable, object? defaultValue)
    {
        Name = name;
        Property = property;
        Kind = kind;
        ScalarType = scalarType;
        IsArray = isArray;
        IsNullable = isNullable;
        Default = defaultValue;
    }

    /// <summary>snake_case key used in specs, JSON and CSV headers.</summary>
    public string Name { get; }

    public PropertyInfo Property { get; }

    public ScalarKind Kind { get; }

    /// <summary>The scalar CLR type (the element type for arrays, the underlying type for nullables).</summary>
    public Type ScalarType { get; }

    public bool IsArray { get; }

    public bool IsNullable { get; }

    public object? Default { get; }

    public object? Get(object config) => Property.GetValue(config);

    public bool IsDefault(object? value) => ConfigValue.Equal(value, Default);

    /// <summary>An array value in the shape the property wants (T[] or a list interface T[] satisfies).</summary>
    internal object? ToPropertyValue(object? value)
    {
        if (!IsArray || value is null) return value;
        var items = ((System.Collections.IEnumerable)value).Cast<object?>().ToList();
        var array = Array.CreateInstance(ScalarType, items.Count);
        for (int i = 0; i < items.Count; i++) array.SetValue(items[i], i);
        if (Property.PropertyType.IsAssignableFrom(array.GetType())) return array;
        // List<T> and similar concrete collections: construct from the array.
        return Activator.CreateInstance(Property.PropertyType, array);
    }

    /// <summary>A human description of the expected type, for error messages ("a number", "a list of integers").</summary>
    public string Describe()
    {
        string scalar = Kind switch
        {
            ScalarKind.Bool => IsArray ? "booleans" : "a boolean (true/false)",
            ScalarKind.Int or ScalarKind.Long or ScalarKind.ULong => IsArray ? "integers" : "an integer",
            ScalarKind.Float or ScalarKind.Double => IsArray ? "numbers" : "a number",
            ScalarKind.String => IsArray ? "strings" : "a string",
            _ => (IsArray ? "values among " : "one of ") + string.Join(", ", Enum.GetNames(ScalarType).Select(ConfigValue.EnumName)),
        };
        return IsArray ? "a list of " + scalar : scalar;
    }
}
