using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Scaling;
using Eumentia.Analysis;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Phases;

/// <summary>One cell of the phase diagram: its curve's fit, phase and crossover scale.</summary>
public sealed record CellResult(LossCurve Curve, ScalingLawFit? Fit, string? FitError, PhaseVerdict Verdict, CrossoverEstimate? Crossover)
{
    public double Alpha => Fit?.Parameter("alpha").Value ?? double.NaN;
    public double AlphaError => Fit?.Parameter("alpha").Error ?? double.NaN;
}

/// <summary>A phase boundary along p_eval at fixed (width, depth, p_train): between the last cell of one phase and the first of the next.</summary>
public sealed record Boundary(int Width, int Depth, double PTrain, string Between, double PEval, double HalfWidth);

/// <summary>
/// The BKT analysis along one cut (fixed width, depth, p_train; p_eval crossing eumentia → dementia): the BKT length fit
/// of N*(p_eval) with p_c free, with p_c constrained to the cut's eumentia|dementia boundary interval
/// <see cref="PcBounds"/> (the last eumentia and the first dementia p_eval: the boundary at the largest N of the grid),
/// and with p_c bounded to [0, first dementia p_eval] (<see cref="BoundedLengthFit"/>: the boundary of a finite window
/// lies above the N → ∞ transition when dementia spreads as N grows, so the first constraint can be wrong where the
/// second is not); BKT against power-law growth of N*(p_eval) with p_c bounded the same way
/// (<see cref="GrowthComparison"/>, Δχ² with a seed-bootstrap interval); and the collapse comparison.
/// </summary>
public sealed record BktCut(int Width, int Depth, double PTrain, BktLengthFit? LengthFit, string? LengthFitError,
    CollapseResult? BktCollapse, CollapseResult? PowerCollapse, CollapseComparison? Comparison, string? CollapseError,
    CriticalInterval? PcBounds = null, BktLengthFit? ConstrainedLengthFit = null, string? ConstrainedLengthFitError = null,
    BktLengthFit? BoundedLengthFit = null, string? BoundedLengthFitError = null,
    LengthFormComparison? GrowthComparison = null, string? GrowthComparisonError = null);

/// <summary>Where a cut's p_c can lie: between its last eumentia p_eval (<paramref name="Lower"/>) and its first dementia p_eval (<paramref name="Upper"/>).</summary>
public sealed record CriticalInterval(double Lower, double Upper);

public sealed record PhasesAnalysisResult(IReadOnlyList<CellResult> Cells, IReadOnlyList<Boundary> Boundaries, IReadOnlyList<BktCut> Cuts);

/// <summary>
/// From all runs of a phases sweep to the phase diagram: per cell L(N) with errors over seeds, a power-law fit
/// (variable projection, seed bootstrap), the phase by <see cref="PhaseRules"/>, N* for dementia cells; phase
/// boundaries per (width, depth, p_train); and, along each p_train cut that crosses into dementia, the BKT
/// length fit of N*(p_eval) and the BKT against power-law collapse of L(p_eval, N) with N as the size.
/// </summary>
public static class PhasesAnalysis
{
    public static PhasesAnalysisResult Run(IReadOnlyList<LossCurve> curves, PhasesAnalysisOptions options)
    {
        var ruleErrors = options.Rules.Validate();
        if (ruleErrors.Count > 0) throw new UsageException(string.Join("; ", ruleErrors));
        var cells = Cells(curves, options);
        var boundaries = Boundaries(cells);
        var cuts = new List<BktCut>();
        foreach (var line in cells.GroupBy(c => (c.Curve.Key.Width, c.Curve.Key.Depth, c.Curve.Key.PTrain)))
        {
            var ordered = line.OrderBy(c => c.Curve.Key.PEval).ToList();
            if (ordered.Any(c => c.Verdict.Phase == Phase.Dementia) && ordered.Any(c => c.Verdict.Phase == Phase.Eumentia))
                cuts.Add(AnalyseCut(line.Key.Width, line.Key.Depth, line.Key.PTrain, ordered, options));
        }
        return new PhasesAnalysisResult(cells, boundaries, cuts);
    }

    /// <summary>Every cell's fit, phase and crossover scale (the first, cheap part of <see cref="Run"/>).</summary>
    public static IReadOnlyList<CellResult> Cells(IReadOnlyList<LossCurve> curves, PhasesAnalysisOptions options) =>
        curves.Select(c => Analyse(c, options)).ToList();

    /// <summary>
    /// The phase boundaries along p_eval of every (width, depth, p_train). Undetermined cells are skipped: a boundary
    /// runs between neighbouring classified cells, and its half-width grows to cover an undetermined cell in between.
    /// </summary>
    public static IReadOnlyList<Boundary> Boundaries(IReadOnlyList<CellResult> cells)
    {
        var boundaries = new List<Boundary>();
        foreach (var line in cells.GroupBy(c => (c.Curve.Key.Width, c.Curve.Key.Depth, c.Curve.Key.PTrain)))
        {
            var classified = line.OrderBy(c => c.Curve.Key.PEval).Where(c => c.Verdict.Phase != Phase.Undetermined).ToList();
            for (int i = 1; i < classified.Count; i++)
            {
                var (a, b) = (classified[i - 1], classified[i]);
                if (a.Verdict.Phase == b.Verdict.Phase) continue;
                boundaries.Add(new Boundary(line.Key.Width, line.Key.Depth, line.Key.PTrain, $"{Phases.Name(a.Verdict.Phase)}|{Phases.Name(b.Verdict.Phase)}",
                    0.5 * (a.Curve.Key.PEval + b.Curve.Key.PEval), 0.5 * (b.Curve.Key.PEval - a.Curve.Key.PEval)));
            }
        }
        return boundaries;
    }

    /// <summary>
    /// Where p_c of a cut's eumentia → dementia transition can lie: between the largest eumentia p_eval below the first
    /// dementia cell and that dementia cell's p_eval (null when no eumentia cell precedes the first dementia cell).
    /// </summary>
    public static CriticalInterval? CriticalBounds(IReadOnlyList<CellResult> line)
    {
        var ordered = line.OrderBy(c => c.Curve.Key.PEval).ToList();
        var firstDementia = ordered.FirstOrDefault(c => c.Verdict.Phase == Phase.Dementia);
        if (firstDementia is null) return null;
        var lastEumentia = ordered.LastOrDefault(c => c.Verdict.Phase == Phase.Eumentia && c.Curve.Key.PEval < firstDementia.Curve.Key.PEval);
        return lastEumentia is null ? null : new CriticalInterval(lastEumentia.Curve.Key.PEval, firstDementia.Curve.Key.PEval);
    }

    static CellResult Analyse(LossCurve curve, PhasesAnalysisOptions o)
    {
        ScalingLawFit? fit = null;
        string? fitError = null;
        try
        {
            fit = ScalingLawFitter.Fit(curve.ToObservations(Describe(curve.Key)), ScalingLawModel.PowerLaw,
                new ScalingLawOptions(BootstrapSamples: o.BootstrapSamples));
        }
        catch (EumentiaException e) { fitError = e.Message; }
        var verdict = o.Rules.Classify(curve.Sizes, curve.Mean, curve.StdErr, o.Classes, fit?.Parameter("alpha").Value ?? double.NaN, fit?.Parameter("alpha").Error ?? double.NaN);
        var crossover = verdict.Phase == Phase.Dementia ? CrossoverScale.Estimate(curve.Sizes, curve.PerSeed, o.BootstrapSamples) : null;
        return new CellResult(curve, fit, fitError, verdict, crossover);
    }

    static BktCut AnalyseCut(int width, int depth, double pTrain, IReadOnlyList<CellResult> line, PhasesAnalysisOptions o)
    {
        string where = $"width {width}, depth {depth}, p_train {pTrain}";
        BktLengthFit? length = null;
        string? lengthError = null;
        var dementia = line.Where(c => c.Crossover is { Interior: true }).ToList();
        var nStar = new ObservationSet(dementia.Select(c => new Observation(0, c.Curve.Key.PEval, c.Crossover!.NStar, c.Crossover.NStar * Math.Max(c.Crossover.LnNStarError, 1e-3), -1, 0)).ToList(),
            [], $"N*(p_eval) at {where}");
        try { length = BktLengthFitter.Fit(nStar, new BktLengthOptions(BootstrapSamples: 0)); }
        catch (EumentiaException e) { lengthError = e.Message; }
        // The same fit with p_c held inside the boundary interval the phase rules found: free, p_c trades off against
        // b and is unconstrained on a few points; held, what is left to test is the form of the growth (b, χ²).
        var bounds = CriticalBounds(line);
        BktLengthFit? constrained = null, bounded = null;
        string? constrainedError = bounds is null ? "no eumentia cell below the first dementia cell" : null, boundedError = constrainedError;
        if (bounds is { } pc)
        {
            try { constrained = BktLengthFitter.Fit(nStar, new BktLengthOptions(BootstrapSamples: 0, PcBounds: (pc.Lower, pc.Upper))); }
            catch (EumentiaException e) { constrainedError = e.Message; }
            try { bounded = BktLengthFitter.Fit(nStar, new BktLengthOptions(BootstrapSamples: 0, PcBounds: (0, pc.Upper))); }
            catch (EumentiaException e) { boundedError = e.Message; }
        }

        // How N* grows towards the boundary, BKT against a power law, on the same points and p_c constraint; the
        // uncertainty of Δχ² from resampling the seeds (every cell of the cut evaluates the same seeds' nets).
        LengthFormComparison? growth = null;
        string? growthError = null;
        try
        {
            var options = bounds is { } b ? new BktLengthOptions(PcBounds: (0, b.Upper)) : new BktLengthOptions(Side: BktSide.Below);
            growth = LengthFormComparison.Compare(nStar, o.BootstrapSamples, r => ResampledNStar(dementia, r, nStar.Source), options);
        }
        catch (EumentiaException e) { growthError = e.Message; }

        // The collapse uses every cell of the cut that learned at all (amentia carries no scaling information).
        var learned = line.Where(c => c.Verdict.Phase != Phase.Amentia).ToList();
        CollapseResult? bkt = null, power = null;
        CollapseComparison? comparison = null;
        string? collapseError = null;
        try
        {
            var obs = learned.SelectMany(c => c.Curve.PerSeed.SelectMany((curve, s) => curve.Select((v, i) => new Observation(c.Curve.Sizes[i], c.Curve.Key.PEval, v, double.NaN, s, 0)))).ToList();
            int seeds = learned.Max(c => c.Curve.PerSeed.Count);
            var data = new ObservationSet(obs, Enumerable.Range(0, seeds).Select(s => s.ToString()).ToList(), $"L(p_eval, N) at {where}");
            var options = new CollapseOptions(Starts: o.CollapseStarts, BootstrapSamples: o.CollapseBootstrap);
            bkt = CollapseFitter.Fit(data, CollapseForms.Create("bkt"), options);
            power = CollapseFitter.Fit(data, CollapseForms.Create("power-law"), options);
            comparison = CollapseComparison.Compare(bkt, power);
        }
        catch (EumentiaException e) { collapseError = e.Message; }
        return new BktCut(width, depth, pTrain, length, lengthError, bkt, power, comparison, collapseError, bounds, constrained, constrainedError, bounded, boundedError,
            growth, growthError);
    }

    /// <summary>
    /// N*(p_eval) of the cells again from one resample (number <paramref name="replicate"/>) of the seeds, the same
    /// resample for every cell, each point keeping its relative error.
    /// </summary>
    static ObservationSet ResampledNStar(IReadOnlyList<CellResult> cells, int replicate, string source)
    {
        int seeds = cells.Min(c => c.Curve.PerSeed.Count);
        var pick = Enumerable.Range(0, seeds).Select(j => (int)(Philox.Uniform(0, RngStream.Of(RngStream.Analysis, 23, replicate), (ulong)j) * seeds)).ToArray();
        return new ObservationSet(cells.Select(c =>
        {
            double nStar = Math.Exp(CrossoverScale.LnFromMean(c.Curve.Sizes, CrossoverScale.MeanCurve(pick.Select(j => c.Curve.PerSeed[j]), c.Curve.Sizes.Length), out _));
            return new Observation(0, c.Curve.Key.PEval, nStar, nStar * Math.Max(c.Crossover!.LnNStarError, 1e-3), -1, 0);
        }).ToList(), [], $"{source}, seed resample {replicate}");
    }

    public static string Describe(CellKey k) => $"width {k.Width}, depth {k.Depth}, p_train {k.PTrain}, p_eval {k.PEval}";
}
