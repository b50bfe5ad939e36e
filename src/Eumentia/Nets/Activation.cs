using System.Numerics;
using System.Numerics.Tensors;

namespace Eumentia.Nets;

/// <summary>Pointwise nonlinearities of the hidden layers.</summary>
public enum Activation { Relu, Tanh, Erf, HardTanh, Linear }

/// <summary>Span kernels for the activations and their derivatives, vectorised where the runtime offers it.</summary>
public static class ActivationKernels
{
    public static Activation Parse(string name) => name.ToLowerInvariant() switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "erf" => Activation.Erf,
        "hardtanh" => Activation.HardTanh,
        "linear" or "identity" => Activation.Linear,
        _ => throw new UsageException($"unknown activation '{name}' (expected relu, tanh, erf, hardtanh or linear)"),
    };

    public static string Name(Activation a) => a.ToString().ToLowerInvariant();

    /// <summary>h = φ(z).</summary>
    public static void Forward(Activation act, ReadOnlySpan<float> z, Span<float> h)
    {
        switch (act)
        {
            case Activation.Relu: TensorPrimitives.Max(z, 0f, h); break;
            case Activation.Tanh: TensorPrimitives.Tanh(z, h); break;
            case Activation.HardTanh: TensorPrimitives.Clamp(z, -1f, 1f, h); break;
            case Activation.Linear: z.CopyTo(h); break;
            case Activation.Erf: for (int i = 0; i < z.Length; i++) h[i] = Erf(z[i]); break;
        }
    }

    /// <summary>g ← g · φ'(z), using h = φ(z) where that is cheaper.</summary>
    public static void MultiplyByDerivative(Activation act, ReadOnlySpan<float> z, ReadOnlySpan<float> h, Span<float> g)
    {
        switch (act)
        {
            case Activation.Relu: MaskWhere(z, g, -float.Epsilon, float.PositiveInfinity); break; // z > 0
            case Activation.HardTanh: MaskWhere(z, g, -1f, 1f); break;                             // |z| < 1
            case Activation.Linear: break;
            case Activation.Tanh:
                for (int i = 0; i < g.Length; i++) g[i] *= 1f - h[i] * h[i];
                break;
            case Activation.Erf:
                const float twoOverSqrtPi = 1.1283791670955126f;
                for (int i = 0; i < g.Length; i++) g[i] *= twoOverSqrtPi * MathF.Exp(-z[i] * z[i]);
                break;
        }
    }

    /// <summary>g[i] ← lower &lt; z[i] &lt; upper ? g[i] : 0 (strict on both sides, matching PyTorch's relu/hardtanh subgradients).</summary>
    static void MaskWhere(ReadOnlySpan<float> z, Span<float> g, float lower, float upper)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lo = new Vector<float>(lower == -float.Epsilon ? 0f : lower);
            var hi = new Vector<float>(upper);
            for (; i <= g.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vz = new Vector<float>(z.Slice(i));
                var inside = Vector.BitwiseAnd(Vector.GreaterThan(vz, lo), Vector.LessThan(vz, hi));
                Vector.ConditionalSelect(inside, new Vector<float>(g.Slice(i)), Vector<float>.Zero).CopyTo(g.Slice(i));
            }
        }
        float l = lower == -float.Epsilon ? 0f : lower;
        for (; i < g.Length; i++) if (!(z[i] > l && z[i] < upper)) g[i] = 0f;
    }

    /// <summary>erf in float precision (Abramowitz–Stegun 7.1.26 refined; |error| &lt; 1.5e-7).</summary>
    public static float Erf(float x)
    {
        float ax = MathF.Abs(x);
        float t = 1f / (1f + 0.3275911f * ax);
        float y = 1f - (((((1.061405429f * t - 1.453152027f) * t) + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t * MathF.Exp(-ax * ax);
        return x < 0 ? -y : y;
    }
}
