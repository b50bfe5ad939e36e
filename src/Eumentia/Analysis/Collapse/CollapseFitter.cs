using Eumentia.Analysis.Optimisation;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Fits a data collapse: multi-start Nelder-Mead on the Houdayer-Hartmann S over the form's free parameters,
/// then errors by the S + 1 rule (profile: each parameter moved until S, minimised over the others, exceeds
/// S_min + 1) and by bootstrap over replicate seeds (each replicate re-aggregated and re-optimised).
/// </summary>
public static class CollapseFitter
{
    /// <summary>Sub-stream of <see cref="RngStream.Analysis"/> for multi-start points.</summary>
    public const long StartStream = 2;

    /// <summary>Sub-stream of <see cref="RngStream.Analysis"/> for the random starts of bootstrap replicate b (its b).</summary>
    public const long ReplicateStartStream = 3;

    public static CollapseResult Fit(ObservationSet data, ICollapseForm form, CollapseOptions? options = null)
    {
        options ??= new CollapseOptions();
        var all = CollapseData.From(data, form.Curves);
        var window = all.Select(options.ControlMin, options.ControlMax, options.MinSize);
        var parameters = Parameters(form, all, options.Overrides);
        int free = parameters.Count(p => !p.Fixed);
        if (window.Count <= free)
            throw new UsageException($"{data.Source}: {window.Count} points in the fitted window for {free} free parameters of the {form.Name} form: fewer points than parameters");
        if (window.CurveLabels.Length < 2)
            throw new UsageException($"{data.Source}: the window [{options.ControlMin}, {options.ControlMax}] with sizes >= {options.MinSize} leaves one curve; a collapse needs two");

        Refuse(data, window, form, parameters);
        var objective = new CollapseObjective(new CollapseQuality(window, form, options.Master, options.ScaledWindow), parameters, options.MinOverlap);
        var (theta, s, convergence) = GlobalSearch(objective, options);

        var profiles = new Dictionary<int, ProfileInterval>();
        if (options.ProfileErrors)
            foreach (int j in objective.Free)
                profiles[j] = SPlusOne(objective, theta, s, j, options.ProfileDelta);

        var boot = new Dictionary<int, BootstrapSummary?>();
        var kind = SeedBootstrap.KindFor(data, o => (o.Size, o.Control));
        BootstrapReplicate?[] reps = [];
        if (options.BootstrapSamples > 1 && kind != BootstrapKind.None && free > 0)
        {
            reps = SeedBootstrap.Run(options.BootstrapSamples, b =>
            {
                var sample = SeedBootstrap.Resample(data, kind, o => (o.Size, o.Control), options.Seed, b, positive: false);
                var cells = CollapseData.From(sample, form.Curves).Select(options.ControlMin, options.ControlMax, options.MinSize);
                var replicate = new CollapseObjective(new CollapseQuality(cells, form, options.Master, options.ScaledWindow), parameters, options.MinOverlap);
                var (at, sAt, _) = replicate.Polish(replicate.Free, theta, 0.02);
                if (options.ReplicateStarts > 0)
                {
                    // S can have several minima along a valley of correlated parameters (BKT with sigma free: p_c and
                    // Delta), and a replicate's lowest one need not be the basin of the data's optimum, which a polish
                    // never leaves: the spread then misses the jumps between minima that the estimator itself makes
                    // (docs/analysis/collapse-coverage.md: 2-sigma coverage 60 % with the polish alone, 93 % with 4 starts).
                    var best = MultiStart(replicate, options.ReplicateStarts, options.Seed, RngStream.Of(RngStream.Analysis, ReplicateStartStream, b), fromInitial: false);
                    if (best.F < sAt) (at, sAt) = (replicate.FromUnit(replicate.Free, best.X, theta), best.F);
                }
                return new BootstrapReplicate(at, sAt);
            });
            int failed = reps.Count(r => r is null);
            foreach (int j in objective.Free)
                boot[j] = BootstrapSummary.From(kind, reps.Where(r => r is not null).Select(r => r!.Theta[j]).ToArray(), failed);
        }

        objective.Quality.Evaluate(theta, out int used);
        var quality = new CollapseQualityReport(s, used, window.Count, window.CurveLabels.Length, free, window.ErrorSource);
        var scale = CollapseErrors.Scale(s, kind, data.SeedLabels.Count, options.Master);
        var core = CollapseErrors.Core(reps.OfType<BootstrapReplicate>().Select(r => r.Theta).ToArray(), objective.Free, options.Spread);
        var estimates = parameters.Select((p, j) => CollapseErrors.Estimate(p, j, theta[j], profiles.GetValueOrDefault(j), boot.GetValueOrDefault(j), core,
            scale, options.ReplicateStarts, options.Spread)).ToArray();
        var covariance = CollapseErrors.Covariance(parameters, objective.Free, core, estimates, scale, options.Spread);
        var scaledAll = new CollapseQuality(all, form, options.Master).Scaled(theta);
        var points = Enumerable.Range(0, all.Count).Select(i => new ScaledPoint(all.Size[i], all.Control[i], all.Y[i], all.Dy[i], all.Replicates[i],
            scaledAll.X[i], scaledAll.Y[i], scaledAll.Dy[i])).ToArray();
        return new CollapseResult(form.Name, form.Description, form.Curves, estimates, quality, convergence,
            FitInputs.Of(data, all.Size.Distinct().Order().ToArray()), new CollapseWindow(options.ControlMin, options.ControlMax, options.MinSize, options.ScaledWindow), points)
        {
            Covariance = covariance,
            Master = options.Master,
            BootstrapS = reps.Select(r => r?.S ?? double.NaN).ToArray(),
            ReplicateStarts = reps.Length == 0 ? 0 : options.ReplicateStarts,
            Spread = options.Spread,
            BootstrapParameters = reps.Select(r => r?.Theta).ToArray(),
        };
    }

    /// <summary>Inputs no collapse can be measured on: refused before any fitting, with what is wrong.</summary>
    static void Refuse(ObservationSet data, CollapseData window, ICollapseForm form, CollapseParameter[] parameters)
    {
        double lo = window.Y.Min(), hi = window.Y.Max();
        if (!(hi - lo > 1e-12 * Math.Max(Math.Abs(lo), Math.Abs(hi))))
            throw new UsageException($"{data.Source}: every value of {data.Columns.GetValueOrDefault("observable", "y")} in the fitted window is {CsvTable.Format(lo)}: constant data have no shape to collapse (any exponents would score S = 0)");
        if (form.Refusal(window, parameters) is string why) throw new UsageException($"{data.Source}: {why}");
    }

    /// <summary>The form's defaults with the user's overrides applied (unknown names are usage errors).</summary>
    public static CollapseParameter[] Parameters(ICollapseForm form, CollapseData data, IReadOnlyList<ParameterOverride>? overrides)
    {
        var ps = form.DefaultParameters(data).ToArray();
        foreach (var o in overrides ?? [])
        {
            int j = Array.FindIndex(ps, p => p.Name == o.Name);
            if (j < 0) throw new UsageException($"the {form.Name} form has no parameter '{o.Name}'; its parameters are {string.Join(", ", ps.Select(p => p.Name))}");
            ps[j] = o.Apply(ps[j]);
        }
        foreach (var p in ps) p.Validate();
        return ps;
    }

    static (double[] Theta, double S, ConvergenceReport Report) GlobalSearch(CollapseObjective objective, CollapseOptions options)
    {
        var initial = objective.Parameters.Select(p => p.Initial).ToArray();
        int[] axes = objective.Free;
        var f = objective.OverUnit(axes, initial);
        var runs = Starts(objective, Math.Max(1, options.Starts), options.Seed, RngStream.Of(RngStream.Analysis, StartStream, 0), fromInitial: true);
        var best = runs.MinBy(r => r.F)!;
        var theta = objective.FromUnit(axes, best.X, initial);
        // S is piecewise smooth (the stencils of the master curve change with the parameters), so starts that
        // agree to 1e-3 in S and 1 % of each range have found the same minimum.
        int atOptimum = runs.Count(r => r.F <= best.F + 1e-3 * (1 + Math.Abs(best.F)) && r.X.Zip(best.X).All(t => Math.Abs(t.First - t.Second) < 1e-2));
        var atBound = axes.Where((a, k) => best.X[k] < 1e-4 || best.X[k] > 1 - 1e-4).Select(a => objective.Parameters[a].Name).ToArray();
        // A parameter S does not depend on near the optimum (moving it by 2 % of its range changes S by nothing)
        // ends wherever the simplex left it: its value means nothing, however well the search converged.
        var flat = axes.Where((a, k) =>
        {
            var probe = (double[])best.X.Clone();
            probe[k] = Math.Clamp(best.X[k] + 0.02, 0, 1);
            double up = f(probe);
            probe[k] = Math.Clamp(best.X[k] - 0.02, 0, 1);
            double down = f(probe);
            return Math.Abs(up - best.F) <= 1e-9 * (1 + best.F) && Math.Abs(down - best.F) <= 1e-9 * (1 + best.F);
        }).Select(a => $"{objective.Parameters[a].Name} = {CsvTable.Format(theta[a])}").ToArray();
        double s = objective.Quality.Evaluate(theta, out int used, out int inside);
        // With a window on the scaled variable only the points inside it could enter S.
        int pool = double.IsPositiveInfinity(objective.Quality.ScaledWindow) ? objective.Quality.Data.Count : inside;
        if (!double.IsFinite(s))
            throw new EumentiaException($"{objective.Quality.Data.Count} points: no point of one curve falls within the range of another at the best parameters found; the curves do not overlap, so there is no collapse to measure");
        var notes = new List<string>();
        if (atBound.Length > 0) notes.Add($"stuck at the bound of its search range: {string.Join(", ", atBound)} (the optimum lies outside the range, or the form does not fit)");
        if (flat.Length > 0) notes.Add($"S does not depend on {string.Join(", ", flat)} near the optimum: the value is wherever the search stopped and means nothing");
        if (runs.Count >= 4 && atOptimum < 2) notes.Add($"only 1 of {runs.Count} starts reached the best minimum: S has several local minima; compare the collapse figure and the sensitivity table before trusting it");
        if (used < pool / 2) notes.Add($"only {used} of {pool} points{(pool == objective.Quality.Data.Count ? "" : " inside the scaled window")} overlap another curve");
        var report = new ConvergenceReport(best.Converged, runs.Count, atOptimum, runs.Sum(r => r.Iterations), runs.Sum(r => r.Evaluations),
            atBound.Length == 0 && flat.Length == 0, notes.Count == 0 ? "converged to an interior optimum" : string.Join("; ", notes));
        return (theta, s, report);
    }

    /// <summary>
    /// Nelder-Mead from <paramref name="count"/> points of the unit box of the free parameters: the form's initial
    /// guess first (where <paramref name="fromInitial"/>), the others Philox-drawn from (seed, stream).
    /// </summary>
    static List<NelderMeadResult> Starts(CollapseObjective objective, int count, ulong seed, ulong stream, bool fromInitial)
    {
        var initial = objective.Parameters.Select(p => p.Initial).ToArray();
        int[] axes = objective.Free;
        var f = objective.OverUnit(axes, initial);
        var runs = new List<NelderMeadResult>();
        for (int k = 0; k < count; k++)
        {
            var start = k == 0 && fromInitial ? objective.ToUnit(axes, initial)
                : axes.Select((_, d) => Philox.Uniform(seed, stream, (ulong)(k * axes.Length + d))).ToArray();
            runs.Add(NelderMead.Minimize(f, start, 0.15, fTol: 1e-10, xTol: 1e-7));
        }
        return runs;
    }

    static NelderMeadResult MultiStart(CollapseObjective objective, int count, ulong seed, ulong stream, bool fromInitial) =>
        Starts(objective, count, seed, stream, fromInitial).MinBy(r => r.F)!;

    /// <summary>The S + delta interval of parameter <paramref name="j"/>, the others re-optimised (warm-started) at each value.</summary>
    static ProfileInterval SPlusOne(CollapseObjective objective, double[] theta, double s, int j, double delta)
    {
        var others = objective.Free.Where(a => a != j).ToArray();
        var warm = (double[])theta.Clone();
        int lastSide = 0;
        double Profile(double v)
        {
            int side = Math.Sign(v - theta[j]);
            if (side != lastSide) { warm = (double[])theta.Clone(); lastSide = side; }
            var at = (double[])warm.Clone();
            at[j] = v;
            if (others.Length == 0) return objective.Value(at);
            var (next, value, _) = objective.Polish(others, at, 0.01); // neighbouring profile points have nearby optima
            warm = next;
            return value;
        }
        var p = objective.Parameters[j];
        return ProfileScan.Interval(Profile, theta[j], s, delta, p.Lower, p.Upper, 1e-2 * (p.LogScale ? theta[j] : p.Upper - p.Lower), relativeTolerance: 1e-2);
    }
}
