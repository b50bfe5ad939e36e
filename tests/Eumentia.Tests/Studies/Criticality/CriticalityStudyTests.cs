using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;
using Eumentia.Studies.Criticality;
using Eumentia.Studies;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Studies.Criticality;

public class CriticalityStudyTests
{
    /// <summary>The tiny preset: every stage runs, none of it means much.</summary>
    static CriticalitySpec Tiny(bool training) => CriticalitySpec.Tiny with { Training = CriticalitySpec.Tiny.Training with { Enabled = training } };

    /// <summary>Runs the study into <paramref name="dir"/> (two workers), then returns its results as the analysis reads them from the runs.</summary>
    static CriticalityResults Run(CriticalitySpec spec, string dir)
    {
        StudyRunner.Run(new CriticalityStudy(), spec, dir, new StudyRunOptions(2));
        var ledger = new RunLedger(SweepDirectory.Open(Path.Combine(dir, StudyDirectory.RunsFolder), false), new WorkerOptions().HeartbeatTimeout);
        return CriticalityStudy.Analyse(spec, new StudyContext(dir, new LedgerRunSource(ledger, true, () => "analysis"), true, TextWriter.Null, null, null, default));
    }

    static IEnumerable<string> ProbeConfigs(string dir) =>
        Directory.GetDirectories(Path.Combine(dir, StudyDirectory.RunsFolder)).Select(d => Path.Combine(d, "config.json")).Where(File.Exists)
            .Where(path => File.ReadAllText(path).Contains("\"initial_rho\""));

    /// <summary>The quick and standard presets train on the shipped mnist-10k: their sizes must fit its pool.</summary>
    [Theory]
    [InlineData("quick")]
    [InlineData("standard")]
    public void PresetTrainingFitsTheShippedData(string preset) =>
        CriticalityStudy.CheckTrainingData(CriticalitySpec.ForPreset(preset).Training, dataDir: null);

    [Fact]
    public void ATrainingSizeTheDataCannotSupplyStopsTheStudyBeforeAnyProbe()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-criticality-" + Guid.NewGuid().ToString("N"));
        try
        {
            var spec = Tiny(training: true);
            spec = spec with { Training = spec.Training with { TrainSize = 9000 } };
            var error = Assert.Throws<UsageException>(() => Run(spec, dir));
            Assert.Contains("training set size 9000 exceeds the pool", error.Message);
            Assert.Empty(Directory.GetDirectories(Path.Combine(dir, StudyDirectory.RunsFolder))); // no probe planned before the training data was checked
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void TinyStudyWritesEveryTableAndTheReportAndResumesFromItsRuns()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-criticality-" + Guid.NewGuid().ToString("N"));
        try
        {
            var spec = Tiny(training: true);
            var first = Run(spec, dir);
            var files = CriticalityOutputs.Write(first, dir);
            foreach (var name in new[] { "critical_line.csv", "phase_diagram.csv", "exponents.csv", "exponents.json", "scans.csv", "curves.csv", "training.csv", "report.html", "summary.json" })
                Assert.Contains(name, files);
            foreach (var stem in new[] { "phase-diagram", "rho-theory", "training-map", "training-lines" })
                Assert.True(File.Exists(Path.Combine(dir, "figures", stem + ".pdf")), stem);
            // MLP sizes are widths N; lattice sides are L; exponents are superscripts, not carets.
            var collapse = File.ReadAllText(Path.Combine(dir, "figures", "collapse-mlp.svg"));
            Assert.Contains("N = 8", collapse);
            Assert.DoesNotContain("L = 8", collapse);
            Assert.DoesNotContain("^", collapse);
            using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json"))))
                Assert.Equal(first.SigmaC, summary.RootElement.GetProperty("values").GetProperty("sigma_w_critical").GetDouble());
            Eumentia.Tests.Reports.BrowserCheck.AssertClean(Path.Combine(dir, "report.html"));
            Interop.ColumnDictionary.AssertDescribes(dir);
            Assert.Equal(4 * 3, first.Exponents.Count); // infinite width, MLP, 1-D CNN shared and local × (δ, β, ν∥)
            Assert.Equal(["mlp-infinite-width", "mlp", "cnn1d", "cnn1d-local"], first.Verdicts.Select(v => v.Architecture));
            // The local CNN's ν∥ comes from its own ordered-side scan, the shared one's from its fine scan; both at the adopted σ_c.
            Assert.StartsWith("ordered decay length at sigma_c (1 - eps)", first.Exponents.Single(r => r.Architecture == "cnn1d-local" && r.Exponent == "nu_par").Source);
            Assert.StartsWith("ordered decay length of the fine scan's", first.Exponents.Single(r => r.Architecture == "cnn1d" && r.Exponent == "nu_par").Source);
            // One critical point per CNN: the decay, the collapse, β and the ordered scan all use the adopted σ_c.
            foreach (var scan in first.Scans.Where(s => s.Architecture.StartsWith("cnn")))
            {
                var adopted = scan.Adopted ?? throw new Xunit.Sdk.XunitException($"{scan.Architecture} has no adopted sigma_c");
                double sigmaC = adopted.SigmaC.Value;
                Assert.Equal(sigmaC, first.Decays.Single(d => d.Architecture == scan.Architecture).SigmaW);
                Assert.Equal(sigmaC, first.Collapses.Single(c => c.Architecture == scan.Architecture).SigmaW);
                foreach (var exponent in new[] { "beta", "nu_par" })
                    Assert.Contains(FormattableString.Invariant($"sigma_c = {adopted.SigmaC}"), first.Exponents.Single(r => r.Architecture == scan.Architecture && r.Exponent == exponent).Source);
            }
            var local = first.Scans.Single(s => s.Architecture == "cnn1d-local").Adopted!.SigmaC.Value;
            var orderedSigmas = ProbeConfigs(dir)
                .Select(path => JsonSerializer.Deserialize<ProbeConfig>(File.ReadAllText(path), JsonDefaults.Options)!)
                .Where(c => c.LocalFilters && c.Depth == 200).Select(c => c.SigmaW).Order().ToArray();
            Assert.Equal(spec.Cnns[1].OrderedOffsets.OrderDescending().Select(eps => local * (1 - eps)), orderedSigmas);
            Assert.Single(first.Training);
            Assert.InRange(first.Training[0].TestAccuracy, 0.0, 1.0);
            string html = File.ReadAllText(Path.Combine(dir, "report.html"));
            Assert.True(html.Split("<svg").Length - 1 >= 6, "report should hold the figures inline");
            Assert.Contains("cnn1d: shared against local filters", html);
            using (JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "exponents.json")))) { }

            // A second run finds every probe and training run done and reproduces the numbers.
            var second = Run(spec, dir);
            Assert.Equal(first.Scans.Select(s => s.Exponents.SigmaC), second.Scans.Select(s => s.Exponents.SigmaC));
            Assert.Equal(first.Training[0].TestAccuracy, second.Training[0].TestAccuracy);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AUserActivationDrivesTheTheoryAndEveryProbeOfTheStudy()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-criticality-user-" + Guid.NewGuid().ToString("N"));
        try
        {
            var phi = Eumentia.Theory.Activation.Custom("tanh-plus-linear", x => Math.Tanh(x) + 0.1 * x);
            ProbeActivation.Register(phi);
            var result = Run(Tiny(training: false) with { Activation = phi.Name }, dir);
            Assert.Equal("tanh-plus-linear", result.Spec.Activation);
            Assert.Equal(Eumentia.Theory.CriticalLine.SigmaW(phi, 0.3, order: 16), result.SigmaC, 12);
            var configs = ProbeConfigs(dir).ToArray();
            Assert.NotEmpty(configs);
            Assert.All(configs, path => Assert.Contains("\"activation\": \"tanh-plus-linear\"", File.ReadAllText(path)));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ProbeRunsRoundTripThroughTheirDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = new ProbeConfig { Width = 8, Depth = 5, Draws = 3, Pairs = 2 };
            var written = ProbeRun.Execute(config, dir);
            var loaded = ProbeRun.TryLoad(config, dir);
            Assert.NotNull(loaded);
            for (int d = 0; d < 3; d++) Assert.Equal(written.PerDraw[d], loaded.PerDraw[d]);
            Assert.Null(ProbeRun.TryLoad(config with { SigmaW = 2.0 }, dir));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PresetsCompareSharedAndLocalFiltersOnTheSameOneDimensionalLattice()
    {
        foreach (var spec in new[] { CriticalitySpec.Quick, CriticalitySpec.Standard, CriticalitySpec.Paper })
        {
            var shared = spec.Cnns.Single(c => c.Name == "cnn1d");
            var local = spec.Cnns.Single(c => c.Name == "cnn1d-local");
            Assert.Equal(JsonSerializer.Serialize(shared with { Weights = "local" }), JsonSerializer.Serialize(local));
            // Local filters are sampled as pre-activations (their exact law, far cheaper); shared ones can only be drawn.
            Assert.Equal(("weights", "preactivations"), (shared.Sampler, local.Sampler));
            // MLP probes carry one pair per network, so they are sampled too (the sampler refuses more).
            Assert.Equal(("preactivations", 1), (spec.Mlp.Sampler, spec.Mlp.Pairs));
        }
        var onlyLocal = CriticalitySpec.Quick.WithCnnWeights("local");
        Assert.Equal(["cnn1d-local", "cnn2d-local"], onlyLocal.Cnns.Select(c => c.Name));
        Assert.Equal(["cnn1d", "cnn2d"], CriticalitySpec.Quick.WithCnnWeights("shared").Cnns.Select(c => c.Name));
    }

    [Fact]
    public void TheSamplerSettingReachesMlpsAndLocalFiltersButNotSharedOnes()
    {
        var drawn = CriticalitySpec.Quick.WithSampler("Weights");
        Assert.Equal("weights", drawn.Mlp.Sampler);
        Assert.All(drawn.Cnns, c => Assert.Equal("weights", c.Sampler));
        var sampled = drawn.WithSampler("preactivations");
        Assert.Equal(("preactivations", "weights", "preactivations"),
            (sampled.Mlp.Sampler, sampled.Cnns.Single(c => c.Name == "cnn1d").Sampler, sampled.Cnns.Single(c => c.Name == "cnn1d-local").Sampler));
        Assert.Throws<UsageException>(() => CriticalitySpec.Quick.WithSampler("exact"));
    }

    [Fact]
    public void ASpreadThatDoesNotShrinkWithTheLatticeQualifiesTheVerdictWithoutReplacingIt()
    {
        var dp = Verdict("DP 1+1 D", consistent: true);
        DecayOutcome Decay(double spreadLarge) => new("cnn1d", "1-D CNN", 1.45, 512, 1e4, 8, 1000, new Estimate(0.16, 0.01), [], 32,
            [(64.0, 2.0), (512.0, spreadLarge)]);
        var shared = CriticalityStudy.WithSelfAveraging(dp, Decay(2.06));
        // The exponents' verdict stands (consistent stays theirs); the self-averaging check is recorded beside it.
        Assert.True(shared.Consistent);
        Assert.False(shared.SelfAverages);
        Assert.StartsWith(dp.Text + "; qualified: the spread of ln rho over draws at layer 32 changes by x1.03 from L = 64 to 512 (local noise: x0.35)", shared.Text);
        Assert.Contains("one random gain per layer for the whole lattice", shared.Text);
        Assert.EndsWith("the DP 1+1 D match may be a coincidence of the window, not the class", shared.Text);
        // Multiplicative noise presupposes local noise too.
        Assert.EndsWith("the MN 1+1 D match may be a coincidence of the window, not the class",
            CriticalityStudy.WithSelfAveraging(Verdict("MN 1+1 D", consistent: false), Decay(2.06)).Text);
        // The same exponents on a lattice whose spread falls like local noise keep their verdict.
        var local = CriticalityStudy.WithSelfAveraging(dp, Decay(0.75));
        Assert.True(local.Consistent);
        Assert.True(local.SelfAverages);
        Assert.StartsWith(dp.Text, local.Text);
        Assert.EndsWith("it self-averages like local noise", local.Text);
        // A verdict that is not DP keeps its consistency and its text, qualified by the spread.
        var meanField = CriticalityStudy.WithSelfAveraging(Verdict("mean field", consistent: true), Decay(2.06));
        Assert.True(meanField.Consistent);
        Assert.StartsWith("consistent with mean field", meanField.Text);
        Assert.Contains("does not self-average", meanField.Text);
    }

    static Verdict Verdict(string closest, bool consistent) =>
        new("cnn1d", closest, consistent, [1, 1, 1], $"consistent with {closest} (mean z²: ...)");

    [Fact]
    public void ProbeKeysIgnoreDefaultsAndSeeEveryChange()
    {
        var config = new ProbeConfig();
        Assert.Equal(ProbeRun.Key(config), ProbeRun.Key(new ProbeConfig { Width = 256 }));
        Assert.NotEqual(ProbeRun.Key(config), ProbeRun.Key(config with { Width = 128 }));
        Assert.NotEqual(ProbeRun.Key(config), ProbeRun.Key(config with { Seed = 1 }));
        Assert.Equal(16, ProbeRun.Key(config).Length);
        // Shared filters are the default: stating them leaves a CNN probe's key (and its old runs) as it was.
        var cnn = new ProbeConfig { Architecture = "cnn1d", Width = 8, Size = 256 };
        Assert.Equal(ProbeRun.Key(cnn), ProbeRun.Key(cnn with { Weights = "shared" }));
        Assert.NotEqual(ProbeRun.Key(cnn), ProbeRun.Key(cnn with { Weights = "local" }));
    }

    [Fact]
    public void ClassExponentsObeyTheScalingRelationDeltaEqualsBetaOverNuParallel()
    {
        // The table's literature values (DP 1+1 D: Jensen 1999; 2+1 D: Grassberger & Zhang 1996, Voigt & Ziff 1997)
        // are measured independently; δ = β/ν∥ must hold to their quoted digits, which catches a mistyped one.
        // A class known to a few per cent (multiplicative noise) must obey it within its quoted errors.
        foreach (var c in Eumentia.Analysis.Collapse.AbsorbingClass.All)
        {
            double ratio = c.Beta / c.NuParallel;
            double allowed = Math.Max(5e-4 * c.Delta, 2 * Math.Sqrt(c.DeltaError * c.DeltaError + Math.Pow(ratio * c.BetaError / c.Beta, 2) + Math.Pow(ratio * c.NuParallelError / c.NuParallel, 2)));
            Assert.True(Math.Abs(c.Delta - ratio) < allowed, $"{c.Name}: delta {c.Delta} vs beta/nu_par {ratio}");
        }
        var mn = Eumentia.Analysis.Collapse.AbsorbingClass.MultiplicativeNoise1D;
        Assert.Equal(1.53, mn.NuParallel / mn.NuPerp, 2); // z, KPZ's 3/2 within its error
        Assert.Same(mn, Eumentia.Analysis.Collapse.AbsorbingClass.Parse("mn1"));
        Assert.Equal(1.5807, Eumentia.Analysis.Collapse.AbsorbingClass.DirectedPercolation1D.NuParallel / Eumentia.Analysis.Collapse.AbsorbingClass.DirectedPercolation1D.NuPerp, 4);
    }

    [Fact]
    public void VerdictPicksTheClassTheExponentsMatch()
    {
        var dp = Eumentia.Analysis.Collapse.AbsorbingClass.DirectedPercolation1D;
        var rows = new[] { ("delta", dp.Delta), ("beta", dp.Beta), ("nu_par", dp.NuParallel) }
            .Select(e => new ExponentRow("cnn1d", e.Item1, new Estimate(e.Item2 * 1.03, 0.01), "synthetic", Eumentia.Analysis.Collapse.AbsorbingClass.All.Select(c => ExponentTable.Value(c, e.Item1)).ToArray())).ToArray();
        var verdict = ExponentTable.Judge("cnn1d", rows);
        Assert.Equal("DP 1+1 D", verdict.Closest);
        Assert.True(verdict.Consistent);
        var meanField = rows.Select(r => r with { Measured = new Estimate(1.0, 0.02) }).ToArray();
        Assert.Equal("mean field", ExponentTable.Judge("cnn1d", meanField).Closest);
        // A 1-D lattice near the 2+1 D values is not in that class: among its candidates nothing fits.
        var dp2 = Eumentia.Analysis.Collapse.AbsorbingClass.DirectedPercolation2D;
        var twoD = rows.Select(r => r with { Measured = new Estimate(ExponentTable.Value(dp2, r.Exponent), 0.01) }).ToArray();
        Assert.Equal("DP 2+1 D", ExponentTable.Judge("cnn1d", twoD).Closest);
        var restricted = ExponentTable.Judge("cnn1d", twoD, [Eumentia.Analysis.Collapse.AbsorbingClass.MeanField, dp]);
        Assert.NotEqual("DP 2+1 D", restricted.Closest);
        Assert.False(restricted.Consistent);
        Assert.Contains("DP 2+1 D and MN 1+1 D left out by rule", restricted.Text);
        Assert.Contains("although DP 2+1 D (mean z² 0.00) fits the exponents better than", restricted.Text);
        // Inconclusive still says what is ruled out: δ a little below mean field (z² ≈ 3) and far from DP 1+1 D.
        Estimate OnlyDelta(string exponent, double delta) => exponent == "delta" ? new Estimate(delta, 0.01) : new Estimate(double.NaN, double.NaN);
        var near = rows.Select(r => r with { Measured = OnlyDelta(r.Exponent, 0.82) }).ToArray();
        var judged = ExponentTable.Judge("cnn1d", near, [Eumentia.Analysis.Collapse.AbsorbingClass.MeanField, dp]);
        Assert.True(judged.Consistent);
        var between = rows.Select(r => r with { Measured = OnlyDelta(r.Exponent, 0.75) }).ToArray();
        var none = ExponentTable.Judge("cnn1d", between, [Eumentia.Analysis.Collapse.AbsorbingClass.MeanField, dp]);
        Assert.False(none.Consistent);
        Assert.StartsWith("no class fits", none.Text);
        Assert.Contains("closest is mean field", none.Text);
    }

    [Fact]
    public void EveryCandidateClassIsJudgedSideBySideWithItsOwnError()
    {
        var classes = Eumentia.Analysis.Collapse.AbsorbingClass.All;
        var mf = Eumentia.Analysis.Collapse.AbsorbingClass.MeanField;
        var dp = Eumentia.Analysis.Collapse.AbsorbingClass.DirectedPercolation1D;
        var mn = Eumentia.Analysis.Collapse.AbsorbingClass.MultiplicativeNoise1D;
        IReadOnlyList<Eumentia.Analysis.Collapse.AbsorbingClass> candidates = [mf, dp, mn];
        ExponentRow[] Measured(double delta, double beta, double nu, double error) =>
            [ExponentTable.Row("cnn1d-local", "delta", new Estimate(delta, error), "synthetic"),
             ExponentTable.Row("cnn1d-local", "beta", new Estimate(beta, error), "synthetic"),
             ExponentTable.Row("cnn1d-local", "nu_par", new Estimate(nu, error), "synthetic")];
        // The class value's literature error widens its z: β = 1.55 is 1.5σ from MN's 1.70 ± 0.05 with it, 1.9σ without.
        Assert.Equal(-0.15 / Math.Sqrt(0.02 * 0.02 + 0.05 * 0.05 + 0.17 * 0.17), ExponentTable.Z(new Estimate(1.55, 0.02), mn, "beta"), 12);
        // MN's exponents measured precisely: consistent with MN, mean field and DP excluded.
        var atMn = ExponentTable.Judge("cnn1d-local", Measured(mn.Delta, mn.Beta, mn.NuParallel, 0.03), candidates);
        Assert.True(atMn.Consistent);
        Assert.Equal("MN 1+1 D", atMn.Closest);
        Assert.StartsWith("consistent with MN 1+1 D, mean field and DP 1+1 D excluded", atMn.Text);
        Assert.Equal(["excluded", "excluded", "left out by rule", "consistent"], atMn.ClassStatus);
        // δ alone near 1.05 with a large error cannot tell mean field from MN (δ = 1 and 1.10): undecided at this size.
        var onlyDelta = new[] { ExponentTable.Row("cnn1d-local", "delta", new Estimate(1.05, 0.1), "synthetic") };
        var undecided = ExponentTable.Judge("cnn1d-local", onlyDelta, candidates);
        Assert.False(undecided.Consistent);
        Assert.StartsWith("undecided at this size between", undecided.Text);
        Assert.Contains("DP 1+1 D excluded", undecided.Text);
        Assert.Equal(["undecided", "excluded", "left out by rule", "undecided"], undecided.ClassStatus);
        // The per-architecture table shows every class's value, z, mean z² and standing, then the verdict.
        string table = ExponentTable.Markdown("1-D CNN, local filters", Measured(mn.Delta, mn.Beta, mn.NuParallel, 0.03), atMn);
        Assert.Contains("| exponent | measured | mean field: value (z) | DP 1+1 D: value (z) | DP 2+1 D: value (z) | MN 1+1 D: value (z) |", table);
        Assert.Contains($"| beta | {new Estimate(1.7, 0.03)} |", table);
        Assert.Contains("1.7 ± 0.05 (+0.0)", table);
        Assert.Contains("| standing | | excluded | excluded | left out by rule | consistent |", table);
        Assert.Contains("Verdict: consistent with MN 1+1 D", table);
        Assert.Equal(classes.Count, atMn.ChiSquarePerExponent.Count);
    }

    [Fact]
    public void TheDecidePresetRunsEveryChannelCountWithSharedAndLocalFiltersUnderNamesOfTheirOwn()
    {
        var decide = CriticalitySpec.ForPreset("decide");
        var names = decide.Cnns.Select(c => c.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal(["cnn1d-c2", "cnn1d-c2-local", "cnn1d-c8", "cnn1d-c8-local", "cnn1d-c32", "cnn1d-c32-local",
            "cnn2d-c8", "cnn2d-c8-local", "cnn2d-c32", "cnn2d-c32-local"], names);
        Assert.False(decide.Training.Enabled);
        // The window and the depths stay inside the finite-size time of DP (and of MN, whose z is smaller).
        Assert.All(decide.Cnns, c => Assert.True(c.DecayDepth < 0.3 * c.FiniteSizeTime(c.ScanSize), $"{c.Name}: decay depth {c.DecayDepth}"));
        // Without a tag a CNN keeps the name earlier studies wrote.
        Assert.Equal(["cnn1d", "cnn1d-local", "cnn2d"], CriticalitySpec.Quick.Cnns.Select(c => c.Name));
    }

    [Fact]
    public void OneDimensionalCnnsAreJudgedAgainstMultiplicativeNoiseAndTwoDimensionalOnesWithoutIt()
    {
        var mn = Eumentia.Analysis.Collapse.AbsorbingClass.MultiplicativeNoise1D;
        Assert.Contains(mn, new CnnStudy { Dimensions = 1 }.Candidates);
        Assert.DoesNotContain(mn, new CnnStudy { Dimensions = 2 }.Candidates);
        Assert.Contains(Eumentia.Analysis.Collapse.AbsorbingClass.DirectedPercolation2D, new CnnStudy { Dimensions = 2 }.Candidates);
    }

    /// <summary>
    /// The tiny preset from its command line: planned, killed part way, resumed, analysed. The MLP scan's σ_c lands near
    /// the mean-field value, the exponent table and the verdicts cover every architecture, and the three stages ran.
    /// </summary>
    [Fact]
    public void TinyPresetSurvivesAKillAndFindsTheMlpCriticalPointNearMeanField()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-criticality-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (resumed, analysed) = StudyKillResume.Run(["criticality"], "tiny", dir, killAfter: 8);
            double meanField = Eumentia.Theory.CriticalLine.SigmaW(Eumentia.Theory.Activation.Tanh, 0.3, order: 16);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            Assert.Equal(meanField, summary.RootElement.GetProperty("values").GetProperty("sigma_w_critical").GetDouble(), 12);
            Assert.Contains("sigma_w,c (mean field) = " + meanField.ToString("F6", System.Globalization.CultureInfo.InvariantCulture), analysed);
            // The MLP scan (σ_w at 0.8, 0.9, 1.1, 1.2 × mean field) brackets its transition between the ordered and the
            // settled curves nearest mean field.
            var mlp = Run(CriticalitySpec.Tiny, dir).Scans.Single(s => s.Architecture == "mlp").Exponents.SigmaC;
            Assert.InRange(mlp.Value, 0.9 * meanField, 1.1 * meanField);
            // Its phases: below mean field ρ has died by three decades at the last layer (ρ₀ = 1), above it stays active. At the
            // critical point itself ρ_l ≈ 1/(κ l) ≈ 0.07 here, so probes off by a tenth in σ_w either way fail one side.
            var scan = ProbeConfigs(dir).Select(path => JsonSerializer.Deserialize<ProbeConfig>(File.ReadAllText(path), JsonDefaults.Options)!)
                .Where(c => c.Architecture == "mlp" && c.Depth == CriticalitySpec.Tiny.Mlp.ScanDepth)
                .Select(c => (c.SigmaW, Rho: ProbeRun.TryLoad(c, Path.Combine(dir, StudyDirectory.RunsFolder, ProbeRun.Key(c)))!.Mean[^1])).ToArray();
            Assert.Equal(CriticalitySpec.Tiny.Mlp.ScanOffsets.Length, scan.Length);
            Assert.All(scan, p => Assert.True(p.SigmaW < meanField ? p.Rho < 1e-3 : p.Rho > 1e-2, $"rho_60 = {p.Rho} at sigma_w = {p.SigmaW}"));
            // Probes of all three stages: MLP and coarse (1), fine (2), decay, sizes and ordered (3); and the training.
            int probes = ProbeConfigs(dir).Count(), trainings = Directory.GetDirectories(Path.Combine(dir, StudyDirectory.RunsFolder)).Count() - probes;
            var t = CriticalitySpec.Tiny;
            int expected = t.Mlp.Widths.Length + t.Mlp.ScanOffsets.Length
                + t.Cnns.Sum(c => c.CoarseFactors.Length + c.FinePoints + 1 + c.Sizes.Length + (c.RunsOrderedScan ? c.OrderedOffsets.Length : 0));
            Assert.Equal(expected, probes);
            Assert.Equal(1, trainings);
            // The cost estimate sizes exactly the probes the study ran, stage 2 and 3 included, before any ran.
            var estimate = CriticalityCost.Estimate(t);
            Assert.Equal(probes, estimate.Sum(s => s.Runs));
            double ran = ProbeConfigs(dir).Sum(path => ProbeCost.Operations(JsonSerializer.Deserialize<ProbeConfig>(File.ReadAllText(path), JsonDefaults.Options)!));
            Assert.Equal(1.0, estimate.Sum(s => s.Cost.Operations) / ran, 9);
            Assert.Contains("cnn1d-local: ", resumed);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
