using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Training;

namespace Eumentia.Tests.Nets;

public class DropoutTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.8)]
    public void KeepRateAndScaleMatchTheRate(double p)
    {
        var pass = new DropoutPass(MaskKind.PerExample, p, true, 1, RngStream.Dropout, 0, 0);
        var m = new float[400 * 500];
        pass.FillMask(0, 400, 500, m);
        double kept = m.Count(v => v != 0) / (double)m.Length;
        Assert.InRange(kept, 1 - p - 0.005, 1 - p + 0.005);
        Assert.All(m, v => Assert.True(v == 0 || Math.Abs(v - 1 / (1 - p)) < 1e-6));
        // E[mask] = 1: inverted dropout preserves the mean activation.
        Assert.InRange(m.Average(v => (double)v), 0.98, 1.02);
    }

    [Fact]
    public void McMasksDifferPerExampleAndDoNotDependOnBatching()
    {
        var whole = new float[10 * 50];
        EvalModes.Pass(EvalMode.Mc, 0.5, 3, 0, 0).FillMask(1, 10, 50, whole);
        Assert.NotEqual(whole.AsSpan(0, 50).ToArray(), whole.AsSpan(50, 50).ToArray());
        var tail = new float[4 * 50];
        EvalModes.Pass(EvalMode.Mc, 0.5, 3, 0, firstExample: 6).FillMask(1, 4, 50, tail);
        Assert.Equal(whole.AsSpan(6 * 50).ToArray(), tail);
        Assert.Contains(whole, v => v == 2f);
    }

    [Fact]
    public void NoScaleKeepsUnitsAtOne()
    {
        var m = new float[1000];
        EvalModes.Pass(EvalMode.McNoScale, 0.5, 3, 0, 0).FillMask(0, 10, 100, m);
        Assert.All(m, v => Assert.True(v is 0f or 1f));
        Assert.Contains(m, v => v == 0f);
    }

    [Fact]
    public void PruneSharesOneMaskAcrossExamplesAndDrawsDiffer()
    {
        var m = new float[8 * 64];
        EvalModes.Pass(EvalMode.Prune, 0.5, 3, 0, 0).FillMask(0, 8, 64, m);
        for (int r = 1; r < 8; r++) Assert.Equal(m.AsSpan(0, 64).ToArray(), m.AsSpan(r * 64, 64).ToArray());
        Assert.All(m, v => Assert.True(v is 0f or 1f));
        var other = new float[64];
        EvalModes.Pass(EvalMode.Prune, 0.5, 3, 1, 0).FillMask(0, 1, 64, other);
        Assert.NotEqual(m.AsSpan(0, 64).ToArray(), other);
    }

    [Fact]
    public void PEvalZeroIsDeterministic()
    {
        Assert.False(EvalModes.Pass(EvalMode.Mc, 0, 3, 0, 0).Active);
    }
}
