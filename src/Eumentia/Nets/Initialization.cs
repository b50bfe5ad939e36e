using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Nets;

/// <summary>How weights and biases are drawn at initialisation.</summary>
public enum InitScheme
{
    /// <summary>W ~ N(0, σ_w² / fan_in), b ~ N(0, σ_b²): the mean-field convention of the edge-of-chaos literature.</summary>
    Sigma,
    /// <summary>He et al.: W ~ N(0, 2 / fan_in), b = 0.</summary>
    He,
    /// <summary>Glorot &amp; Bengio: W ~ U(±sqrt(6 / (fan_in + fan_out))), b = 0.</summary>
    Glorot,
    /// <summary>PyTorch's nn.Linear default (Kaiming-uniform with a = √5): W, b ~ U(±1/√fan_in), so std(W) = 1/√(3 fan_in).</summary>
    PyTorch,
}

public static class Initialization
{
    public static InitScheme Parse(string name) => name.ToLowerInvariant() switch
    {
        "sigma" => InitScheme.Sigma,
        "he" or "kaiming" => InitScheme.He,
        "glorot" or "xavier" => InitScheme.Glorot,
        "pytorch" or "torch" => InitScheme.PyTorch,
        _ => throw new UsageException($"unknown init '{name}' (expected sigma, he, glorot or pytorch)"),
    };

    /// <summary>Draws layer <paramref name="layer"/>'s parameters from (seed, Init stream of that layer).</summary>
    public static void Initialize(DenseLayer d, InitScheme scheme, double sigmaW, double sigmaB, ulong seed, int layer)
    {
        var w = d.Weight.Span;
        ulong wStream = RngStream.Of(RngStream.Init, layer, 0), bStream = RngStream.Of(RngStream.Init, layer, 1);
        switch (scheme)
        {
            case InitScheme.Sigma:
            case InitScheme.He:
                double std = scheme == InitScheme.He ? Math.Sqrt(2.0 / d.Inputs) : sigmaW / Math.Sqrt(d.Inputs);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(std * Philox.Normal(seed, wStream, (ulong)i));
                break;
            case InitScheme.Glorot:
                double limit = Math.Sqrt(6.0 / (d.Inputs + d.Outputs));
                for (int i = 0; i < w.Length; i++) w[i] = (float)(limit * (2 * Philox.Uniform(seed, wStream, (ulong)i) - 1));
                break;
            case InitScheme.PyTorch:
                double bound = 1 / Math.Sqrt(d.Inputs);
                for (int i = 0; i < w.Length; i++) w[i] = (float)(bound * (2 * Philox.Uniform(seed, wStream, (ulong)i) - 1));
                break;
        }
        var b = d.Bias;
        for (int i = 0; i < b.Length; i++)
            b[i] = scheme switch
            {
                InitScheme.Sigma => (float)(sigmaB * Philox.Normal(seed, bStream, (ulong)i)),
                InitScheme.PyTorch => (float)((2 * Philox.Uniform(seed, bStream, (ulong)i) - 1) / Math.Sqrt(d.Inputs)),
                _ => 0f,
            };
        d.ApplyWeightMask();
    }
}
