using System.Text.Json;
using Eumentia.Analysis.Scaling;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Numerics.Threading;

namespace Eumentia.Tests.Analysis.Scaling;

public class ScalingInputTests
{
    static ObservationSet Rows(params (double N, double L)[] rows) =>
        new(rows.Select((r, i) => new Observation(r.N, 0, r.L, double.NaN, -1, i + 2)).ToArray(), [], "d.csv");

    [Fact]
    public void SingleSizeIsAUsageError() =>
        Assert.Contains("only one size (N = 100)", Assert.Throws<UsageException>(() => ScalingLawFitter.Fit(Rows((100, 1), (100, 1.1)), ScalingLawModel.PowerLaw)).Message);

    [Fact]
    public void FewerSizesThanParametersIsAUsageError() =>
        Assert.Contains("fewer points than parameters", Assert.Throws<UsageException>(() =>
            ScalingLawFitter.Fit(Rows((100, 1), (200, 0.8), (400, 0.6)), ScalingLawModel.OffsetPowerLaw)).Message);

    [Fact]
    public void NonPositiveValuesNameTheLine() =>
        Assert.Contains("d.csv: line 3:", Assert.Throws<UsageException>(() =>
            ScalingLawFitter.Fit(Rows((100, 1), (200, -0.8), (400, 0.6), (800, 0.5)), ScalingLawModel.PowerLaw)).Message);

    [Fact]
    public void UnweightedDataScaleErrorsByTheScatter()
    {
        // One value per size, no errors: unit weights, errors from the scatter about the fit.
        var data = Rows((100, 1.0), (200, 0.82), (400, 0.64), (800, 0.51), (1600, 0.42));
        var fit = ScalingLawFitter.Fit(data, ScalingLawModel.PowerLaw);
        Assert.Equal("none", fit.Quality.Weights);
        Assert.Equal(fit.Quality.Chi2PerDof, fit.Quality.ErrorScale);
        Assert.Equal("profile", fit.Parameter("alpha").ErrorMethod);
        Assert.True(fit.Parameter("alpha").Error is > 0 and < 0.1);
    }

    [Fact]
    public void JsonKeepsEveryDigitAndNamesNonFiniteValues()
    {
        var data = SyntheticData.ScalingLaw(n => 3 * Math.Pow(n, -0.3), SyntheticData.Geometric(10, 2, 6), 3, 0.05, 9);
        var fit = ScalingLawFitter.Fit(data, ScalingLawModel.PowerLaw, new ScalingLawOptions(BootstrapSamples: 10));
        string json = JsonDefaults.Serialize(fit);
        using var doc = JsonDocument.Parse(json);
        var alpha = doc.RootElement.GetProperty("parameters")[1];
        Assert.Equal("alpha", alpha.GetProperty("name").GetString());
        Assert.Equal(fit["alpha"], alpha.GetProperty("value").GetDouble()); // bit for bit
        Assert.Contains("\"chi2_per_dof\"", json);
        Assert.Contains("\"NaN\"", JsonDefaults.Serialize(new { x = double.NaN }));
    }

    [Fact]
    public void BootstrapDoesNotDependOnTheThreadCount()
    {
        var data = SyntheticData.ScalingLaw(n => 0.1 + 3 * Math.Pow(n, -0.5), SyntheticData.Geometric(10, 2, 7), 5, 0.05, 10);
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = ScalingLawFitter.Fit(data, ScalingLawModel.OffsetPowerLaw, new ScalingLawOptions(BootstrapSamples: 24, Profile: false));
            Parallelism.MaxThreads = 2;
            var two = ScalingLawFitter.Fit(data, ScalingLawModel.OffsetPowerLaw, new ScalingLawOptions(BootstrapSamples: 24, Profile: false));
            Assert.Equal(one.Parameter("alpha").Bootstrap, two.Parameter("alpha").Bootstrap);
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Fact]
    public void SeedBootstrapResamplesWholeSeeds()
    {
        var data = SyntheticData.ScalingLaw(n => Math.Pow(n, -0.5), [10, 20, 40], 4, 0.1, 11);
        Assert.Equal(BootstrapKind.Seeds, SeedBootstrap.KindFor(data, o => (o.Size, 0)));
        var sample = SeedBootstrap.Resample(data, BootstrapKind.Seeds, o => (o.Size, 0), 1, 0, positive: true);
        Assert.Equal(data.Observations.Count, sample.Observations.Count);
        // Each drawn seed brings all its sizes with it, values unchanged.
        foreach (var g in sample.Observations.GroupBy(o => o.Seed))
        {
            Assert.Equal(3, g.Count());
            Assert.Single(data.Observations.GroupBy(o => o.Seed), orig => orig.Select(o => o.Value).SequenceEqual(g.Select(o => o.Value)));
        }
    }
}
