using Eumentia.Analysis.Optimisation;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;

namespace Eumentia.Analysis.Scaling;

/// <summary>Knobs of a scaling-law fit; the defaults suit loss curves over a few decades of N.</summary>
/// <param name="AlphaMin">Smallest exponent searched for the offset model (its alpha must be positive).</param>
/// <param name="AlphaMax">Largest |alpha| searched (the pure power law searches [-AlphaMax, AlphaMax]).</param>
/// <param name="GridPoints">Starting grid over alpha; every basin it finds is refined.</param>
/// <param name="BootstrapSamples">Replicates for the seed bootstrap (0: none).</param>
/// <param name="Seed">Key of the Philox stream the bootstrap draws from.</param>
/// <param name="Profile">Compute profile-likelihood intervals.</param>
public sealed record ScalingLawOptions(double AlphaMin = 1e-3, double AlphaMax = 10, int GridPoints = 40,
    int BootstrapSamples = 200, ulong Seed = 1, bool Profile = true);

/// <summary>
/// Fits L(N) = A N^-alpha or E + A N^-alpha in log space (residuals in ln L, weighted by the replicate error
/// of each size's mean ln L). Variable projection: E and A are solved exactly for each alpha
/// (<see cref="ScalingLinearSolver"/>), alpha by a multi-start 1-D search. Errors by profile likelihood
/// (Delta chi^2 = 1, widened by the error scale) and by bootstrap over replicate seeds.
/// </summary>
public static class ScalingLawFitter
{
    public static ScalingLawFit Fit(ObservationSet data, ScalingLawModel model, ScalingLawOptions? options = null)
    {
        options ??= new ScalingLawOptions();
        var series = Series(data, model);
        var core = Core.Fit(series, model, options);
        int k = model.ParameterCount();
        var quality = FitQuality.From(core.Chi2, series.Length, k, series.Weighted, series.SigmaSource);

        var names = model == ScalingLawModel.PowerLaw ? new[] { "A", "alpha" } : ["E", "A", "alpha"];
        var profiles = new Dictionary<string, ProfileInterval>();
        if (options.Profile && quality.Dof > 0)
        {
            double delta = quality.ErrorScale;
            var (lo, hi) = core.AlphaRange;
            profiles["alpha"] = ProfileScan.Interval(a => core.Solver.Solve(a).Chi2, core.Alpha, core.Chi2, delta, lo, hi, 1e-3 * Math.Max(Math.Abs(core.Alpha), 0.01));
            core.ResetProfile();
            // A = 0 (its bound) still needs a step of the data's scale to move away from it.
            double aScale = Math.Max(core.A, Math.Exp(series.LnY.Average()));
            profiles["A"] = ProfileScan.Interval(a => core.ProfileOverAlpha(fixA: a), core.A, core.Chi2, delta, 0, aScale * 1e12, 1e-3 * aScale);
            if (model == ScalingLawModel.OffsetPowerLaw)
            {
                double eMax = 10 * Math.Exp(series.LnY.Max());
                core.ResetProfile();
                profiles["E"] = ProfileScan.Interval(e => core.ProfileOverAlpha(fixE: e), core.E, core.Chi2, delta, 0, eMax, 1e-3 * Math.Max(core.E, Math.Exp(series.LnY.Min())));
            }
        }

        var boot = new Dictionary<string, BootstrapSummary?>();
        var kind = SeedBootstrap.KindFor(data, o => (o.Size, 0));
        if (options.BootstrapSamples > 0 && kind != BootstrapKind.None)
        {
            var replicates = SeedBootstrap.Run(options.BootstrapSamples, b =>
            {
                var sample = SeedBootstrap.Resample(data, kind, o => (o.Size, 0), options.Seed, b, positive: true);
                var fit = Core.Fit(Series(sample, model), model, options);
                return new[] { fit.E, fit.A, fit.Alpha };
            });
            int failed = replicates.Count(r => r is null);
            var ok = replicates.Where(r => r is not null).Select(r => r!).ToArray();
            boot["E"] = BootstrapSummary.From(kind, ok.Select(r => r[0]).ToArray(), failed);
            boot["A"] = BootstrapSummary.From(kind, ok.Select(r => r[1]).ToArray(), failed);
            boot["alpha"] = BootstrapSummary.From(kind, ok.Select(r => r[2]).ToArray(), failed);
        }

        double Value(string name) => name switch { "E" => core.E, "A" => core.A, _ => core.Alpha };
        var parameters = names.Select(n => ParameterEstimate.Build(n, Value(n), profiles.GetValueOrDefault(n), boot.GetValueOrDefault(n))).ToArray();

        var points = new ScalingPoint[series.Length];
        for (int i = 0; i < series.Length; i++)
        {
            double m = Math.Log(core.E + core.A * Math.Pow(series.X[i], -core.Alpha));
            points[i] = new ScalingPoint(series.X[i], series.LnY[i], series.Sigma[i], series.Count[i], m, (series.LnY[i] - m) / series.Sigma[i]);
        }
        return new ScalingLawFit(model.Name(), model.Formula(), parameters, quality, core.Convergence(), FitInputs.Of(data, series.X), points);
    }

    /// <summary>The data reduced to per-size log means, checked for what a fit of <paramref name="model"/> needs.</summary>
    internal static LogSeries Series(ObservationSet data, ScalingLawModel model)
    {
        foreach (var o in data.Observations)
            if (!(o.Size > 0))
                throw new UsageException($"{data.Source}: line {o.Line}: size is {CsvTable.Format(o.Size)}; sizes must be positive");
        var series = LogSeries.From(data, o => o.Size, "the observable");
        int k = model.ParameterCount();
        if (series.Length == 1)
            throw new UsageException($"{data.Source}: only one size (N = {CsvTable.Format(series.X[0])}) in the data; a scaling law needs several sizes");
        if (series.Length <= k)
            throw new UsageException($"{data.Source}: {series.Length} distinct sizes for the {k} parameters of {model.Formula()}: fewer points than parameters + 1, nothing left to judge the fit by");
        return series;
    }

    /// <summary>The point estimate and what the profiles need.</summary>
    sealed class Core
    {
        public required ScalingLinearSolver Solver { get; init; }
        public required ScalarMinimum Search { get; init; }
        public required (double Lo, double Hi) AlphaRange { get; init; }
        public required ScalingLawModel Model { get; init; }
        public required int GridPoints { get; init; }
        public double Alpha => Search.X;
        public double Chi2 => Search.Value;
        public double E { get; init; }
        public double A { get; init; }

        public static Core Fit(LogSeries s, ScalingLawModel model, ScalingLawOptions o)
        {
            var solver = new ScalingLinearSolver(model, s.X.Select(x => Math.Log(x)).ToArray(), s.LnY, s.Sigma);
            var range = model == ScalingLawModel.PowerLaw ? (-o.AlphaMax, o.AlphaMax) : (o.AlphaMin, o.AlphaMax);
            var search = model == ScalingLawModel.PowerLaw
                ? ExactPowerLaw(s, solver, range)
                : ScalarSearch.Minimize(a => solver.Solve(a).Chi2, range.Item1, range.Item2, o.GridPoints, logSpaced: true);
            var (_, e, a) = solver.Solve(search.X);
            return new Core { Solver = solver, Search = search, AlphaRange = range, Model = model, GridPoints = o.GridPoints, E = e, A = a };
        }

        /// <summary>The pure power law is linear in (ln A, alpha): weighted regression of ln L on ln N, exactly.</summary>
        static ScalarMinimum ExactPowerLaw(LogSeries s, ScalingLinearSolver solver, (double Lo, double Hi) range)
        {
            double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = 0; i < s.Length; i++)
            {
                double w = 1 / (s.Sigma[i] * s.Sigma[i]), x = Math.Log(s.X[i]);
                sw += w; sx += w * x; sy += w * s.LnY[i]; sxx += w * x * x; sxy += w * x * s.LnY[i];
            }
            double mx = sx / sw, my = sy / sw;
            double alpha = -(sxy - sw * mx * my) / (sxx - sw * mx * mx);
            bool inside = alpha > range.Lo && alpha < range.Hi;
            alpha = Math.Clamp(alpha, range.Lo, range.Hi);
            return new ScalarMinimum(alpha, solver.Solve(alpha).Chi2, 1, true, !inside, 1, 1);
        }

        double profileAlpha = double.NaN;

        /// <summary>
        /// min over alpha of chi^2 with E or A held fixed. A profile moves its fixed value in small steps, so
        /// alpha is first sought near where it was at the previous step; only if that lands on the edge of the
        /// local bracket does a global search run.
        /// </summary>
        public double ProfileOverAlpha(double? fixE = null, double? fixA = null)
        {
            Func<double, double> f = a => Solver.Solve(a, fixE, fixA).Chi2;
            double start = double.IsNaN(profileAlpha) ? Alpha : profileAlpha;
            double lo = Math.Max(AlphaRange.Lo, start - 0.3 * Math.Abs(start) - 0.01), hi = Math.Min(AlphaRange.Hi, start + 0.3 * Math.Abs(start) + 0.01);
            var (x, fx, _, _) = ScalarSearch.Brent(f, lo, hi, start, f(start), 1e-10);
            bool onEdge = (x - lo < 1e-6 * (hi - lo) && lo > AlphaRange.Lo) || (hi - x < 1e-6 * (hi - lo) && hi < AlphaRange.Hi);
            if (onEdge)
            {
                var global = ScalarSearch.Minimize(f, AlphaRange.Lo, AlphaRange.Hi, Math.Max(16, GridPoints / 2), logSpaced: Model == ScalingLawModel.OffsetPowerLaw, refineStarts: 2);
                (x, fx) = (global.X, global.Value);
            }
            profileAlpha = x;
            return fx;
        }

        /// <summary>Starts the next profile from the optimum again.</summary>
        public void ResetProfile() => profileAlpha = double.NaN;

        public ConvergenceReport Convergence()
        {
            var notes = new List<string>();
            if (Search.AtBoundary) notes.Add($"alpha ended at the edge of its search range [{AlphaRange.Lo}, {AlphaRange.Hi}]: the data do not pin it down");
            if (Model == ScalingLawModel.OffsetPowerLaw && E == 0) notes.Add("E = 0 (its bound): the data show no floor; the pure power law may be the better model");
            if (Model == ScalingLawModel.OffsetPowerLaw && A == 0) notes.Add("A = 0 (its bound): no size dependence resolved; alpha is undetermined");
            if (Search.LocalMinima > 1) notes.Add($"{Search.LocalMinima} local minima in alpha; the deepest was taken");
            bool interior = !Search.AtBoundary && !(Model == ScalingLawModel.OffsetPowerLaw && (E == 0 || A == 0));
            return new ConvergenceReport(Search.Converged, Math.Min(Search.LocalMinima, 4), Search.StartsAtOptimum, Search.Evaluations, Search.Evaluations,
                interior, notes.Count == 0 ? "converged to an interior optimum" : string.Join("; ", notes));
        }
    }
}
