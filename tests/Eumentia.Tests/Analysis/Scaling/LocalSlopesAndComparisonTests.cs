using Eumentia.Analysis.Scaling;

namespace Eumentia.Tests.Analysis.Scaling;

public class LocalSlopesAndComparisonTests
{
    static readonly double[] Sizes = SyntheticData.Geometric(100, 2, 9);

    [Fact]
    public void LocalSlopesOfAPowerLawScatterAroundMinusAlphaWithinTheirErrors()
    {
        var data = SyntheticData.ScalingLaw(n => 2 * Math.Pow(n, -0.4), Sizes, seeds: 6, logNoise: 0.03, replica: 3);
        var slopes = LocalSlopes.Compute(data, window: 2, bootstrapSamples: 60);
        Assert.Equal(Sizes.Length - 1, slopes.Count);
        int within = slopes.Count(s => Math.Abs(s.Slope + 0.4) <= 2 * s.Error);
        Assert.True(within >= slopes.Count - 1, $"{within} of {slopes.Count} within 2 errors");
        Assert.All(slopes, s => Assert.True(s.BootstrapError > 0 && s.PropagatedError > 0));
        Assert.Equal(Math.Sqrt(Sizes[0] * Sizes[1]), slopes[0].Size, 9);
        var wide = LocalSlopes.Compute(data, window: 4, bootstrapSamples: 0);
        Assert.Equal(Sizes.Length - 3, wide.Count);
        Assert.True(wide.Average(s => s.Error) < slopes.Average(s => s.Error));
    }

    [Fact]
    public void LocalSlopesOfAnOffsetLawFlattenTowardsTheFloor()
    {
        var data = SyntheticData.ScalingLaw(n => 0.1 + 3 * Math.Pow(n, -0.5), Sizes, seeds: 6, logNoise: 0.01, replica: 4);
        var slopes = LocalSlopes.Compute(data, bootstrapSamples: 0);
        Assert.True(slopes[0].Slope < slopes[^1].Slope - 0.1, $"first {slopes[0].Slope}, last {slopes[^1].Slope}");
    }

    [Fact]
    public void OffsetDataPreferTheOffsetModelOnEveryCriterion()
    {
        var data = SyntheticData.ScalingLaw(n => 0.08 + 4 * Math.Pow(n, -0.6), Sizes, seeds: 6, logNoise: 0.03, replica: 5);
        var options = new ScalingLawOptions(BootstrapSamples: 0);
        var fits = new[] { ScalingLawFitter.Fit(data, ScalingLawModel.PowerLaw, options), ScalingLawFitter.Fit(data, ScalingLawModel.OffsetPowerLaw, options) };
        var c = ScalingModelComparison.Compare(data, fits, holdout: 2, options);
        Assert.Equal("offset-power-law", c.BestByAic);
        Assert.Equal("offset-power-law", c.BestByBic);
        Assert.Equal("offset-power-law", c.BestByExtrapolation);
        var offset = c.Scores.Single(s => s.Model == "offset-power-law").Extrapolation!;
        Assert.Equal(2, offset.Sizes.Count);
        Assert.True(offset.RmsPull < 5, $"offset extrapolates to {offset.RmsPull} sigma");
    }

    [Fact]
    public void PurePowerLawDataPreferThePowerLawByBic()
    {
        var data = SyntheticData.ScalingLaw(n => 4 * Math.Pow(n, -0.6), Sizes, seeds: 6, logNoise: 0.03, replica: 6);
        var options = new ScalingLawOptions(BootstrapSamples: 0);
        var fits = new[] { ScalingLawFitter.Fit(data, ScalingLawModel.PowerLaw, options), ScalingLawFitter.Fit(data, ScalingLawModel.OffsetPowerLaw, options) };
        Assert.Equal("power-law", ScalingModelComparison.Compare(data, fits, 2, options).BestByBic);
    }
}
