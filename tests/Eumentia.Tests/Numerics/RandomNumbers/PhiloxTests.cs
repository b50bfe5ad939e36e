using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Tests.Numerics.RandomNumbers;

public class PhiloxTests
{
    // Known-answer vectors of Random123's kat_vectors for philox4x32-10.
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void MatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        var (a, b, c, d) = Philox.Block(((ulong)k1 << 32) | k0, ((ulong)c3 << 32) | c2, ((ulong)c1 << 32) | c0);
        Assert.Equal((r0, r1, r2, r3), (a, b, c, d));
    }

    [Fact]
    public void UniformSubRangesEqualTheWhole()
    {
        var whole = new float[37];
        Philox.FillUniform(7, 3, 5, whole);
        var part = new float[20];
        Philox.FillUniform(7, 3, 5 + 11, part);
        Assert.Equal(whole.AsSpan(11, 20).ToArray(), part);
    }

    [Fact]
    public void UniformAndNormalHaveTheRightMoments()
    {
        var u = new float[200_000];
        Philox.FillUniform(1, 2, 0, u);
        Assert.InRange(u.Average(), 0.497, 0.503);
        Assert.All(u, x => Assert.InRange(x, 0f, 0.99999999f));
        var z = new float[200_000];
        Philox.FillNormal(1, 2, 0, z);
        double mean = z.Average(), var = z.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(var, 0.98, 1.02);
    }

    [Fact]
    public void PermutationIsAPermutationAndDependsOnTheSeed()
    {
        var p = Philox.Permutation(11, 0, 1000);
        Assert.Equal(Enumerable.Range(0, 1000), p.OrderBy(x => x));
        Assert.NotEqual(p, Philox.Permutation(12, 0, 1000));
    }
}
