using Eumentia.Analysis;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;
using Eumentia.Tests.Docs;

namespace Eumentia.Tests.Analysis.Collapse;

/// <summary>
/// The master-curve estimator, the calibration of collapse errors (a small version of the coverage benchmark),
/// the covariance, the comparison's verdicts and the refusal of degenerate input.
/// </summary>
public class CollapseCalibrationTests
{
    static SyntheticCollapse Case(string name, double step = 0.02) => SyntheticCollapse.Benchmark(step).Single(c => c.Name == $"{name}-{(step >= 0.01 ? "coarse" : "fine")}");

    [Fact]
    public void CubicMasterCurveScoresTheTruthNearOneOnACoarseGridWhereTheLineDoesNot()
    {
        var c = Case("power");
        var data = CollapseData.From(c.Replica(3), CurveAxis.Size);
        double[] truth = [0.5, 1.3, 0.4];
        double cubic = new CollapseQuality(data, c.Form, MasterCurve.Cubic).Evaluate(truth, out _);
        double linear = new CollapseQuality(data, c.Form, MasterCurve.Linear).Evaluate(truth, out _);
        Assert.InRange(cubic, 0.5, 2.5);
        Assert.True(linear > 2.5 * cubic, $"linear S = {linear}, cubic S = {cubic}");
    }

    [Fact]
    public void CoverageOfTheErrorsHoldsOnCoarseReplicas()
    {
        // A few replicas of the benchmark's power-law case: a collapse of coverage (errors too small, or a biased
        // master curve) shows as the truth outside 2 sigma in most replicas. The full benchmark (100 replicas per
        // case, docs/analysis/collapse-coverage.md) measures 99 % here.
        var r = CollapseCoverage.Measure(Case("power"), 10, new CollapseOptions(Starts: 3, BootstrapSamples: 16, ProfileErrors: false));
        Assert.Equal(0, r.Failed);
        Assert.InRange(r.MeanS, 0.5, 2.5);
        foreach (var p in r.Parameters)
        {
            Assert.True(p.Within2 >= 0.8, $"{p.Name}: truth within 2 sigma in {p.Within2:P0}");
            Assert.InRange(p.ScatterOverError, 0.3, 1.5);
        }
        Assert.Equal(10, r.FormWins);
        Assert.Equal(0, r.RivalWins);
    }

    [Fact]
    public void CoverageHoldsForBktWithSigmaFreeOnAFineGrid()
    {
        // The case whose errors were 1.7 times too small while bootstrap replicates were only polished from the data's
        // optimum (S has several minima along the p_c-Delta valley), with the default errors: 2-sigma coverage of p_c and
        // Delta 90-91 % of 100 replicas with each replicate searched from 4 random starts against 60 % with the polish
        // alone, and 71-72 % with the 16-84 % half-width as the spread (docs/analysis/collapse-coverage.md). These 8
        // replicas: p_c within 2 sigma in 38 % with the polish alone.
        var r = CollapseCoverage.Measure(Case("bkt-free-sigma", 0.005), 8, new CollapseOptions(Starts: 2, BootstrapSamples: 12, ProfileErrors: false));
        Assert.Equal(0, r.Failed);
        foreach (var p in r.Parameters.Where(p => p.Name is "p_c" or "Delta"))
        {
            Assert.True(p.Within2 >= 0.75, $"{p.Name}: truth within 2 sigma in {p.Within2:P0}");
            Assert.True(p.ScatterOverError < 1.4, $"{p.Name}: replica scatter {p.ScatterOverError:F2} times the mean error");
        }
    }

    [Fact]
    public void TheTrimmedSpreadIgnoresReplicatesStuckInADistantMinimum()
    {
        // docs/analysis.md's example (4 sizes, 68 points): S has several minima (1 of 12 starts reaches the best), and
        // with replicates searched from random starts a few find their lowest S in a far one: the standard deviation
        // over all replicates gives zeta +- 1.2 where 100 replicas of this shape scatter by 0.06 (power-small), while the
        // bulk of the replicates stays as narrow as the polish alone saw it.
        var data = ObservationSet.FromCsv(CsvTable.Read(Path.Combine(ReadmeCommandsTests.RepoRoot(), "docs", "analysis", "fss-example.csv")),
            new ObservationColumns("L", "order", "p", "seed"));
        var options = new CollapseOptions(ProfileErrors: false);
        var fit = CollapseFitter.Fit(data, new PowerLawCollapseForm(), options);
        var polished = CollapseFitter.Fit(data, new PowerLawCollapseForm(), options with { ReplicateStarts = 0, Spread = ReplicateSpread.StandardDeviation });
        Assert.Equal(polished["zeta"], fit["zeta"]); // errors change, the estimate does not
        // The form comparison's S ratios come from the polish alone, which treats two forms alike: random starts
        // rescue one form's degenerate resample but not the other's, and put 1e7 at the top of the ratio's interval.
        Assert.Equal(polished.BootstrapS, fit.BootstrapS);
        int j = fit.Parameters.ToList().FindIndex(p => p.Name == "zeta");
        var zeta = fit.BootstrapParameters.OfType<double[]>().Select(t => t[j]).Order().ToArray();
        double halfWidth = 0.5 * (BootstrapSummary.Quantile(zeta, 0.84) - BootstrapSummary.Quantile(zeta, 0.16)), median = BootstrapSummary.Quantile(zeta, 0.5);
        Assert.True(zeta.Count(z => Math.Abs(z - median) > CollapseErrors.CoreHalfWidths * halfWidth) is >= 1 and <= 10, "a few replicates far outside the bulk");
        var e = fit.Parameter("zeta");
        Assert.Contains("within 20 half-widths of the median", e.ErrorMethod);
        double factor = e.Error / CollapseErrors.StandardDeviation(CollapseErrors.Core(fit.BootstrapParameters.OfType<double[]>().ToArray(), [0, 1, 2], fit.Spread).Select(t => t[j]).ToArray());
        Assert.True(factor * CollapseErrors.StandardDeviation(zeta) > 5 * e.Error, $"all replicates {factor * CollapseErrors.StandardDeviation(zeta)}, trimmed {e.Error}");
        Assert.InRange(e.Error / polished.Parameter("zeta").Error, 0.5, 3);
        var cov = fit.Covariance!;
        Assert.Contains("within 20 half-widths", cov.Source);
        for (int a = 0; a < cov.Names.Count; a++)
        {
            Assert.Equal(fit.Parameter(cov.Names[a]).Error * fit.Parameter(cov.Names[a]).Error, cov.Matrix[a][a], 1e-9 * cov.Matrix[a][a]);
            for (int b = 0; b < a; b++) Assert.InRange(cov.Correlation(a, b), -1 + 1e-9, 1 - 1e-9);
        }
    }

    [Fact]
    public void ErrorsAreScaledByTheQualityAndTheCovarianceMatchesThem()
    {
        // Curves whose shape drifts with L (by up to 28 %): S well above 1, so the errors must grow by sqrt(S).
        var c = Case("power");
        var data = SyntheticData.Grid((l, p) => c.Law(l, p) * (1 + 0.5 * Math.Log2(l / 8) * (p - 0.5)), c.Sizes, c.Controls, 5, 0.015, 4, multiplicative: true);
        var fit = CollapseFitter.Fit(data, c.Form, new CollapseOptions(Starts: 3, BootstrapSamples: 16, ProfileErrors: false));
        Assert.True(fit.Quality.S > 1.5, $"S = {fit.Quality.S}");
        var nu = fit.Parameter("nu");
        Assert.Contains("√S", nu.ErrorMethod);
        var core = CollapseErrors.Core(fit.BootstrapParameters.OfType<double[]>().ToArray(), [0, 1, 2], fit.Spread);
        Assert.Equal(CollapseErrors.StandardDeviation(core.Select(t => t[1]).ToArray()) * Math.Sqrt(fit.Quality.S) * Math.Sqrt(5 / 4.0), nu.Error, 12);
        var cov = fit.Covariance!;
        Assert.Equal(["p_c", "nu", "zeta"], cov.Names);
        for (int a = 0; a < 3; a++)
        {
            Assert.Equal(fit.Parameter(cov.Names[a]).Error * fit.Parameter(cov.Names[a]).Error, cov.Matrix[a][a], 1e-9 * cov.Matrix[a][a]);
            for (int b = 0; b < 3; b++)
            {
                Assert.Equal(cov.Matrix[a][b], cov.Matrix[b][a]);
                Assert.InRange(cov.Correlation(a, b), -1 - 1e-12, 1 + 1e-12);
            }
        }
        var old = CollapseFitter.Fit(data, c.Form, new CollapseOptions(Starts: 3, BootstrapSamples: 16, ProfileErrors: false, Master: MasterCurve.Linear));
        Assert.Equal(old.Parameter("nu").Bootstrap!.StandardError, old.Parameter("nu").Error, 12); // the old estimator keeps its unscaled errors
    }

    [Fact]
    public void ComparisonSaysNeitherWhenNoFormCollapsesAndUndecidedWhenTheRatioStraddlesOne()
    {
        var c = Case("power");
        // Every other size shifted by 20 %: no exponent undoes an additive step between neighbouring curves.
        var broken = SyntheticData.Grid((l, p) => c.Law(l, p) + 0.2 * (Math.Log2(l) % 2), c.Sizes, c.Controls, 5, 0.015, 5, multiplicative: true);
        var options = new CollapseOptions(Starts: 3, BootstrapSamples: 16, ProfileErrors: false);
        var neither = CollapseComparison.Compare(CollapseFitter.Fit(broken, new PowerLawCollapseForm(), options), CollapseFitter.Fit(broken, new BktCollapseForm(), options));
        Assert.Equal(ComparisonDecision.NeitherCollapses, neither.Decision);
        Assert.StartsWith("neither form collapses the data", neither.Verdict);

        // The same form fitted twice: the paired bootstrap ratio is exactly 1 in every replicate, so undecided.
        var data = c.Replica(6);
        var a = CollapseFitter.Fit(data, c.Form, options);
        var same = CollapseComparison.Compare(a, a);
        Assert.Equal(ComparisonDecision.Undecided, same.Decision);
        Assert.Equal(16, same.RatioSamples);
        Assert.Equal(1, same.RatioLow);
        Assert.Equal(1, same.RatioHigh);

        var rival = CollapseComparison.Compare(a, CollapseFitter.Fit(data, new BktCollapseForm(), options));
        Assert.Equal(ComparisonDecision.Decided, rival.Decision);
        Assert.True(rival.RatioHigh < 1, $"interval [{rival.RatioLow}, {rival.RatioHigh}]");
    }

    [Fact]
    public void DegenerateInputIsRefusedWithTheProblemNamed()
    {
        var c = Case("power");
        var constant = SyntheticData.Grid((_, _) => 0.7, c.Sizes, c.Controls, 3, 0, 0);
        Assert.Contains("constant data have no shape to collapse", Assert.Throws<UsageException>(() => CollapseFitter.Fit(constant, c.Form)).Message);
        var bkt = Case("bkt").Replica(0);
        var e = Assert.Throws<UsageException>(() => CollapseFitter.Fit(bkt, new BktCollapseForm(), new CollapseOptions([new ParameterOverride("L0", 8, Fix: true)])));
        Assert.Contains("L0 is fixed at 8, at or above the smallest size 8", e.Message);
        e = Assert.Throws<UsageException>(() => CollapseFitter.Fit(bkt, new BktCollapseForm(), new CollapseOptions([new ParameterOverride("L0", Lower: 1, Upper: 20)])));
        Assert.Contains("L0 may reach 20", e.Message);
    }

    /// <summary>The power form with a parameter S does not depend on.</summary>
    sealed class IdleParameterForm : ICollapseForm
    {
        readonly PowerLawCollapseForm power = new();
        public string Name => "idle";
        public string Description => "power law and an unused parameter";
        public string XLabel => power.XLabel;
        public string YLabel => power.YLabel;
        public IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data) => [.. power.DefaultParameters(data), new CollapseParameter("unused", 0.3, 0, 1)];
        public bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> p, out double x, out double y, out double dy) =>
            power.TryScale(size, control, value, error, p, out x, out y, out dy);
    }

    [Fact]
    public void AParameterSDoesNotDependOnIsReportedAsMeaningless()
    {
        var fit = CollapseFitter.Fit(Case("power").Replica(1), new IdleParameterForm(), new CollapseOptions(Starts: 1, BootstrapSamples: 0, ProfileErrors: false));
        Assert.False(fit.Convergence.Interior);
        Assert.Contains("S does not depend on unused = ", fit.Convergence.Message);
        Assert.DoesNotContain("interior optimum", fit.Convergence.Message);
    }

    [Fact]
    public void QualityMapHasItsMinimumAtTheOptimumAndRefusesFixedParameters()
    {
        var c = Case("power");
        var data = c.Replica(2);
        var options = new CollapseOptions(Starts: 3, BootstrapSamples: 8, ProfileErrors: false);
        var fit = CollapseFitter.Fit(data, c.Form, options);
        var map = CollapseQualityMap.Scan(data, c.Form, fit, "nu", "p_c", 11, options);
        Assert.Equal(11, map.X.Count);
        Assert.Equal(fit.Quality.S, map.S[5, 5], 9); // the centre cell is the optimum itself
        double min = double.PositiveInfinity;
        foreach (double v in map.S) min = Math.Min(min, v);
        Assert.True(min >= fit.Quality.S - 0.05 * fit.Quality.S, $"map minimum {min} below the fit's S {fit.Quality.S}");
        Assert.True(map.S[0, 0] > fit.Quality.S && map.S[10, 10] > fit.Quality.S);
        var fixedNu = CollapseFitter.Fit(data, c.Form, options with { Overrides = [new ParameterOverride("nu", 1.3, Fix: true)] });
        Assert.Contains("nu is fixed", Assert.Throws<UsageException>(() => CollapseQualityMap.Scan(data, c.Form, fixedNu, "nu", "p_c", 5, options)).Message);
    }
}
