using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Scaling;
using Eumentia.Analysis;

namespace Eumentia.Studies.Phases;

/// <summary>One cell of the phase diagram: its curve's fit, phase and crossover scale.</summary>
public sealed record CellResult(LossCurve Curve, ScalingLawFit? Fit, string? FitError, PhaseVerdict Verdict, CrossoverEstimate? Crossover)
{
    public double Alpha => Fit?.Parameter("alpha").Value ?? double.NaN;
    public double AlphaError => Fit?.Parameter("alpha").Error ?? double.NaN;
}

/// <summary>A phase boundary along p_eval at fixed (width, depth, p_train): between the last cell of one phase and the first of the next.</summary>
public sealed record Boundary(int Width, int Depth, double PTrain, string Between, double PEval, double HalfWidth);

/// <summary>The BKT analysis along one cut (fixed width, depth, p_train; p_eval crossing eumentia → dementia).</summary>
public sealed record BktCut(int Width, int Depth, double PTrain, BktLengthFit? LengthFit, string? LengthFitError,
    CollapseResult? BktCollapse, CollapseResult? PowerCollapse, CollapseComparison? Comparison, string? CollapseError);

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
        var cells = curves.Select(c => Analyse(c, options)).ToList();
        var boundaries = new List<Boundary>();
        var cuts = new List<BktCut>();
        foreach (var line in cells.GroupBy(c => (c.Curve.Key.Width, c.Curve.Key.Depth, c.Curve.Key.PTrain)))
        {
            var ordered = line.OrderBy(c => c.Curve.Key.PEval).ToList();
            // Undetermined cells are skipped: a boundary runs between neighbouring classified cells, and its
            // half-width grows to cover an undetermined cell in between.
            var classified = ordered.Where(c => c.Verdict.Phase != Phase.Undetermined).ToList();
            for (int i = 1; i < classified.Count; i++)
            {
                var (a, b) = (classified[i - 1], classified[i]);
                if (a.Verdict.Phase == b.Verdict.Phase) continue;
                boundaries.Add(new Boundary(line.Key.Width, line.Key.Depth, line.Key.PTrain, $"{Phases.Name(a.Verdict.Phase)}|{Phases.Name(b.Verdict.Phase)}",
                    0.5 * (a.Curve.Key.PEval + b.Curve.Key.PEval), 0.5 * (b.Curve.Key.PEval - a.Curve.Key.PEval)));
            }
            if (ordered.Any(c => c.Verdict.Phase == Phase.Dementia) && ordered.Any(c => c.Verdict.Phase == Phase.Eumentia))
                cuts.Add(AnalyseCut(line.Key.Width, line.Key.Depth, line.Key.PTrain, ordered, options));
        }
        return new PhasesAnalysisResult(cells, boundaries, cuts);
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
        try
        {
            var obs = dementia.Select(c => new Observation(0, c.Curve.Key.PEval, c.Crossover!.NStar, c.Crossover.NStar * Math.Max(c.Crossover.LnNStarError, 1e-3), -1, 0)).ToList();
            length = BktLengthFitter.Fit(new ObservationSet(obs, [], $"N*(p_eval) at {where}"), new BktLengthOptions(BootstrapSamples: 0));
        }
        catch (EumentiaException e) { lengthError = e.Message; }

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
        return new BktCut(width, depth, pTrain, length, lengthError, bkt, power, comparison, collapseError);
    }

    public static string Describe(CellKey k) => $"width {k.Width}, depth {k.Depth}, p_train {k.PTrain}, p_eval {k.PEval}";
}
