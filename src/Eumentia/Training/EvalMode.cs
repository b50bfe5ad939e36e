using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Training;

/// <summary>How dropout at rate p_eval is applied when a trained network is evaluated (DESIGN.md, study 1).</summary>
public enum EvalMode
{
    /// <summary>Each test example gets its own random neuron mask, kept units scaled by 1/(1−p) (PyTorch train-mode forward).</summary>
    Mc,
    /// <summary>As <see cref="Mc"/>, without the rescaling.</summary>
    McNoScale,
    /// <summary>One fixed random neuron mask per network (structural pruning), no rescaling: the net simply loses those units.</summary>
    Prune,
}

public static class EvalModes
{
    public static EvalMode Parse(string name) => name.ToLowerInvariant() switch
    {
        "mc" => EvalMode.Mc,
        "mc-noscale" => EvalMode.McNoScale,
        "prune" => EvalMode.Prune,
        _ => throw new UsageException($"unknown eval mode '{name}' (expected mc, mc-noscale or prune)"),
    };

    public static string Name(EvalMode m) => m switch { EvalMode.Mc => "mc", EvalMode.McNoScale => "mc-noscale", _ => "prune" };

    /// <summary>The dropout pass of mask draw <paramref name="draw"/> for examples starting at <paramref name="firstExample"/>.</summary>
    public static DropoutPass Pass(EvalMode mode, double rate, ulong seed, int draw, long firstExample) => rate <= 0
        ? DropoutPass.Off
        : new DropoutPass(mode == EvalMode.Prune ? MaskKind.PerNetwork : MaskKind.PerExample, rate, mode == EvalMode.Mc,
            seed, mode == EvalMode.Prune ? RngStream.Prune : RngStream.EvalMask, draw, firstExample);
}
