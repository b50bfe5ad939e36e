using Eumentia.Numerics.RandomNumbers;

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
    /// values ← values ⊙ mask for rows [firstRow, firstRow + rows) of this pass's batch (values and mask hold
    /// just those rows), in one sweep over memory with no intermediate array of uniforms. The mask is written
    /// too unless <paramref name="mask"/> is empty (inference keeps nothing for a backward pass). Rows are
    /// independent, so a batch may be cut into row blocks anywhere and give the same numbers.
    /// </summary>
    public void ApplyRows(int layer, int firstRow, int rows, int width, Span<float> values, Span<float> mask)
    {
        int n = rows * width;
        values = values.Slice(0, n);
        ulong stream = RngStream.Of(Purpose, layer, Draw);
        float keep = (float)(1.0 - Rate);
        if (Kind == MaskKind.PerExample)
        {
            ulong first = (ulong)((FirstExample + firstRow) * width);
            if (mask.IsEmpty) DropoutMask.Multiply(Seed, stream, first, keep, KeptValue, values);
            else DropoutMask.Apply(Seed, stream, first, keep, KeptValue, values, mask.Slice(0, n));
            return;
        }
        // One mask row shared by every example: draw it once per call, then scale each row by it.
        Span<float> row = !mask.IsEmpty ? mask.Slice(0, width) : width <= 4096 ? stackalloc float[width] : new float[width];
        ThresholdUniforms(stream, 0, row, keep, KeptValue);
        for (int r = 0; r < rows; r++)
        {
            var v = values.Slice(r * width, width);
            System.Numerics.Tensors.TensorPrimitives.Multiply(v, row, v);
            if (!mask.IsEmpty && r > 0) row.CopyTo(mask.Slice(r * width, width));
        }
    }
}
