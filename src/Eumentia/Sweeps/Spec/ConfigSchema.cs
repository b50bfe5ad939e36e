using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eumentia.Sweeps.Spec;

/// <summary>
/// The fields of a config record type, found by reflection: every public instance property with a public
/// (init) setter. Field names are snake_case; types are bool, integers, floats, strings, enums, nullables of
/// those, and arrays (or read-only lists) of them. Defaults come from a freshly constructed record.
/// </summary>
public sealed class ConfigSchema
{
    static readonly ConcurrentDictionary<Type, ConfigSchema> cache = new();

    readonly Dictionary<string, ConfigField> byName;

    ConfigSchema(Type type, IReadOnlyList<ConfigField> fields)
    {
        Type = type;
        Fields = fields;
        byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public Type Type { get; }

    /// <summary>Fields sorted by name (ordinal): the canonical order.</summary>
    public IReadOnlyList<ConfigField> Fields { get; }

    public ConfigField? Find(string name) => byName.GetValueOrDefault(name);

    public static ConfigSchema For(Type type) => cache.GetOrAdd(type, Build);

    public object CreateDefault() => Activator.CreateInstance(Type)!;

    /// <summary>A config with the given fields set (snake_case name → value of the field's type) and the rest at default.</summary>
    public object Create(IEnumerable<KeyValuePair<string, object?>> values)
    {
        var config = CreateDefault();
        foreach (var (name, value) in values)
        {
            var field = Find(name) ?? throw new ArgumentException($"{Type.Name} has no field '{name}'");
            field.Property.SetValue(config, field.ToPropertyValue(value));
        }
        return config;
    }

    /// <summary>All fields of a config, defaults included, as a JSON object (for run.json and humans).</summary>
    public void WriteFull(Utf8JsonWriter writer, object config)
    {
        writer.WriteStartObject();
        foreach (var field in Fields)
        {
            writer.WritePropertyName(field.Name);
            ConfigValue.WriteJson(writer, field.Get(config));
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a config object written by <see cref="WriteFull"/> (or its canonical form); missing fields take defaults.</summary>
    public object Read(JsonElement json, string source)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new EumentiaException($"{source}: config is not a JSON object");
        var values = new List<KeyValuePair<string, object?>>();
        foreach (var property in json.EnumerateObject())
        {
            var field = Find(property.Name)
                ?? throw new EumentiaException($"{source}: field '{property.Name}' is not in {Type.Name} (written by another version?)");
            values.Add(new(field.Name, ConfigValue.FromJson(field, property.Value, source)));
        }
        return Create(values);
    }

    static ConfigSchema Build(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new ArgumentException($"config type {type.Name} needs a parameterless constructor (a record with init properties and defaults)");
        var defaults = Activator.CreateInstance(type)!;
        var fields = new List<ConfigField>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            string name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var (kind, scalarType, isArray, isNullable) = Classify(type, property);
            fields.Add(new ConfigField(name, property, kind, scalarType, isArray, isNullable, property.GetValue(defaults)));
        }
        var duplicate = fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"config type {type.Name}: two properties map to '{duplicate.Key}'");
        return new ConfigSchema(type, fields.OrderBy(f => f.Name, StringComparer.Ordinal).ToList());
    }

    static (ScalarKind, Type, bool, bool) Classify(Type owner, PropertyInfo property)
    {
        var type = property.PropertyType;
        bool isArray = false;
        if (type != typeof(string) && ElementType(type) is { } element)
        {
            type = element;
            isArray = true;
        }
        bool isNullable = false;
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
            isNullable = true;
        }
        else if (!type.IsValueType)
        {
            isNullable = true;
        }
        ScalarKind kind = type switch
        {
            _ when type == typeof(bool) => ScalarKind.Bool,
            _ when type == typeof(int) => ScalarKind.Int,
            _ when type == typeof(long) => ScalarKind.Long,
            _ when type == typeof(ulong) => ScalarKind.ULong,
            _ when type == typeof(float) => ScalarKind.Float,
            _ when type == typeof(double) => ScalarKind.Double,
            _ when type == typeof(string) => ScalarKind.String,
            _ when type.IsEnum => ScalarKind.Enum,
            _ => throw new ArgumentException($"config type {owner.Name}: field {property.Name} has type {property.PropertyType.Name}, " +
                                             "which a sweep cannot express (use bool, int, long, ulong, float, double, string, an enum, or arrays of those)"),
        };
        return (kind, type, isArray, isNullable);
    }

    static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>) || definition == typeof(IEnumerable<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(List<>))
            return type.GetGenericArguments()[0];
        return null;
    }
}
