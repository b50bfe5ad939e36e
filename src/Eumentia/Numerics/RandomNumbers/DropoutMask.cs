using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.RandomNumbers;

/// <summary>
/// Inverted-dropout masks straight from the Philox stream, 32 elements per vectorised Philox step, with no
/// intermediate array of uniforms. Element e of (seed, stream) is kept if and only if
/// <c>Philox.ToUnitFloat(word e) &lt; keepProbability</c>, word e being word e % 4 of block e / 4 — exactly the
/// numbers <see cref="Philox.FillUniform"/> gives — and a kept element's mask value is <c>scale</c>
/// (1 / keepProbability for inverted dropout, 1 for a plain 0/1 mask), a dropped one's 0.
/// Any sub-range of elements gives the same mask as the whole, so a mask can be drawn in pieces or by rows.
/// </summary>
public static unsafe class DropoutMask
{
    /// <summary>mask[i] = scale if element firstElement + i is kept, else 0.</summary>
    public static void Fill(ulong seed, ulong stream, ulong firstElement, float keepProbability, float scale, Span<float> mask)
    {
        Validate(keepProbability);
        fixed (float* m = mask)
        {
            var sink = new MaskSink(m, keepProbability, scale);
            PhiloxBulk.Generate(seed, stream, firstElement, mask.Length, ref sink);
        }
    }

    /// <summary>
    /// values[i] *= mask[i] with the mask of <see cref="Fill"/>, which is also written to <paramref name="mask"/>
    /// (the backward pass multiplies the incoming gradient by it).
    /// </summary>
    public static void Apply(ulong seed, ulong stream, ulong firstElement, float keepProbability, float scale,
        Span<float> values, Span<float> mask)
    {
        Validate(keepProbability);
        if (mask.Length != values.Length)
            throw new ArgumentException($"dropout: mask has {mask.Length} elements, values have {values.Length}");
        fixed (float* v = values, m = mask)
        {
            var sink = new ApplySink(v, m, keepProbability, scale);
            PhiloxBulk.Generate(seed, stream, firstElement, values.Length, ref sink);
        }
    }

    /// <summary>values[i] *= the mask of <see cref="Fill"/>, without storing it (inference needs no backward pass).</summary>
    public static void Multiply(ulong seed, ulong stream, ulong firstElement, float keepProbability, float scale, Span<float> values)
    {
        Validate(keepProbability);
        fixed (float* v = values)
        {
            var sink = new ApplySink(v, null, keepProbability, scale);
            PhiloxBulk.Generate(seed, stream, firstElement, values.Length, ref sink);
        }
    }

    /// <summary>The mask value of one element, the definition the fast paths must equal.</summary>
    public static float Value(ulong seed, ulong stream, ulong element, float keepProbability, float scale)
    {
        var (a, b, c, d) = Philox.Block(seed, stream, element >> 2);
        uint word = (element & 3) switch { 0 => a, 1 => b, 2 => c, _ => d };
        return Philox.ToUnitFloat(word) < keepProbability ? scale : 0f;
    }

    static void Validate(float keepProbability)
    {
        if (!(keepProbability >= 0 && keepProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(keepProbability), keepProbability, "keep probability must lie in [0, 1]");
    }

    /// <summary>
    /// u &lt; keep with u = (word >> 8)·2^-24 is decided as (float)(word >> 8) &lt; keep·2^24: both sides are the
    /// originals scaled by a power of two (exact in float), so the comparison is the same, lane for lane.
    /// </summary>
    readonly struct MaskSink(float* mask, float keep, float scale) : IPhiloxSink
    {
        readonly float keepScaled = keep * 16777216f;

        public void Put16(int i, Vector512<uint> words) =>
            Vector512.Store(Vector512.LessThan(PhiloxAvx512.Top24Bits(words), Vector512.Create(keepScaled)) & Vector512.Create(scale), mask + i);

        public void Put8(int i, Vector256<uint> words) =>
            Avx.Store(mask + i, Avx.And(Avx.CompareLessThan(PhiloxBulk.Top24Bits(words), Vector256.Create(keepScaled)), Vector256.Create(scale)));

        public void Put1(int i, uint word) => mask[i] = Philox.ToUnitFloat(word) < keep ? scale : 0f;
    }

    /// <summary>Multiplies values by the mask, and stores the mask where <paramref name="mask"/> is not null.</summary>
    readonly struct ApplySink(float* values, float* mask, float keep, float scale) : IPhiloxSink
    {
        readonly float keepScaled = keep * 16777216f;

        public void Put16(int i, Vector512<uint> words)
        {
            var m = Vector512.LessThan(PhiloxAvx512.Top24Bits(words), Vector512.Create(keepScaled)) & Vector512.Create(scale);
            if (mask != null) Vector512.Store(m, mask + i);
            Vector512.Store(Vector512.Load(values + i) * m, values + i);
        }

        public void Put8(int i, Vector256<uint> words)
        {
            var m = Avx.And(Avx.CompareLessThan(PhiloxBulk.Top24Bits(words), Vector256.Create(keepScaled)), Vector256.Create(scale));
            if (mask != null) Avx.Store(mask + i, m);
            Avx.Store(values + i, Avx.Multiply(Avx.LoadVector256(values + i), m));
        }

        public void Put1(int i, uint word)
        {
            float m = Philox.ToUnitFloat(word) < keep ? scale : 0f;
            if (mask != null) mask[i] = m;
            values[i] *= m;
        }
    }
}
