using System.Text.Json.Serialization;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Analysis;

/// <summary>
/// JSON for analysis results. System.Text.Json writes doubles as the shortest text that round-trips
/// (the "R" format), so every parameter is kept at full precision; NaN and infinities are written as
/// "NaN" / "Infinity" strings; enums by name; names in snake_case.
/// </summary>
public static class AnalysisJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, Serialize(value) + "\n");
}
