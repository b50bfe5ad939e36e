using Eumentia.Sweeps.Spec;
using System.ComponentModel.DataAnnotations;

namespace Eumentia.Tests.Sweeps;

public enum ToyMode { Mc, McNoscale, Prune }

/// <summary>A config record like a study's: defaults, a data annotation, and IValidatable range checks.</summary>
public record ToyConfig : IValidatable
{
    [Range(1, int.MaxValue, ErrorMessage = "must be positive")]
    public int Width { get; init; } = 16;
    public double Dropout { get; init; } = 0.0;
    public float LearningRate { get; init; } = 0.1f;
    public string Data { get; init; } = "toy";
    public double[] PEval { get; init; } = [0.0];
    public ToyMode Mode { get; init; } = ToyMode.Mc;
    public int Seed { get; init; } = 0;
    /// <summary>Test knobs for the executor: how long a run takes and whether it fails.</summary>
    public int SleepMs { get; init; } = 0;
    public bool Fail { get; init; } = false;

    public IEnumerable<ConfigError> Validate()
    {
        if (Dropout is < 0 or >= 1) yield return new ConfigError("dropout", "must be in [0, 1)");
        foreach (var p in PEval)
            if (p is < 0 or >= 1) yield return new ConfigError("p_eval", "rates must be in [0, 1)");
    }
}

/// <summary>The same record one release later: a new field whose default changes nothing.</summary>
public sealed record ToyConfigV2 : ToyConfig
{
    public double WeightDecay { get; init; } = 0.0;
}
