using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;

namespace Eumentia.IO;

/// <summary>
/// The library's JSON conventions, in one place. Every file the library writes and reads back (configs, results,
/// specs, ledger records, analysis results) goes through <see cref="Options"/>: property names in snake_case
/// (records that name their properties explicitly keep those names), numbers as the shortest text that round-trips,
/// NaN and ±∞ as "NaN", "Infinity" and "-Infinity" so that they round-trip too; indented, or on one line through
/// <see cref="OneLine"/>. An enum is spelled as its type says, the same in every file: a converter attribute on
/// the enum type (<see cref="SnakeCaseEnum{T}"/>, or JsonStringEnumConverter for the member names as declared);
/// an enum without one is written as its number.
/// <see cref="Summary"/> is the one deliberate exception, for summary.json (see there). Run keys owe nothing to
/// these options: the canonical config is written field by field (Sweeps.Spec.CanonicalConfig), so no setting
/// here can change a key.
/// </summary>
public static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    /// <summary>
    /// summary.json, a study's headline for people and generic JSON tools (jq, JavaScript, typed readers): a value
    /// that could not be measured is null, never a string in a number's place (and reads back as NaN), and Greek
    /// letters and arrows are written as themselves. Otherwise <see cref="Options"/>.
    /// </summary>
    public static JsonSerializerOptions Summary { get; } = new(Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new NonFiniteAsNull() },
    };

    /// <summary><paramref name="value"/> as indented JSON with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary><paramref name="value"/> on one line with <see cref="Options"/>: records read whole or line by line
    /// (ledger files, worker event lines).</summary>
    public static string OneLine<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, value, Options);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON and a final newline, atomically.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, Serialize(value) + "\n");

    sealed class NonFiniteAsNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
