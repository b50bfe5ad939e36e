using System.Text.Json.Serialization;

namespace Eumentia.Analysis.Scaling;

/// <summary>The scaling laws: L = A N^-alpha and L = E + A N^-alpha (an irreducible floor E).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScalingLawModel>))]
public enum ScalingLawModel
{
    PowerLaw,
    OffsetPowerLaw,
}

public static class ScalingLawModels
{
    public static string Name(this ScalingLawModel m) => m == ScalingLawModel.PowerLaw ? "power-law" : "offset-power-law";
    public static string Formula(this ScalingLawModel m) => m == ScalingLawModel.PowerLaw ? "L = A N^-alpha" : "L = E + A N^-alpha";
    public static int ParameterCount(this ScalingLawModel m) => m == ScalingLawModel.PowerLaw ? 2 : 3;

    /// <summary>Parses "power" / "power-law" / "offset" / "offset-power-law" (as the command line spells them).</summary>
    public static ScalingLawModel Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "power" or "power-law" or "powerlaw" => ScalingLawModel.PowerLaw,
        "offset" or "offset-power-law" or "e+a" => ScalingLawModel.OffsetPowerLaw,
        _ => throw new UsageException($"unknown model '{text}': use power (A N^-alpha) or offset (E + A N^-alpha)"),
    };
}
