using Eumentia.Numerics;

namespace Eumentia.Nets;

/// <summary>How neuron masks are drawn during a forward pass.</summary>
public enum MaskKind
{
    /// <summary>No dropout.</summary>
    None,
    /// <summary>Each example gets its own mask (PyTorch's train-mode dropout): training, and eval mode `mc`.</summary>
    PerExample,
    /// <summary>One mask per network, shared by all examples: structural pruning of neurons (eval mode `prune`).</summary>
    PerNetwork,
}

/// <summary>
/// The neuron dropout applied to every hidden layer's output in one forward pass. Masks are pure functions of
/// (seed, purpose, layer, draw, global example index, unit), so they do not depend on batch size, thread count
/// or evaluation order: example e of the test set sees the same mask whichever batch it lands in.
/// </summary>
public readonly record struct DropoutPass(MaskKind Kind, double Rate, bool Rescale, ulong Seed, ulong Purpose, long Draw, long FirstExample)
{
    public static readonly DropoutPass Off = new(MaskKind.None, 0, false, 0, 0, 0, 0);

    public bool Active => Kind != MaskKind.None && Rate > 0;

    /// <summary>The value a kept unit is multiplied by: 1/(1-p) with inverted-dropout rescaling, else 1.</summary>
    public float KeptValue => Rescale ? (float)(1.0 / (1.0 - Rate)) : 1f;

    /// <summary>Writes the mask values (0 or <see cref="KeptValue"/>) for <paramref name="rows"/>×<paramref name="width"/> units of <paramref name="layer"/>.</summary>
    public void FillMask(int layer, int rows, int width, Span<float> mask)
    {
        ulong stream = RngStream.Of(Purpose, layer, Draw);
        float keep = (float)(1.0 - Rate), kept = KeptValue;
        if (Kind == MaskKind.PerNetwork)
        {
            var row = mask.Slice(0, width);
            ThresholdUniforms(stream, 0, row, keep, kept);
            for (int r = 1; r < rows; r++) row.CopyTo(mask.Slice(r * width, width));
        }
        else
        {
            ThresholdUniforms(stream, (ulong)(FirstExample * width), mask.Slice(0, rows * width), keep, kept);
        }
    }

    /// <summary>mask[i] = u_i &lt; keep ? kept : 0, with u_i the uniform at element (first + i) of the stream.</summary>
    void ThresholdUniforms(ulong stream, ulong first, Span<float> mask, float keep, float kept) =>
        DropoutMask.Fill(Seed, stream, first, keep, kept, mask);

    /// <summary>
    /// values ← values ⊙ mask for a per-example pass, writing the mask too, in one sweep over memory (no
    /// intermediate array of uniforms); other kinds fill the mask and multiply.
    /// </summary>
    public void Apply(int layer, int rows, int width, Span<float> values, Span<float> mask)
    {
        if (Kind == MaskKind.PerExample)
        {
            DropoutMask.Apply(Seed, RngStream.Of(Purpose, layer, Draw), (ulong)(FirstExample * width), (float)(1.0 - Rate), KeptValue,
                values.Slice(0, rows * width), mask.Slice(0, rows * width));
            return;
        }
        FillMask(layer, rows, width, mask);
        System.Numerics.Tensors.TensorPrimitives.Multiply(values.Slice(0, rows * width), mask.Slice(0, rows * width), values.Slice(0, rows * width));
    }
}
