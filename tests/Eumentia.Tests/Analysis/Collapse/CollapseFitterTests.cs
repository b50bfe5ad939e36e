using Eumentia.Analysis.Collapse;
using Eumentia.Analysis;

namespace Eumentia.Tests.Analysis.Collapse;

public class CollapseFitterTests
{
    static readonly CollapseOptions Quick = new(BootstrapSamples: 20, Starts: 6);

    static void Within(double value, double truth, double tolerance, string name) =>
        Assert.True(Math.Abs(value - truth) <= tolerance, $"{name} = {value}, expected {truth} ± {tolerance}");

    [Fact]
    public void PowerLawFormRecoversExponents()
    {
        var fit = CollapseFitter.Fit(CollapseTestData.PowerLaw(0), new PowerLawCollapseForm(), Quick);
        Assert.True(fit.Convergence.Interior, fit.Convergence.Message);
        Within(fit["p_c"], CollapseTestData.Pc, 0.01, "p_c");
        Within(fit["nu"], CollapseTestData.Nu, 0.15, "nu");
        Within(fit["zeta"], CollapseTestData.Zeta, 0.1, "zeta");
        Assert.InRange(fit.Quality.S, 0.3, 3); // honest errors: S reads as chi^2 per degree of freedom
        Assert.True(fit.Quality.PointsUsed > fit.Quality.Points / 2);
        foreach (var p in fit.Parameters)
        {
            Assert.True(p.Profile!.LowerFound && p.Profile.UpperFound, p.Name);
            Assert.True(p.Profile.Lower < p.Value && p.Value < p.Profile.Upper, $"{p.Name}: {p.Profile}");
            Assert.True(p.Bootstrap!.StandardError > 0, p.Name);
        }
    }

    [Fact]
    public void BktFormRecoversParameters()
    {
        var fit = CollapseFitter.Fit(CollapseTestData.Bkt(1), new BktCollapseForm(), Quick with { ProfileErrors = false });
        Within(fit["p_c"], CollapseTestData.Pc, 0.015, "p_c");
        Within(fit["Delta"], CollapseTestData.Delta, 0.04, "Delta");
        Within(fit["L0"], CollapseTestData.L0, 0.5, "L0");
        Assert.Equal(0.5, fit["sigma"]);
        Assert.True(fit.Parameter("sigma").Fixed);
    }

    [Fact]
    public void PowerLawAndBktFormsTellEachOthersDataApart()
    {
        var bktData = CollapseTestData.Bkt(2, noise: 0.02);
        var powerData = CollapseTestData.PowerLaw(12, noise: 0.02);
        var options = Quick with { BootstrapSamples = 0, ProfileErrors = false };
        var onBkt = CollapseComparison.Compare(CollapseFitter.Fit(bktData, new BktCollapseForm(), options), CollapseFitter.Fit(bktData, new PowerLawCollapseForm(), options));
        var onPower = CollapseComparison.Compare(CollapseFitter.Fit(powerData, new BktCollapseForm(), options), CollapseFitter.Fit(powerData, new PowerLawCollapseForm(), options));
        Assert.Equal("bkt", onBkt.Winner);
        Assert.True(onBkt.Ratio < 1 / 3.0, $"BKT data: S(bkt)/S(power) = {onBkt.Ratio}");
        Assert.Equal("power", onPower.Winner);
        Assert.True(onPower.Ratio > 10, $"power-law data: S(bkt)/S(power) = {onPower.Ratio}");
        Assert.Equal(ComparisonDecision.Decided, onPower.Decision);
        Assert.Contains("bkt does not collapse the data", onPower.Verdict);
    }

    [Theory]
    [InlineData("mean-field")]
    [InlineData("dp1")]
    [InlineData("dp2")]
    public void DepthTimeCollapseWithClassExponentsFindsTheCriticalPoint(string cls)
    {
        var c = AbsorbingClass.Parse(cls);
        var fit = CollapseFitter.Fit(CollapseTestData.DepthTime(c, 1.4, 4), new AbsorbingDepthTimeForm(c), Quick);
        Within(fit["p_c"], 1.4, 0.01, "p_c");
        Assert.Equal(c.Delta, fit["delta"]);
        Assert.Equal(c.NuParallel, fit["nu_par"]);
        Assert.True(Math.Abs(fit["p_c"] - 1.4) <= 3 * fit.Parameter("p_c").Error + 1e-3, $"p_c = {fit["p_c"]} ± {fit.Parameter("p_c").Error}");
        Assert.InRange(fit.Quality.S, 0.2, 3);
    }

    [Fact]
    public void DepthTimeCollapseWithFreeExponentsRecoversDirectedPercolation()
    {
        var c = AbsorbingClass.DirectedPercolation1D;
        var fit = CollapseFitter.Fit(CollapseTestData.DepthTime(c, 0.6, 5, noise: 0.02), new AbsorbingDepthTimeForm(), Quick with { ProfileErrors = false });
        Within(fit["p_c"], 0.6, 0.01, "p_c");
        Within(fit["delta"], c.Delta, 0.04, "delta");
        Within(fit["nu_par"], c.NuParallel, 0.3, "nu_par");
    }

    [Fact]
    public void PowerLawFormWithDirectedPercolationExponentsFindsTheCriticalPoint()
    {
        // rho = L^(-beta/nu_perp) g((p - p_c) L^(1/nu_perp)) with the 1+1 D exponents; only p_c is fitted.
        var c = AbsorbingClass.DirectedPercolation1D;
        var data = SyntheticData.Grid((l, p) => Math.Pow(l, -c.Beta / c.NuPerp) * (1 + Math.Tanh((p - 0.65) * Math.Pow(l, 1 / c.NuPerp))),
            [16, 32, 64, 128], SyntheticData.Linear(0.6, 0.7, 21), 5, 0.03, 13, multiplicative: true);
        var form = PowerLawCollapseForm.ForClass(c);
        Assert.Equal("power-dp1", form.Name);
        var fit = CollapseFitter.Fit(data, form, Quick);
        Within(fit["p_c"], 0.65, 0.003, "p_c");
        Assert.Equal(c.NuPerp, fit["nu"]);
        Assert.Equal(-c.Beta, fit["zeta"]);
        Assert.InRange(fit.Quality.S, 0.2, 3);
        var meanField = CollapseFitter.Fit(data, PowerLawCollapseForm.ForClass(AbsorbingClass.MeanField), Quick with { BootstrapSamples = 0, ProfileErrors = false });
        Assert.True(meanField.Quality.S > 5 * fit.Quality.S, $"mean-field exponents on DP data: S = {meanField.Quality.S} against {fit.Quality.S}");
    }

    [Fact]
    public void BktFormWithFreeSigmaRecoversTheBktValue()
    {
        var fit = CollapseFitter.Fit(CollapseTestData.Bkt(14, seeds: 8, noise: 0.02), CollapseForms.Create("bkt-free-sigma"), Quick with { BootstrapSamples = 0, ProfileErrors = false });
        Assert.False(fit.Parameter("sigma").Fixed);
        Within(fit["sigma"], 0.5, 0.15, "sigma");
        Within(fit["p_c"], 0.5, 0.03, "p_c");
    }

    [Fact]
    public void FiniteWidthCollapseRecoversMeanFieldExponents()
    {
        var data = CollapseTestData.FiniteWidth(6);
        var free = CollapseFitter.Fit(data, new AbsorbingFiniteSizeForm(), Quick with { ProfileErrors = false });
        Within(free["a"], 1, 0.05, "a");
        Within(free["z"], 1, 0.05, "z");
        var meanField = CollapseFitter.Fit(data, AbsorbingFiniteSizeForm.MeanFieldWidth(), Quick);
        Assert.True(meanField.Parameters.All(p => p.Fixed));
        Assert.InRange(meanField.Quality.S, 0.2, 3);
        var dp = CollapseFitter.Fit(data, AbsorbingFiniteSizeForm.ForClass(AbsorbingClass.DirectedPercolation1D), Quick);
        Assert.True(dp.Quality.S > 5 * meanField.Quality.S, $"DP exponents on mean-field data: S = {dp.Quality.S} against {meanField.Quality.S}");
    }

    [Fact]
    public void BootstrapErrorsAreHonestOverReplicas()
    {
        // 20 independent data sets; the bootstrap error must cover the truth at 2 sigma in at least 80 %.
        int pc = 0, nu = 0;
        for (int r = 0; r < 20; r++)
        {
            var fit = CollapseFitter.Fit(CollapseTestData.PowerLaw(100 + r, seeds: 8), new PowerLawCollapseForm(),
                new CollapseOptions([new ParameterOverride("p_c", 0.5), new ParameterOverride("nu", 1.3), new ParameterOverride("zeta", 0.4)],
                    Starts: 1, BootstrapSamples: 12, Seed: (ulong)r, ProfileErrors: false));
            if (Math.Abs(fit["p_c"] - CollapseTestData.Pc) <= 2 * fit.Parameter("p_c").Error) pc++;
            if (Math.Abs(fit["nu"] - CollapseTestData.Nu) <= 2 * fit.Parameter("nu").Error) nu++;
        }
        Assert.True(pc >= 16, $"p_c covered in {pc}/20");
        Assert.True(nu >= 16, $"nu covered in {nu}/20");
    }

    [Fact]
    public void SPlusOneIntervalsCoverTheTruthOverReplicas()
    {
        int covered = 0;
        var c = AbsorbingClass.DirectedPercolation2D;
        for (int r = 0; r < 20; r++)
        {
            var fit = CollapseFitter.Fit(CollapseTestData.DepthTime(c, 1.0, 200 + r, seeds: 4), new AbsorbingDepthTimeForm(c),
                new CollapseOptions(Starts: 2, BootstrapSamples: 0));
            var p = fit.Parameter("p_c");
            Assert.StartsWith("profile", p.ErrorMethod);
            if (Math.Abs(p.Value - 1.0) <= 2 * p.Error) covered++;
        }
        Assert.True(covered >= 16, $"S + 1 interval covered p_c in {covered}/20");
    }

    [Fact]
    public void FixedAndOverriddenParametersAreRespected()
    {
        var data = CollapseTestData.PowerLaw(7);
        var fit = CollapseFitter.Fit(data, new PowerLawCollapseForm(), new CollapseOptions(
            [new ParameterOverride("nu", 1.3, Fix: true), new ParameterOverride("p_c", Lower: 0.45, Upper: 0.55)], Starts: 4, BootstrapSamples: 0, ProfileErrors: false));
        Assert.Equal(1.3, fit["nu"]);
        Assert.True(fit.Parameter("nu").Fixed);
        Assert.InRange(fit["p_c"], 0.45, 0.55);
        var e = Assert.Throws<UsageException>(() => CollapseFitter.Fit(data, new PowerLawCollapseForm(), new CollapseOptions([new ParameterOverride("beta", 1)])));
        Assert.Contains("p_c, nu, zeta", e.Message);
    }

    [Fact]
    public void SensitivityTableCoversWindowsAndSmallestSizes()
    {
        var data = CollapseTestData.PowerLaw(8);
        var options = new CollapseOptions(Starts: 3, BootstrapSamples: 0, ProfileErrors: false);
        var fit = CollapseFitter.Fit(data, new PowerLawCollapseForm(), options);
        var table = CollapseSensitivity.Table(data, new PowerLawCollapseForm(), fit, options, [1.0, 0.5], maxSizesDropped: 1);
        Assert.Equal(4, table.Count);
        Assert.All(table, row => Assert.Null(row.Failure));
        Assert.Contains(table, r => r.MinSize == 16);
        Assert.True(table[^1].Points < table[0].Points);
        Assert.All(table, row => Within(row.Parameters.First(p => p.Name == "p_c").Value, 0.5, 0.02, "p_c"));
    }

    [Fact]
    public void BadCollapseInputGetsClearMessages()
    {
        var one = new ObservationSet([new Observation(8, 0.1, 1, double.NaN, -1, 2), new Observation(8, 0.2, 2, double.NaN, -1, 3)], [], "one.csv");
        Assert.Contains("only one size", Assert.Throws<UsageException>(() => CollapseFitter.Fit(one, new PowerLawCollapseForm())).Message);
        var few = new ObservationSet([new Observation(8, 0.1, 1, 0.1, -1, 2), new Observation(16, 0.2, 2, 0.1, -1, 3)], [], "few.csv");
        Assert.Contains("fewer points than parameters", Assert.Throws<UsageException>(() => CollapseFitter.Fit(few, new PowerLawCollapseForm())).Message);
        Assert.Contains("unknown collapse form", Assert.Throws<UsageException>(() => CollapseForms.Create("gaussian")).Message);
    }

    [Fact]
    public void QualityIsNearOneForAPerfectFormAndGrowsAwayFromIt()
    {
        var data = CollapseData.From(CollapseTestData.PowerLaw(9, seeds: 10), CurveAxis.Size);
        var q = new CollapseQuality(data, new PowerLawCollapseForm());
        double atTruth = q.Evaluate([0.5, 1.3, 0.4], out int used);
        Assert.InRange(atTruth, 0.4, 2.5);
        Assert.Equal(data.Count, used + data.Count - used); // used is a count of points
        Assert.True(q.Evaluate([0.52, 1.3, 0.4], out _) > 3 * atTruth);
        Assert.True(q.Evaluate([0.5, 2.0, 0.4], out _) > 3 * atTruth);
    }
}
