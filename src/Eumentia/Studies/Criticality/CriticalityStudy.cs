using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.Data;
using Eumentia.Sweeps;
using Eumentia.Theory;
using Eumentia.Training;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// The edge-of-chaos study on the study contract: the mean-field theory (critical line, phase diagram, exact
/// iterations and their exponents), random-MLP probes (finite-width collapse at σ_w,c, a σ_w scan for σ_c(n), δ, β,
/// ν∥), random-CNN probes in 1-D and 2-D (coarse and fine scans, a finite-size collapse), and training near the
/// boundary. Every probe is a keyed "criticality-probe" run and every training a keyed "train" run, planned in three
/// stages: the MLP probes, the CNNs' coarse scans and the trainings; then each CNN's fine scan across the bracket its
/// coarse scan found; then, at the critical point each fine scan gives, the decay, the finite-size collapse and the
/// ordered-side scan. A user-supplied φ (<see cref="Activation.Custom"/>) is named by the spec's activation once it is
/// registered with <see cref="ProbeActivation.Register"/> in the process that runs the probes.
/// </summary>
public sealed class CriticalityStudy : Study<CriticalitySpec>
{
    public override string Name => "criticality";

    public override string Summary =>
        "Absorbing phase transitions at the edge of chaos: mean-field theory, random MLP and CNN probes, exponents and collapses against mean field and directed percolation, training near the boundary.";

    public override IReadOnlyList<string> PresetNames => CriticalitySpec.PresetNames;

    public override IReadOnlyList<RunKind> RunKinds { get; } = [ProbeRun.Kind, TrainRunKind.Kind];

    public override CriticalitySpec Preset(string name) => CriticalitySpec.ForPreset(name);

    /// <summary>One CNN after its fine scan: the windows, the bracket, the scan's outcome and the critical point adopted.</summary>
    sealed record FineScan(CnnStudy Cnn, ScanWindows Windows, double Low, double High, double Top, ProbeResult[] Fine, ScanOutcome Outcome, AdoptedCriticalPoint Adopted);

    public override StudyOutcome Conduct(CriticalitySpec spec, StudyContext context)
    {
        var results = Analyse(spec, context);
        var files = CriticalityOutputs.Write(results, context.Directory);
        return new StudyOutcome(Path.Combine(context.Directory, "report.html"),
            [FormattableString.Invariant($"sigma_w,c (mean field) = {results.SigmaC:F6}"), .. results.Verdicts.Select(v => $"  {v.Architecture}: {v.Text}"),
                $"wrote {string.Join(", ", files)}"], AnyFailed: false);
    }

    /// <summary>The study's results from its finished runs (<see cref="RunsPending"/> while any it needs is missing).</summary>
    public static CriticalityResults Analyse(CriticalitySpec spec, StudyContext context)
    {
        var activation = ProbeActivation.Resolve(spec.Activation, null);
        CheckTrainingData(spec.Training, context.DataDir);
        var runs = context.Runs;

        var critical = CriticalLine.At(activation, spec.SigmaB, 1.0, spec.Order);
        double sigmaC = critical.SigmaW;
        var offset = TransientOffset(activation, spec, critical);

        var mlp = spec.Mlp;
        ProbeConfig MlpProbe(double sigmaW, int width, int depth, int draws) => mlp.Probe(spec, sigmaW, width, depth, draws, critical.LengthFixedPoint);
        ProbeConfig CnnProbe(CnnStudy cnn, double sigmaW, int size, int depth, int draws) => cnn.Probe(spec, sigmaW, size, depth, draws, critical.LengthFixedPoint);
        var trainings = Trainings(spec, sigmaC, out var trainingNote);

        // Stage 1: everything that needs no probe result.
        context.Stage?.Invoke("MLP probes, CNN coarse scans and trainings");
        var first = new RunBatch(runs);
        var collapseRuns = first.Require(ProbeRun.Kind, mlp.Widths.Select(n => MlpProbe(sigmaC, n, (int)Math.Ceiling(mlp.DepthPerWidth * n), mlp.CollapseDraws)));
        var mlpScanRuns = first.Require(ProbeRun.Kind, mlp.ScanOffsets.Select(o => MlpProbe(sigmaC * (1 + o), mlp.ScanWidth, mlp.ScanDepth, mlp.ScanDraws)));
        var coarseRuns = spec.Cnns.Select(cnn => first.Require(ProbeRun.Kind,
            cnn.CoarseFactors.Order().Select(f => CnnProbe(cnn, sigmaC * f, cnn.ScanSize, cnn.CoarseDepth, cnn.CoarseDraws)))).ToArray();
        var trainingRuns = first.Require(TrainRunKind.Kind, trainings.Select(t => t.Config));
        first.Complete();

        // Stage 2: each CNN's fine scan, across the bracket of its coarse scan.
        context.Stage?.Invoke("CNN fine scans");
        var cnnNotes = spec.Cnns.Select(_ => new List<string>()).ToArray();
        var brackets = new (double Low, double High, double Top, ScanWindows Windows)[spec.Cnns.Length];
        var second = new RunBatch(runs);
        var fineRuns = new IReadOnlyList<FinishedRun>[spec.Cnns.Length];
        for (int c = 0; c < spec.Cnns.Length; c++)
        {
            var cnn = spec.Cnns[c];
            // Coarse scan, only to bracket the transition: from the last σ_w whose mean ρ_l clearly dies
            // (the ordered side) to the first above it that has settled (the active side).
            var (low, high, note) = Bracket(Probes(coarseRuns[c]));
            if (note is not null) cnnNotes[c].Add($"{cnn.Name}: {note}");
            var windows = CnnWindows(cnn, offset);
            // The fine grid runs from the ordered end of the bracket to half its width beyond the active end, so
            // that several settled σ_w carry the extrapolation of ρ* to zero.
            double top = high + 0.5 * (high - low);
            brackets[c] = (low, high, top, windows);
            fineRuns[c] = second.Require(ProbeRun.Kind, Enumerable.Range(0, cnn.FinePoints)
                .Select(i => CnnProbe(cnn, low + (top - low) * i / Math.Max(1, cnn.FinePoints - 1), cnn.ScanSize, cnn.FineDepth, cnn.FineDraws)));
        }
        second.Complete();

        // Stage 3: at each CNN's critical point, the decay, the finite-size collapse and (local filters) the ordered-side scan.
        context.Stage?.Invoke("CNN decays, finite-size collapses and ordered scans");
        var fineScans = new FineScan[spec.Cnns.Length];
        var third = new RunBatch(runs);
        var decayRuns = new IReadOnlyList<FinishedRun>[spec.Cnns.Length];
        var sizeRuns = new IReadOnlyList<FinishedRun>[spec.Cnns.Length];
        var orderedRuns = new IReadOnlyList<FinishedRun>[spec.Cnns.Length];
        for (int c = 0; c < spec.Cnns.Length; c++)
        {
            var cnn = spec.Cnns[c];
            var (low, high, top, windows) = brackets[c];
            var fine = Probes(fineRuns[c]);
            var outcome = Scan(cnn.Name, $"{cnn.Dimensions}-D CNN, {cnn.Weights} filters, {cnn.Channels} channels, size {cnn.ScanSize}", sigmaC, fine, windows, spec.Seed);
            // One critical point for everything below: the decay (δ), the size collapse, β and ν∥ are all read at it, and
            // its error (the other criterion's disagreement included) reaches each of them.
            var adopted = AdoptedCriticalPoint.Choose(outcome.Exponents, low, high, (top - low) / Math.Max(1, cnn.FinePoints - 1));
            fineScans[c] = new FineScan(cnn, windows, low, high, top, fine, outcome with { Adopted = adopted }, adopted);
            double atCritical = adopted.SigmaC.Value;
            decayRuns[c] = third.Require(ProbeRun.Kind, [CnnProbe(cnn, atCritical, cnn.ScanSize, cnn.DecayDepth, cnn.DecayDraws)]);
            sizeRuns[c] = third.Require(ProbeRun.Kind, cnn.Sizes.Select(s => CnnProbe(cnn, atCritical, s, cnn.SizeDepth(s), cnn.CollapseDraws)));
            orderedRuns[c] = cnn.RunsOrderedScan
                ? third.Require(ProbeRun.Kind, cnn.OrderedOffsets.Order().Select(eps => CnnProbe(cnn, atCritical * (1 - eps), cnn.ScanSize, cnn.OrderedDepth, cnn.OrderedDraws)))
                : [];
        }
        third.Complete();

        // Every run is done: the analysis.
        var notes = new List<string>();
        var line = CriticalLine.Trace(activation, spec.LineSigmaB, 1.0, spec.Order);
        var phase = PhaseDiagram(activation, spec);
        var theory = TheoryScan(activation, spec, sigmaC, offset);
        var scans = new List<ScanOutcome>();
        var collapses = new List<CollapseOutcome>();
        var decays = new List<DecayOutcome>();
        // β and ν∥ of each CNN at its adopted critical point, with their sources.
        var atAdopted = new Dictionary<string, ((Estimate Value, string Source) Beta, (Estimate Value, string Source) Nu)>();

        // MLP: finite-width collapse at the mean-field critical point.
        var collapseProbes = Probes(collapseRuns);
        collapses.Add(Collapse("mlp", $"MLP at the mean-field σ_w,c, widths {string.Join(", ", mlp.Widths)}", sigmaC, Analysis.Collapse.AbsorbingClass.MeanField,
            collapseProbes.Select(r => (r.Config.Width, r)).ToArray(), fromLayer: 4, fromScaled: 0.5, spec.Seed, notes));

        // MLP: σ_w scan at one width. The decay (σ_c, δ) is read at depths well below the width, where the
        // network is effectively infinitely wide; the plateau (β) and the ordered decay length (ν∥) far
        // beyond it, where finite width has shifted the transition: their σ_c′ is the finite-width one.
        scans.Add(Scan("mlp", $"MLP width {mlp.ScanWidth}", sigmaC, Probes(mlpScanRuns), MlpWindows(mlp, offset), spec.Seed));

        for (int c = 0; c < spec.Cnns.Length; c++)
        {
            var (cnn, windows, _, _, _, fine, outcome, adopted) = fineScans[c];
            notes.AddRange(cnnNotes[c]);
            scans.Add(outcome);
            double atCritical = adopted.SigmaC.Value;
            var dp = cnn.DirectedPercolation;
            var decayRun = Probes(decayRuns[c])[0];
            var sizes = Probes(sizeRuns[c]);
            collapses.Add(Collapse(cnn.Name, $"{cnn.Dimensions}-D CNN ({cnn.Weights} filters) at its sigma_c, sizes {string.Join(", ", cnn.Sizes)}", atCritical, dp,
                sizes.Select(r => (r.Config.Size, r)).ToArray(), fromLayer: 10, fromScaled: 0.05, spec.Seed, notes));
            decays.Add(Decay(cnn, outcome.Label, decayRun, sizes, spec.Seed, notes, DeltaSensitivity(outcome.Exponents.Rows, atCritical) * adopted.SigmaC.Error));
            var finePoints = fine.Select(r => new ScanPoint(r.Config.SigmaW, r.PerDraw)).ToArray();
            atAdopted[cnn.Name] = (
                (BetaFit.AboveCriticalPoint(finePoints, adopted.SigmaC, windows.PlateauFrom, windows.PlateauTo, seed: spec.Seed),
                    FormattableString.Invariant($"plateau against sigma_w - sigma_c, sigma_c = {adopted.SigmaC}")),
                default);
            // ν∥ from the ordered side of the same σ_c: a locally connected CNN's σ_c lies so close to mean field that its fine
            // scan leaves at most one ordered σ_w, so it gets a scan of its own at σ_c (1 − ε); a shared one uses its fine scan.
            if (cnn.RunsOrderedScan)
            {
                var ordered = Probes(orderedRuns[c]);
                var (nu, lengths) = NuParallelFit.BelowCriticalPoint(ordered.Select(r => new ScanPoint(r.Config.SigmaW, r.PerDraw)).ToArray(), adopted.SigmaC, seed: spec.Seed);
                atAdopted[cnn.Name] = (atAdopted[cnn.Name].Beta, (nu, FormattableString.Invariant(
                    $"ordered decay length at sigma_c (1 - eps), eps = {string.Join("/", cnn.OrderedOffsets.Order())}, against sigma_c - sigma_w (sigma_c = {adopted.SigmaC})")));
                notes.Add($"{cnn.Name}: ordered decay lengths xi_par of the typical rho_l: "
                    + string.Join(", ", ordered.Select((r, k) => FormattableString.Invariant($"{lengths[k]:F1} at sigma_w {r.Config.SigmaW:F4}"))));
            }
            else
            {
                var below = finePoints.Where(p => p.SigmaW < atCritical).ToArray();
                var nu = below.Length >= 2 ? NuParallelFit.BelowCriticalPoint(below, adopted.SigmaC, seed: spec.Seed).NuParallel : Estimate.Missing;
                atAdopted[cnn.Name] = (atAdopted[cnn.Name].Beta, (nu, FormattableString.Invariant(
                    $"ordered decay length of the fine scan's {below.Length} sigma_w below sigma_c, against sigma_c - sigma_w (sigma_c = {adopted.SigmaC})")));
            }
            notes.Add($"{cnn.Name}: sigma_c = {adopted}; delta, beta, nu_par and the collapse are read there.");
        }

        if (trainingNote is not null) notes.Add(trainingNote);
        var training = TrainingPoints(spec, activation, trainings, trainingRuns, notes);

        var rows = new List<ExponentRow>();
        // Infinite width: the critical point is known exactly, so δ is the slope of the exact critical curve.
        // Finite-width MLPs bend away from the power law already at l ~ n/4, so their δ comes from the
        // finite-width collapse (δ = a/b), not from a window of one width.
        var exact = theory.Curves.First(c => c.SigmaW == sigmaC).Mean;
        var theoryWindow = TheoryWindows(spec, offset);
        double exactDelta = -CurveFits.PowerLaw(exact, theoryWindow.PowerFrom, theoryWindow.PowerTo, theoryWindow.TimeOffset).Slope;
        rows.AddRange(ExponentTable.Rows("mlp-infinite-width", theory.Exponents, (new Estimate(exactDelta, 0), "slope of the exact critical curve")));
        foreach (var s in scans)
            rows.AddRange(s.Architecture == "mlp"
                ? ExponentTable.Rows(s.Architecture, s.Exponents, (collapses[0].Result.Delta, "a/z of the finite-width collapse"))
                : decays.FirstOrDefault(d => d.Architecture == s.Architecture) is { } d && atAdopted.TryGetValue(s.Architecture, out var at)
                    ? ExponentTable.Rows(s.Architecture, s.Exponents, (d.Delta, FormattableString.Invariant(
                        $"plateau of delta_eff of rho over all draws at sigma_c = {d.SigmaW:F4}, layers {d.WindowFrom}-{d.WindowTo} (L^z = {d.FiniteSizeTime:F0}); error includes sigma_c's times d delta/d sigma_w")),
                        at.Nu, at.Beta)
                    : ExponentTable.Rows(s.Architecture, s.Exponents));
        var verdicts = rows.Select(r => r.Architecture).Distinct().Select(a => ExponentTable.Judge(a, rows,
            spec.Cnns.FirstOrDefault(c => c.Name == a) is { } cnn ? cnn.Candidates : null))
            .Select(v => decays.FirstOrDefault(d => d.Architecture == v.Architecture) is { } d ? WithSelfAveraging(v, d) : v).ToArray();
        var probeRuns = new[] { collapseRuns, mlpScanRuns }.Concat(coarseRuns).Concat(fineRuns).Concat(decayRuns).Concat(sizeRuns).Concat(orderedRuns).SelectMany(r => r);
        double seconds = probeRuns.Concat(trainingRuns).Sum(StudyFiles.Seconds);
        return new CriticalityResults(spec, activation, sigmaC, critical, line, phase, theory, scans, collapses, decays, training, rows, verdicts, notes, seconds);
    }

    /// <summary>The probes of finished runs, read from their directories.</summary>
    static ProbeResult[] Probes(IReadOnlyList<FinishedRun> runs) =>
        [.. StudyFiles.Succeeded(runs, "probe").Select(r => ProbeRun.TryLoad((ProbeConfig)r.Config, r.Directory)
            ?? throw new EumentiaException($"{r.Directory}: the probe's result is not there; delete the directory to run it again"))];

    /// <summary>
    /// The σ_w bracket of a coarse scan (ascending): low is the last run whose mean ρ_l clearly dies (falls
    /// below the floor, or by more than 20× over its last decade of depth — faster than any absorbing class
    /// decays at criticality), high the first run above it that has settled. A note when a side is missing.
    /// </summary>
    static (double Low, double High, string? Note) Bracket(ProbeResult[] runs)
    {
        bool Dies(ProbeResult r)
        {
            int depth = r.Depth;
            return CurveFits.Dies(r.Mean, depth / 10, depth) || r.Mean[depth] < r.Mean[depth / 10] / 20;
        }
        int last = Array.FindLastIndex(runs, Dies);
        double step = runs.Length > 1 ? runs[1].Config.SigmaW - runs[0].Config.SigmaW : 0.1 * runs[0].Config.SigmaW;
        if (last < 0)
            return (runs[0].Config.SigmaW - step, runs[0].Config.SigmaW, "no coarse sigma_w was clearly ordered; the fine scan starts one step below the scan");
        int first = Enumerable.Range(last + 1, runs.Length - last - 1)
            .FirstOrDefault(k => ScanAnalysis.IsStationary(runs[k].Mean, runs[k].Depth), -1);
        if (first < 0)
            return (runs[last].Config.SigmaW, runs[last].Config.SigmaW + 2 * step, "no coarse sigma_w above the ordered ones had settled; the fine scan extends two steps above the last ordered one");
        return (runs[last].Config.SigmaW, runs[first].Config.SigmaW, null);
    }

    /// <summary>
    /// |dδ/dσ_w| at σ_c from the fine scan: the change of the log-log slope over the decay window between the σ_w that
    /// bracket σ_c (the nearest finite pair), so that σ_c's error becomes δ's; 0 when the scan cannot tell.
    /// </summary>
    public static double DeltaSensitivity(IReadOnlyList<ScanRow> rows, double sigmaC)
    {
        var finite = rows.Where(r => double.IsFinite(r.Slope)).OrderBy(r => r.SigmaW).ToArray();
        var below = finite.LastOrDefault(r => r.SigmaW <= sigmaC);
        var above = finite.FirstOrDefault(r => r.SigmaW > sigmaC);
        if (below is null || above is null) return 0;
        return Math.Abs((above.Slope - below.Slope) / (above.SigmaW - below.SigmaW));
    }

    static PhasePoint[] PhaseDiagram(Activation activation, CriticalitySpec spec)
    {
        int nw = spec.PhaseGridSigmaW, nb = spec.PhaseGridSigmaB;
        var points = new PhasePoint[nw * nb];
        Ensemble.ForEach(points.Length, k =>
        {
            double sigmaW = 0.5 + 2.5 * (k % nw) / Math.Max(1, nw - 1), sigmaB = 1.0 * (k / nw) / Math.Max(1, nb - 1);
            var field = new MeanField(activation, sigmaW, sigmaB, 1.0, spec.Order);
            points[k] = new PhasePoint(sigmaW, sigmaB, field.LengthFixedPoint(), field.Chi1, field.RhoFixedPoint, field.CorrelationDepthScale);
        });
        return points;
    }

    /// <summary>
    /// The transient from ρ₀ = 1 shifts the origin of the critical power law: ρ_l ≈ A (l + t₀)^−δ. The exact
    /// infinite-width iteration gives t₀ at any depth l (finite networks follow it while l ≪ width).
    /// </summary>
    internal static Func<double, double> TransientOffset(Activation activation, CriticalitySpec spec, CriticalPoint critical)
    {
        var criticalCurve = new MeanField(activation, critical.SigmaW, spec.SigmaB, 1.0, spec.Order).Iterate(critical.LengthFixedPoint, 1.0, 4000).Rho;
        return l =>
        {
            int at = (int)Math.Clamp(Math.Round(l), 1, criticalCurve.Count - 1);
            double t0 = Math.Pow(critical.DecayAmplitude / criticalCurve[at], 1 / critical.DecayExponent) - at;
            return double.IsFinite(t0) && t0 > -0.5 * at ? t0 : 0;
        };
    }

    /// <summary>
    /// A CNN scan's windows: every power-law window ends well inside the finite-size time L^z, beyond which a finite
    /// lattice at σ_c dies as a whole and the decay steepens without bound.
    /// </summary>
    internal static ScanWindows CnnWindows(CnnStudy cnn, Func<double, double> offset) =>
        new(cnn.DecayFrom, cnn.WindowTo, 3 * cnn.FineDepth / 4, cnn.FineDepth,
            TimeOffset: offset(Math.Sqrt((double)cnn.DecayFrom * cnn.WindowTo)), CurvatureFrom: cnn.CurvatureFrom);

    /// <summary>The exact infinite-width iteration at σ_c (1 + offset) and the exponents measured from it.</summary>
    internal static ScanWindows MlpWindows(MlpStudy mlp, Func<double, double> offset)
    {
        int from = Math.Max(4, mlp.ScanWidth / 32), to = Math.Max(16, mlp.ScanWidth / 4);
        return new ScanWindows(from, to, 3 * mlp.ScanDepth / 4, mlp.ScanDepth, TimeOffset: offset(Math.Sqrt(from * to)));
    }

    static ScanWindows TheoryWindows(CriticalitySpec spec, Func<double, double> offset)
    {
        int depth = spec.TheoryDepth;
        return new ScanWindows(40, depth / 8, 5 * depth / 6, depth, TimeOffset: offset(Math.Sqrt(40.0 * depth / 8)));
    }

    static ScanOutcome TheoryScan(Activation activation, CriticalitySpec spec, double sigmaC, Func<double, double> offset)
    {
        var offsets = spec.TheoryOffsets.Prepend(0.0).OrderBy(o => o).ToArray();
        var curves = new double[offsets.Length][];
        Ensemble.ForEach(offsets.Length, k =>
        {
            var field = new MeanField(activation, sigmaC * (1 + offsets[k]), spec.SigmaB, 1.0, spec.Order);
            curves[k] = field.Iterate(field.LengthFixedPoint(), 1.0, spec.TheoryDepth).Rho.ToArray();
        });
        var scan = offsets.Select((o, k) => new ScanPoint(sigmaC * (1 + o), [curves[k]])).Where((_, k) => offsets[k] != 0).ToArray();
        var exponents = ScanAnalysis.Analyse(scan, TheoryWindows(spec, offset));
        return new ScanOutcome("mlp-infinite-width", "MLP, infinite width (exact mean-field iteration)", sigmaC, exponents,
            offsets.Select((o, k) => (sigmaC * (1 + o), curves[k], new double[curves[k].Length])).ToArray());
    }

    static ScanOutcome Scan(string architecture, string label, double meanFieldSigmaC, ProbeResult[] runs, ScanWindows windows, ulong seed)
    {
        var exponents = ScanAnalysis.Analyse(runs.Select(r => new ScanPoint(r.Config.SigmaW, r.PerDraw)).ToArray(), windows, seed: seed);
        return new ScanOutcome(architecture, label, meanFieldSigmaC, exponents, runs.Select(r => (r.Config.SigmaW, r.Mean, r.StdErr)).ToArray());
    }

    static CollapseOutcome Collapse(string architecture, string label, double sigmaW, Analysis.Collapse.AbsorbingClass predicted,
        (int Size, ProbeResult Run)[] runs, int fromLayer, double fromScaled, ulong seed, List<string> notes)
    {
        var result = FiniteSizeCollapse.Fit(runs.Select(r => new CollapseCurve(r.Size, r.Run.PerDraw)).ToArray(), predicted, fromLayer, fromScaled,
            seed: seed + 1);
        if (result.Problem is not null) notes.Add($"{architecture} collapse: {result.Problem}");
        return new CollapseOutcome(architecture, label, sigmaW, predicted, result, runs.Select(r => ((double)r.Size, r.Run.Mean, r.Run.StdErr)).ToArray());
    }

    /// <summary>
    /// The decay observables at the critical point, and the self-averaging check: the draw-to-draw spread of
    /// ln ρ at one layer for every size run there (a note says how it scales with the number of sites).
    /// </summary>
    static DecayOutcome Decay(CnnStudy cnn, string label, ProbeResult run, ProbeResult[] sizeRuns, ulong seed, List<string> notes, double criticalPointError)
    {
        var (points, delta) = DecayObservables.Measure(run.PerDraw, cnn.DecayFrom, cnn.WindowTo, seed: seed + 2);
        // The decay runs at one σ_w, so its bootstrap cannot see where σ_c might lie instead: add that in quadrature.
        if (double.IsFinite(criticalPointError) && double.IsFinite(delta.Error))
            delta = delta with { Error = Math.Sqrt(delta.Error * delta.Error + criticalPointError * criticalPointError) };
        int spreadLayer = Math.Min(4 * cnn.DecayFrom, sizeRuns.Append(run).Min(r => r.Depth));
        var spread = sizeRuns.Append(run).GroupBy(r => r.Config.Size).OrderBy(g => g.Key)
            .Select(g => ((double)g.Key, DecayObservables.LogSpread(g.First().PerDraw, spreadLayer))).ToArray();
        if (spread.Length >= 2)
        {
            double smallest = spread[0].Item1, largest = spread[^1].Item1;
            double expected = Math.Pow(largest / smallest, -cnn.Dimensions / 2.0);
            notes.Add(FormattableString.Invariant($"{cnn.Name}: draw-to-draw spread of ln rho at layer {spreadLayer}: ")
                + string.Join(", ", spread.Select(s => FormattableString.Invariant($"{s.Item2:F2} (L = {s.Item1})")))
                + FormattableString.Invariant($"; noise local to each site would shrink it by {expected:F2} from L = {smallest} to {largest}, it changes by {spread[^1].Item2 / spread[0].Item2:F2}."));
        }
        return new DecayOutcome(cnn.Name, label, run.Config.SigmaW, cnn.ScanSize, cnn.FiniteSizeTime(cnn.ScanSize), cnn.DecayFrom, cnn.WindowTo,
            delta, points, spreadLayer, spread);
    }

    /// <summary>
    /// The evidence a verdict on a CNN needs beside its exponents: whether its disorder is local (the draw-to-draw
    /// spread of ln ρ falls as L^{−d/2} with the lattice) or shared by the whole lattice (it does not), since DP and
    /// multiplicative noise both presuppose the former. It qualifies the exponents' verdict and never replaces it: the
    /// verdict and its <see cref="Verdict.Consistent"/> stay the exponents' word, the check is recorded beside them
    /// (<see cref="Verdict.SelfAverages"/>), and a DP or MN match on a lattice whose spread does not shrink is said to
    /// rest on a presupposition the lattice breaks.
    /// </summary>
    internal static Verdict WithSelfAveraging(Verdict v, DecayOutcome d)
    {
        if (d.SpreadBySize.Count < 2) return v;
        var (first, last) = (d.SpreadBySize[0], d.SpreadBySize[^1]);
        int dimensions = d.Architecture.StartsWith("cnn2d") ? 2 : 1;
        double local = Math.Pow(last.Size / first.Size, -dimensions / 2.0), measured = last.LogSpread / first.LogSpread;
        // Halfway (in log) between "falls like local noise" and "does not fall" decides which it is.
        bool selfAverages = measured < Math.Sqrt(local);
        string evidence = FormattableString.Invariant(
            $"spread of ln rho over draws at layer {d.SpreadLayer} changes by x{measured:F2} from L = {first.Size} to {last.Size} (local noise: x{local:F2})");
        if (selfAverages) return v with { Text = v.Text + "; " + evidence + ": it self-averages like local noise", SelfAverages = true };
        bool localNoiseMatch = v.Closest.StartsWith("DP", StringComparison.Ordinal) || v.Closest.StartsWith("MN", StringComparison.Ordinal);
        return v with
        {
            SelfAverages = false,
            Text = v.Text + "; qualified: the " + evidence + ", so it does not self-average (one random gain per layer for the whole lattice: "
                + "disorder shared in space, random in depth), which the local noise of DP and multiplicative noise presupposes"
                + (localNoiseMatch ? $", so the {v.Closest} match may be a coincidence of the window, not the class" : ""),
        };
    }

    /// <summary>One training near the boundary: its grid point and its run's config.</summary>
    sealed record TrainingRun(double Factor, int Depth, int Seed, double SigmaW, TrainConfig Config);

    /// <summary>
    /// The trainings of the grid (σ_w / σ_w,c, depth, seed), none when training is off or the networks lack the
    /// activation (<paramref name="note"/> then says so).
    /// </summary>
    static IReadOnlyList<TrainingRun> Trainings(CriticalitySpec spec, double sigmaC, out string? note)
    {
        var t = spec.Training;
        note = null;
        if (!t.Enabled) return [];
        try { Nets.ActivationKernels.Parse(spec.Activation); }
        catch (UsageException)
        {
            note = $"training skipped: the networks have no '{spec.Activation}' activation";
            return [];
        }
        return [.. from f in t.SigmaWFactors
                   from d in t.Depths
                   from s in Enumerable.Range(0, t.Seeds)
                   let sigmaW = sigmaC * f
                   select new TrainingRun(f, d, s, sigmaW, new TrainConfig
                   {
                       Data = t.Data, TrainSize = t.TrainSize, Width = t.Width, Depth = d, Activation = spec.Activation, Init = "sigma",
                       SigmaW = sigmaW, SigmaB = spec.SigmaB, Epochs = t.Epochs, LearningRate = t.LearningRate, Seed = (ulong)s + spec.Seed,
                   })];
    }

    /// <summary>The trainings' test scores beside the mean-field ξ_c of their σ_w; a diverged one is left out with a note.</summary>
    static IReadOnlyList<TrainingPoint> TrainingPoints(CriticalitySpec spec, Activation activation, IReadOnlyList<TrainingRun> trainings,
        IReadOnlyList<FinishedRun> runs, List<string> notes)
    {
        var points = new List<TrainingPoint>();
        foreach (var (t, run) in trainings.Zip(runs))
        {
            if (!run.Succeeded)
            {
                notes.Add(FormattableString.Invariant($"training depth {t.Depth} sigma_w {t.SigmaW:F3} seed {t.Seed} left out: {run.Failure}"));
                continue;
            }
            var result = TrainResultNames.Read(Path.Combine(run.Directory, Sweeps.Ledger.SweepDirectory.ResultFile))
                ?? throw new EumentiaException($"{run.Directory}: the training's result is not there; delete the directory to run it again");
            var eval = result.Evaluations[0];
            double xi = new MeanField(activation, t.SigmaW, spec.SigmaB, 1.0, spec.Order).CorrelationDepthScale;
            points.Add(new TrainingPoint(t.SigmaW, t.Factor, t.Depth, t.Seed, eval.Accuracy, eval.Loss, xi, result.Seconds));
        }
        return points;
    }

    /// <summary>
    /// Loads the training part's data set once before anything runs: a size the data cannot supply (or data that is
    /// missing) is reported at once, not after the probes' hours.
    /// </summary>
    internal static void CheckTrainingData(TrainingStudy training, string? dataDir)
    {
        if (!training.Enabled) return;
        DataSources.Load(training.Data, training.TrainSize, new TrainConfig().ValidationSize, 0, dataDir);
    }

}
