using System.Numerics.Tensors;

namespace Eumentia.Numerics.RandomNumbers;

/// <summary>
/// Normal draws for random-network probes, four per Philox block (Box–Muller on both word pairs, cosine
/// and sine) from the vectorised bulk generator, with the transcendental functions vectorised over chunks, so that drawing a fresh n×n weight
/// matrix per layer costs less than multiplying by it. Element e of (seed, stream) is always normal
/// e mod 4 of block e / 4, so any sub-range gives the same values as the whole. Float32 precision, which
/// is what the weights are stored in anyway.
/// </summary>
static class GaussianFill
{
    const int ChunkBlocks = 256;
    const float TwoToMinus32 = 1f / 4294967296f;

    /// <summary>dest[i] = scale · N_{first + i} for the normal sequence of (seed, stream).</summary>
    public static void Fill(ulong seed, ulong stream, ulong first, double scale, Span<float> dest)
    {
        Span<float> radius = stackalloc float[2 * ChunkBlocks], angle = stackalloc float[2 * ChunkBlocks];
        Span<float> cos = stackalloc float[2 * ChunkBlocks], sin = stackalloc float[2 * ChunkBlocks];
        Span<float> normals = stackalloc float[4 * ChunkBlocks];
        Span<uint> words = stackalloc uint[4 * ChunkBlocks];
        ulong block = first >> 2, end = first + (ulong)dest.Length;
        int written = 0;
        while (written < dest.Length)
        {
            ulong chunkStart = block << 2;
            int blocks = (int)Math.Min((ulong)ChunkBlocks, ((end + 3) >> 2) - block);
            Philox.FillWords(seed, stream, chunkStart, words[..(4 * blocks)]); // word e%4 of block e/4
            for (int i = 0; i < 2 * blocks; i++)
            {
                radius[i] = (words[2 * i] + 0.5f) * TwoToMinus32;
                angle[i] = words[2 * i + 1] * TwoToMinus32;
            }
            var r = radius[..(2 * blocks)];
            var t = angle[..(2 * blocks)];
            TensorPrimitives.Log(r, r);                          // (0, 1] → finite
            TensorPrimitives.Multiply(r, -2f, r);
            TensorPrimitives.Max(r, 0f, r);                      // −0 when the uniform rounds to 1
            TensorPrimitives.Sqrt(r, r);
            TensorPrimitives.Multiply(t, 2f * MathF.PI, t);
            TensorPrimitives.SinCos(t, sin[..(2 * blocks)], cos[..(2 * blocks)]);
            for (int k = 0; k < 2 * blocks; k++)
            {
                normals[2 * k] = r[k] * cos[k];
                normals[2 * k + 1] = r[k] * sin[k];
            }
            // The part of this chunk inside [first, end).
            ulong from = Math.Max(first, chunkStart), to = Math.Min(end, chunkStart + (ulong)(4 * blocks));
            var part = normals.Slice((int)(from - chunkStart), (int)(to - from));
            TensorPrimitives.Multiply(part, (float)scale, dest.Slice(written, part.Length));
            written += part.Length;
            block += (ulong)blocks;
        }
    }
}
