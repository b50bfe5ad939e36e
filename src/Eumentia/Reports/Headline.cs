using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eumentia.Reports;

/// <summary>
/// A study's answers: <paramref name="Lines"/> in words for the report's headline box, and <paramref name="Values"/>
/// (a record of numbers with their errors) for summary.json, which holds both so a script needs nothing else.
/// </summary>
public sealed record Headline(string Study, IReadOnlyList<string> Lines, object Values)
{
    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Greek letters and arrows stay readable in the file.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A value that could not be measured is null, never a string in a number's place.
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new NonFiniteAsNull() },
    };

    public string ToJson() => JsonSerializer.Serialize(new { study = Study, headline = Lines, values = Values }, Options);

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
