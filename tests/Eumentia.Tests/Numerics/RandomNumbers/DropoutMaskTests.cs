using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Tests.Numerics.RandomNumbers;

public class DropoutMaskTests
{
    /// <summary>Word e of (seed, stream) by the scalar definition: word e % 4 of block e / 4.</summary>
    static uint ScalarWord(ulong seed, ulong stream, ulong e)
    {
        var (a, b, c, d) = Philox.Block(seed, stream, e >> 2);
        return (e & 3) switch { 0 => a, 1 => b, 2 => c, _ => d };
    }

    // Ragged starts and lengths exercise the head, the 128-element (AVX-512) and 32/64-element (AVX2) vector
    // bodies and the tail; the last two starts make the block counters of one vector step carry from the low
    // into the high counter word.
    public static TheoryData<ulong, int> Ranges() => new()
    {
        { 0, 1 }, { 0, 32 }, { 3, 29 }, { 5, 100 }, { 31, 257 }, { 64, 64 }, { 7, 1000 },
        { (0xFFFFFFFFUL << 2) - 9, 70 }, { (0xFFFFFFFFUL << 2) - 40, 300 },
    };

    /// <summary>The AVX2 generator, which AVX-512 machines otherwise skip for the long runs, gives the same words.</summary>
    [Theory]
    [MemberData(nameof(Ranges))]
    public void Avx2WordsEqualTheScalarGenerator(ulong first, int count)
    {
        bool saved = PhiloxBulk.UseAvx512;
        try
        {
            PhiloxBulk.UseAvx512 = false;
            BulkWordsEqualTheScalarGenerator(first, count);
        }
        finally
        {
            PhiloxBulk.UseAvx512 = saved;
        }
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void BulkWordsEqualTheScalarGenerator(ulong first, int count)
    {
        var words = new uint[count];
        Philox.FillWords(0x1234_5678_9ABC_DEF0UL, RngStream.Of(RngStream.Dropout, 3, 17), first, words);
        for (int i = 0; i < count; i++)
            Assert.Equal(ScalarWord(0x1234_5678_9ABC_DEF0UL, RngStream.Of(RngStream.Dropout, 3, 17), first + (ulong)i), words[i]);
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void UniformsAreTheScalarWordsScaled(ulong first, int count)
    {
        var u = new float[count];
        Philox.FillUniform(9, 4, first, u);
        for (int i = 0; i < count; i++) Assert.Equal(Philox.ToUnitFloat(ScalarWord(9, 4, first + (ulong)i)), u[i]);
    }

    [Theory]
    [InlineData(0.7f, 1 / 0.7f)]
    [InlineData(0.5f, 2f)]
    [InlineData(1f, 1f)]
    [InlineData(0f, 1f)]
    [InlineData(0.3f, 1f)]
    public void MaskFollowsTheScalarDefinition(float keep, float scale)
    {
        foreach (var (first, count) in new[] { (0UL, 1000), (7UL, 45), (1UL << 40, 33) })
        {
            var mask = new float[count];
            DropoutMask.Fill(5, 6, first, keep, scale, mask);
            var u = new float[count];
            Philox.FillUniform(5, 6, first, u);
            for (int i = 0; i < count; i++)
            {
                float expected = u[i] < keep ? scale : 0f;
                Assert.Equal(expected, mask[i]);
                Assert.Equal(expected, DropoutMask.Value(5, 6, first + (ulong)i, keep, scale));
            }
        }
    }

    [Fact]
    public void KeepThresholdIsExactAtTheBoundary()
    {
        // keep equal to a representable uniform: that uniform is dropped (strict <), the one below kept.
        var u = new float[4096];
        Philox.FillUniform(1, 1, 0, u);
        foreach (float keep in u.Take(50))
        {
            var mask = new float[u.Length];
            DropoutMask.Fill(1, 1, 0, keep, 1f, mask);
            for (int i = 0; i < u.Length; i++) Assert.Equal(u[i] < keep ? 1f : 0f, mask[i]);
        }
    }

    [Fact]
    public void ApplyMultipliesByTheMaskAndReturnsIt()
    {
        const int n = 203;
        var x = new float[n];
        Philox.FillNormal(3, 3, 0, x);
        var original = (float[])x.Clone();
        var mask = new float[n];
        DropoutMask.Apply(11, 12, 40, 0.6f, 1 / 0.6f, x, mask);
        var expectedMask = new float[n];
        DropoutMask.Fill(11, 12, 40, 0.6f, 1 / 0.6f, expectedMask);
        Assert.Equal(expectedMask, mask);
        for (int i = 0; i < n; i++) Assert.Equal(original[i] * expectedMask[i], x[i]);
    }

    [Fact]
    public void KeepRateAndScaleAreRight()
    {
        var mask = new float[1 << 18];
        DropoutMask.Fill(2024, RngStream.Of(RngStream.Dropout, 1, 1), 0, 0.7f, 1 / 0.7f, mask);
        double kept = mask.Count(v => v != 0) / (double)mask.Length;
        Assert.InRange(kept, 0.7 - 0.005, 0.7 + 0.005);
        Assert.All(mask, v => Assert.True(v == 0 || v == 1 / 0.7f));
        Assert.InRange(mask.Average(v => (double)v), 0.99, 1.01);
    }

    [Fact]
    public void PiecesEqualTheWhole()
    {
        var whole = new float[300];
        DropoutMask.Fill(8, 9, 0, 0.5f, 2f, whole);
        var piece = new float[77];
        DropoutMask.Fill(8, 9, 101, 0.5f, 2f, piece);
        Assert.Equal(whole.AsSpan(101, 77).ToArray(), piece);
    }

    [Fact]
    public void MasksAllocateNothing()
    {
        var x = new float[1000];
        var mask = new float[1000];
        DropoutMask.Apply(1, 2, 3, 0.5f, 2f, x, mask);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DropoutMask.Apply(1, 2, 3, 0.5f, 2f, x, mask);
        DropoutMask.Fill(1, 2, 3, 0.5f, 2f, mask);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutMask.Fill(1, 1, 0, 1.5f, 1f, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DropoutMask.Fill(1, 1, 0, float.NaN, 1f, new float[4]));
        Assert.Throws<ArgumentException>(() => DropoutMask.Apply(1, 1, 0, 0.5f, 2f, new float[4], new float[3]));
    }
}
