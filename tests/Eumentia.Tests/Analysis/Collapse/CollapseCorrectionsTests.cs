using Eumentia.Analysis;
using Eumentia.Analysis.Collapse;
using Xunit.Abstractions;

namespace Eumentia.Tests.Analysis.Collapse;

/// <summary>
/// What corrections to scaling do to a collapse, on synthetic data with known exponents: the window on the scaled
/// variable, the L^-omega correction term and the drop-the-smallest-sizes extrapolation.
/// </summary>
public class CollapseCorrectionsTests(ITestOutputHelper output)
{
    const double Pc = 0.5, Nu = 1.3, Zeta = 0.4;

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void AWindowOnTheScaledVariableRemovesTheBiasOfCorrectionsFarFromTheCriticalPoint()
    {
        // y = L^(zeta/nu) [sigmoid(x) + 8 L^-1 h(x)], h(x) = x^6 / (3^6 + x^6): scaling holds near x = 0 and is broken
        // far from it by a correction that fades with L, as the crossover to the bulk does in real data.
        static double Law(double l, double p)
        {
            double x = (p - Pc) * Math.Pow(l, 1 / Nu), x6 = Math.Pow(x, 6);
            return Math.Pow(l, Zeta / Nu) * (Sigmoid(x) + 8 / l * x6 / (729 + x6));
        }
        var data = SyntheticData.Grid(Law, [8, 16, 32, 64, 128], SyntheticCollapse.Steps(0.36, 0.64, 0.02), 5, 0.015, 2, multiplicative: true);
        var options = new CollapseOptions(Starts: 4, BootstrapSamples: 20, ProfileErrors: false);
        var all = CollapseFitter.Fit(data, new PowerLawCollapseForm(), options);
        var windowed = CollapseFitter.Fit(data, new PowerLawCollapseForm(), options with { ScaledWindow = 1.5 });
        foreach (var f in new[] { all, windowed })
            output.WriteLine($"w={f.Window.ScaledWindow} S={f.Quality.S:F3} used={f.Quality.PointsUsed}/{f.Quality.Points} " + string.Join(" ", f.Parameters.Select(p => $"{p.Name}={p.Value:F4}±{p.Error:F4}")));
        Assert.True(double.IsPositiveInfinity(all.Window.ScaledWindow));
        Assert.Equal(1.5, windowed.Window.ScaledWindow);
        Assert.True(windowed.Quality.PointsUsed < all.Quality.PointsUsed);
        // Without the window the far points break the collapse and pull nu and zeta low by several of the
        // windowed fit's errors (measured: S = 41, nu = 1.21, zeta = 0.357); inside |x| <= 1.5 the truth is recovered.
        Assert.True(all.Quality.S > 10, $"S = {all.Quality.S}");
        Assert.True(windowed.Quality.S < 2.5, $"S = {windowed.Quality.S}");
        Assert.True(Nu - all["nu"] > 3 * windowed.Parameter("nu").Error, $"nu = {all["nu"]} without the window");
        Assert.True(Zeta - all["zeta"] > 1.5 * windowed.Parameter("zeta").Error, $"zeta = {all["zeta"]} without the window");
        foreach (var (name, truth) in new[] { ("p_c", Pc), ("nu", Nu), ("zeta", Zeta) })
            Assert.True(Math.Abs(windowed[name] - truth) < 2 * windowed.Parameter(name).Error, $"{name} = {windowed[name]} ± {windowed.Parameter(name).Error} inside the window");
    }

    /// <summary>y = L^(zeta/nu) sigmoid((p - p_c) L^(1/nu)) (1 + 2 L^-1): a correction to scaling with omega = 1.</summary>
    static ObservationSet Corrected(int replica) =>
        SyntheticData.Grid((l, p) => Math.Pow(l, Zeta / Nu) * Sigmoid((p - Pc) * Math.Pow(l, 1 / Nu)) * (1 + 2 / l),
            [8, 16, 32, 64, 128, 256], SyntheticCollapse.Steps(0.36, 0.64, 0.02), 5, 0.015, replica, multiplicative: true);

    [Fact]
    public void TheCorrectionTermRecoversTheExponentsThatThePlainFormBiases()
    {
        var data = Corrected(5);
        var options = new CollapseOptions(Starts: 6, BootstrapSamples: 20, ProfileErrors: false);
        var plain = CollapseFitter.Fit(data, new PowerLawCollapseForm(), options);
        var corrected = CollapseFitter.Fit(data, new CorrectedCollapseForm(new PowerLawCollapseForm()), options);
        foreach (var f in new[] { plain, corrected })
            output.WriteLine($"{f.Form} S={f.Quality.S:F3} {f.Convergence.Message} " + string.Join(" ", f.Parameters.Select(p => $"{p.Name}={p.Value:F4}±{p.Error:F4}")));
        // Measured: the plain form scores S = 37 with zeta = 0.26; the corrected one S = 2.1 with zeta = 0.401 ± 0.011,
        // c = 2.3 ± 0.7 and omega = 1.08 ± 0.15.
        Assert.Equal("power+corrections", corrected.Form);
        Assert.True(plain.Quality.S > 10, $"plain S = {plain.Quality.S}");
        Assert.True(corrected.Quality.S < 3, $"corrected S = {corrected.Quality.S}");
        Assert.True(Math.Abs(plain["zeta"] - Zeta) > 5 * corrected.Parameter("zeta").Error, $"plain zeta = {plain["zeta"]}");
        foreach (var (name, truth) in new[] { ("p_c", Pc), ("nu", Nu), ("zeta", Zeta), (CorrectedCollapseForm.Amplitude, 2.0), (CorrectedCollapseForm.Exponent, 1.0) })
            Assert.True(Math.Abs(corrected[name] - truth) < 2 * corrected.Parameter(name).Error, $"{name} = {corrected[name]} ± {corrected.Parameter(name).Error}, truth {truth}");
    }

    [Fact]
    public void DroppingTheSmallestSizesExtrapolatesToTheTruth()
    {
        var study = DropSmallestStudy.Run(Corrected(6), new PowerLawCollapseForm(), new CollapseOptions(Starts: 4, BootstrapSamples: 20, ProfileErrors: false), omega: 1);
        foreach (var r in study.Rows)
            output.WriteLine($"Lmin={r.MinSize} S={r.S:F3} " + string.Join(" ", r.Parameters.Select(p => $"{p.Name}={p.Value:F4}±{p.Error:F4}")));
        foreach (var e in study.Extrapolated) output.WriteLine($"{e.Name}: {e.Value:F4} ± {e.Error:F4} slope {e.Slope:F3} chi2/dof {e.ChiSquarePerDof:F2} rows {e.Rows}");
        // Measured: zeta = 0.24 from all sizes, 0.371 ± 0.012 from L >= 64, extrapolated 0.386 ± 0.018 (truth 0.4).
        Assert.Equal([8.0, 16, 32, 64], study.Rows.Select(r => r.MinSize));
        Assert.All(study.Rows, r => Assert.Null(r.Failure));
        foreach (var (name, truth) in new[] { ("p_c", Pc), ("nu", Nu), ("zeta", Zeta) })
        {
            var e = study.Parameter(name);
            Assert.Equal(4, e.Rows);
            Assert.True(Math.Abs(e.Value - truth) < 2 * e.Error, $"{name} extrapolated to {e.Value} ± {e.Error}, truth {truth}");
        }
        double Zeta_(DropSmallestRow r) => r.Parameters.First(p => p.Name == "zeta").Value;
        var zeta = study.Parameter("zeta");
        Assert.True(Zeta - Zeta_(study.Rows[0]) > 2 * zeta.Error, "all sizes should be biased low");
        Assert.True(Math.Abs(zeta.Value - Zeta) < Math.Abs(Zeta_(study.Rows[^1]) - Zeta), "the extrapolation should beat the largest sizes alone");
        Assert.Throws<UsageException>(() => DropSmallestStudy.Run(Corrected(6), new PowerLawCollapseForm(), new CollapseOptions(MinSize: 64), omega: 1)); // 3 sizes: nothing to drop
    }
}
