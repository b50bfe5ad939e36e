using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Eumentia.Sweeps.Spec;

/// <summary>
/// Run identity, as open_lth does it. The canonical form of a run is the JSON object
/// {"config":{...},"kind":"name"} where the config holds only fields that differ from the record's defaults,
/// keys in snake_case sorted ordinally, numbers in invariant shortest round-trip form, arrays in order, no
/// whitespace. The run key is the first 16 hex digits of its SHA-256. A new field whose default changes nothing
/// is omitted at its default, so every old key stays valid. A config naming external inputs
/// (<see cref="IContentAddressed"/>) is hashed as its key view: by their contents' hashes, not their paths.
/// </summary>
public static class CanonicalConfig
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable and still deterministic
        Indented = false,
    };

    /// <summary>The canonical JSON text hashed into the run key.</summary>
    public static string Json(RunKind kind, object config)
    {
        if (config.GetType() != kind.ConfigType)
            throw new ArgumentException($"config is {config.GetType().Name}, kind '{kind.Name}' wants {kind.ConfigType.Name}");
        if (config is IContentAddressed addressed) config = addressed.KeyView();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("config");
            writer.WriteStartObject();
            foreach (var field in kind.Schema.Fields) // already sorted ordinally
            {
                object? value = field.Get(config);
                if (field.IsDefault(value)) continue;
                writer.WritePropertyName(field.Name);
                ConfigValue.WriteJson(writer, value);
            }
            writer.WriteEndObject();
            writer.WriteString("kind", kind.Name);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>16 lowercase hex digits: the run's directory name.</summary>
    public static string Key(RunKind kind, object config) => KeyOf(Json(kind, config));

    public static string KeyOf(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)))[..16];

    /// <summary>True for names that look like run keys (directory names under a sweep).</summary>
    public static bool IsKey(string name) => name.Length == 16 && name.All(char.IsAsciiHexDigitLower);
}
