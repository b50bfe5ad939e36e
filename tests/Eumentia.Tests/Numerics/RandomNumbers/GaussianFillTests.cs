using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Tests.Numerics.RandomNumbers;

public class GaussianFillTests
{
    [Fact]
    public void DrawsAreStandardNormal()
    {
        var x = new float[1 << 18];
        GaussianFill.Fill(7, 3, 0, 1.0, x);
        double mean = x.Average(v => (double)v), variance = x.Average(v => (double)v * v), fourth = x.Average(v => Math.Pow(v, 4));
        double se = 1 / Math.Sqrt(x.Length);
        Assert.InRange(mean, -5 * se, 5 * se);
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2) * se, 1 + 5 * Math.Sqrt(2) * se);
        Assert.InRange(fourth, 3 - 5 * Math.Sqrt(96) * se, 3 + 5 * Math.Sqrt(96) * se);
        Assert.InRange(x.Count(v => v > 1.959964f) / (double)x.Length, 0.025 - 5 * 0.156 * se, 0.025 + 5 * 0.156 * se);
    }

    [Fact]
    public void AnySubRangeGivesTheSameValuesAsTheWhole()
    {
        var whole = new float[5000];
        GaussianFill.Fill(1, 2, 0, 2.5, whole);
        foreach (var (first, length) in new[] { (1001, 100), (3, 1), (1022, 2000), (4096, 904) })
        {
            var part = new float[length];
            GaussianFill.Fill(1, 2, (ulong)first, 2.5, part);
            Assert.Equal(whole.AsSpan(first, length).ToArray(), part);
        }
    }
}
