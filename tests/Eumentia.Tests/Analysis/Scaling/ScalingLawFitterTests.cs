using Eumentia.Analysis.Scaling;

namespace Eumentia.Tests.Analysis.Scaling;

public class ScalingLawFitterTests
{
    static readonly double[] Sizes = SyntheticData.Geometric(100, 2, 9);

    [Fact]
    public void OffsetPowerLawRecoversParametersFromNoisyReplicates()
    {
        var data = SyntheticData.ScalingLaw(n => 0.05 + 5 * Math.Pow(n, -0.5), Sizes, seeds: 6, logNoise: 0.02, replica: 0);
        var fit = ScalingLawFitter.Fit(data, ScalingLawModel.OffsetPowerLaw, new ScalingLawOptions(BootstrapSamples: 60));
        Assert.True(fit.Convergence.Converged, fit.Convergence.Message);
        Assert.True(fit.Convergence.Interior, fit.Convergence.Message);
        Assert.InRange(fit["alpha"], 0.4, 0.6);
        Assert.InRange(fit["E"], 0.03, 0.07);
        Assert.InRange(fit.Quality.Chi2PerDof, 0.1, 4);
        foreach (var p in fit.Parameters)
        {
            Assert.NotNull(p.Profile);
            Assert.NotNull(p.Bootstrap);
            Assert.True(p.Profile!.Lower < p.Value && p.Value < p.Profile.Upper, p.Name);
        }
    }

    [Fact]
    public void PurePowerLawMatchesWeightedLinearRegression()
    {
        var data = SyntheticData.ScalingLaw(n => 3 * Math.Pow(n, -0.3), Sizes, seeds: 4, logNoise: 0.05, replica: 1);
        var fit = ScalingLawFitter.Fit(data, ScalingLawModel.PowerLaw, new ScalingLawOptions(BootstrapSamples: 0));
        // Closed form: weighted regression of mean ln L on ln N.
        var s = LogSeries.From(data, o => o.Size, "L");
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < s.Length; i++)
        {
            double w = 1 / (s.Sigma[i] * s.Sigma[i]), x = Math.Log(s.X[i]);
            sw += w; sx += w * x; sy += w * s.LnY[i]; sxx += w * x * x; sxy += w * x * s.LnY[i];
        }
        double slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        Assert.Equal(-slope, fit["alpha"], 8);
        // The Delta chi^2 = 1 profile of a linear model is the covariance error, scaled by max(1, chi^2/dof).
        double se = Math.Sqrt(sw / (sw * sxx - sx * sx) * fit.Quality.ErrorScale);
        Assert.InRange(fit.Parameter("alpha").Profile!.HalfWidth / se, 0.999, 1.001);
    }

    [Theory]
    [InlineData(ScalingLawModel.OffsetPowerLaw)]
    [InlineData(ScalingLawModel.PowerLaw)]
    public void ReportedErrorsAreHonestOverReplicas(ScalingLawModel model)
    {
        const double alpha = 0.6;
        Func<double, double> law = model == ScalingLawModel.PowerLaw ? n => 4 * Math.Pow(n, -alpha) : n => 0.1 + 4 * Math.Pow(n, -alpha);
        int bootstrapCovered = 0, profileCovered = 0;
        const int replicas = 20;
        for (int r = 0; r < replicas; r++)
        {
            var data = SyntheticData.ScalingLaw(law, Sizes, seeds: 8, logNoise: 0.05, replica: 100 + r);
            var fit = ScalingLawFitter.Fit(data, model, new ScalingLawOptions(BootstrapSamples: 40, Seed: (ulong)r));
            var a = fit.Parameter("alpha");
            if (Math.Abs(a.Value - alpha) <= 2 * a.Bootstrap!.StandardError) bootstrapCovered++;
            if (Math.Abs(a.Value - alpha) <= 2 * a.Profile!.HalfWidth) profileCovered++;
        }
        Assert.True(bootstrapCovered >= 16, $"bootstrap 2-sigma coverage {bootstrapCovered}/{replicas}");
        Assert.True(profileCovered >= 16, $"profile 2-sigma coverage {profileCovered}/{replicas}");
    }
}
