using Eumentia.Analysis.Optimisation;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Scaling;

/// <summary>
/// Fits the BKT divergence xi(p) = A exp(b / sqrt|p - p_c|) to crossover scales (N* of the eumentia /
/// dementia boundary, say) in log space: ln xi = ln A + b / sqrt|p - p_c|. For a fixed p_c that is linear in
/// (ln A, b), solved exactly (b >= 0); p_c is searched globally over a log-spaced range of distances from the
/// data, or within <see cref="BktLengthOptions.PcBounds"/> when p_c is constrained from outside. Errors by profile
/// likelihood (Delta chi^2 = 1, widened by the error scale) and seed bootstrap.
/// The data: control parameter p, observable xi, replicate seeds or errors. With <see cref="BktLengthOptions.Form"/>
/// power law the same machinery fits ln xi = ln A − nu ln|p − p_c| (nu ≥ 0).
/// </summary>
public static class BktLengthFitter
{
    public static BktLengthFit Fit(ObservationSet data, BktLengthOptions? options = null)
    {
        options ??= new BktLengthOptions();
        var series = Series(data);
        var core = Core.Fit(series, options);
        string coefficient = BktLengthFit.Coefficient(options.Form);
        var quality = FitQuality.From(core.Chi2, series.Length, 3, series.Weighted, series.SigmaSource);

        var profiles = new Dictionary<string, ProfileInterval>();
        if (options.Profile && quality.Dof > 0)
        {
            double delta = quality.ErrorScale, span = core.Span;
            var (pcLo, pcHi) = core.PcRange;
            profiles["p_c"] = ProfileScan.Interval(pc => core.Solve(pc).Chi2, core.Pc, core.Chi2, delta, pcLo, pcHi, 1e-3 * Math.Max(core.Distance, 1e-6 * span));
            profiles[coefficient] = ProfileScan.Interval(b => core.OverPc(fixB: b), core.B, core.Chi2, delta, 0, 100 * core.B + 10, 1e-3 * Math.Max(core.B, 1e-3));
            profiles["ln_A"] = ProfileScan.Interval(a => core.OverPc(fixLnA: a), core.LnA, core.Chi2, delta, core.LnA - 200, core.LnA + 200, 1e-3 * Math.Max(Math.Abs(core.LnA), 1e-2));
        }

        var boot = new Dictionary<string, BootstrapSummary?>();
        var kind = SeedBootstrap.KindFor(data, o => (o.Control, 0));
        if (options.BootstrapSamples > 1 && kind != BootstrapKind.None)
        {
            var fixedSide = options with { Side = core.Side };
            var reps = SeedBootstrap.Run(options.BootstrapSamples, b =>
            {
                var c = Core.Fit(Series(SeedBootstrap.Resample(data, kind, o => (o.Control, 0), options.Seed, b, positive: true)), fixedSide);
                return new[] { c.Pc, c.B, c.LnA };
            });
            int failed = reps.Count(r => r is null);
            var ok = reps.Where(r => r is not null).Select(r => r!).ToArray();
            string[] names = ["p_c", coefficient, "ln_A"];
            for (int j = 0; j < 3; j++) boot[names[j]] = BootstrapSummary.From(kind, ok.Select(r => r[j]).ToArray(), failed);
        }

        var parameters = new[] { ("p_c", core.Pc), (coefficient, core.B), ("ln_A", core.LnA) }
            .Select(t => ParameterEstimate.Build(t.Item1, t.Item2, profiles.GetValueOrDefault(t.Item1), boot.GetValueOrDefault(t.Item1))).ToArray();
        var points = Enumerable.Range(0, series.Length).Select(i =>
        {
            double m = core.LnA + BktLengthFit.Term(options.Form, core.B, Math.Abs(series.X[i] - core.Pc));
            return new BktPoint(series.X[i], series.LnY[i], series.Sigma[i], series.Count[i], m, (series.LnY[i] - m) / series.Sigma[i]);
        }).ToArray();
        var notes = new List<string>();
        if (core.Search.AtBoundary)
            notes.Add(options.PcBounds is { } bounds
                ? $"p_c ended at a bound of its constraint [{bounds.Lo:G4}, {bounds.Hi:G4}]: the data pull it out of the interval"
                : $"p_c ended at the edge of its search range ({options.MaxDistance} spans from the data): no divergence resolved");
        if (core.B == 0) notes.Add($"{coefficient} = 0 (its bound): the data show no growth towards p_c");
        var convergence = new ConvergenceReport(core.Search.Converged, Math.Min(core.Search.LocalMinima, 4), core.Search.StartsAtOptimum, core.Search.Evaluations,
            core.Search.Evaluations, notes.Count == 0, notes.Count == 0 ? "converged to an interior optimum" : string.Join("; ", notes));
        return new BktLengthFit(options.Form == LengthForm.Bkt ? "xi = A exp(b / sqrt|p - p_c|)" : "xi = A |p - p_c|^-nu", core.Side.ToString().ToLowerInvariant(),
            parameters, quality, convergence, FitInputs.Of(data, series.X), points, options.Form);
    }

    static LogSeries Series(ObservationSet data)
    {
        var s = LogSeries.From(data, o => o.Control, "the crossover scale");
        if (s.Length < 4)
            throw new UsageException($"{data.Source}: {s.Length} distinct values of the control parameter for the 3 parameters (p_c, b, ln A) of a BKT-length fit: fewer points than parameters + 1");
        return s;
    }

    sealed class Core
    {
        readonly LogSeries s;
        readonly double[] w;
        readonly LengthForm form;
        public BktSide Side { get; private init; }
        public double Span { get; }
        public ScalarMinimum Search { get; private set; } = null!;
        public double Pc { get; private set; }
        public double B { get; private set; }
        public double LnA { get; private set; }
        public double Chi2 => Search.Value;
        public double Distance => Side == BktSide.Below ? s.X[0] - Pc : Pc - s.X[^1];
        public (double Lo, double Hi) PcRange { get; private set; }
        readonly double minDistance, maxDistance;
        readonly int grid;

        Core(LogSeries s, BktSide side, BktLengthOptions o)
        {
            this.s = s;
            Side = side;
            form = o.Form;
            w = s.Sigma.Select(v => 1 / (v * v)).ToArray();
            Span = s.X[^1] - s.X[0];
            grid = o.GridPoints;
            (minDistance, maxDistance) = (1e-6 * Span, o.MaxDistance * Span);
            PcRange = side == BktSide.Below ? (s.X[0] - maxDistance, s.X[0]) : (s.X[^1], s.X[^1] + maxDistance);
            if (o.PcBounds is var (lo, hi))
            {
                // The distances from the data's edge that keep p_c within [lo, hi]; p_c on a data point is excluded.
                var (near, far) = side == BktSide.Below ? (s.X[0] - hi, s.X[0] - lo) : (lo - s.X[^1], hi - s.X[^1]);
                (minDistance, maxDistance) = (Math.Max(near, 1e-6 * Math.Max(Span, far)), far);
                PcRange = (Math.Min(PcAt(minDistance), PcAt(maxDistance)), Math.Max(PcAt(minDistance), PcAt(maxDistance)));
            }
        }

        double PcAt(double distance) => Side == BktSide.Below ? s.X[0] - distance : s.X[^1] + distance;

        public static Core Fit(LogSeries s, BktLengthOptions o)
        {
            if (o.PcBounds is var (lo, hi))
            {
                if (!(lo <= hi) || !double.IsFinite(lo) || !double.IsFinite(hi)) throw new UsageException($"p_c bounds [{lo}, {hi}] are not an interval");
                var side = hi <= s.X[0] ? BktSide.Below : lo >= s.X[^1] ? BktSide.Above
                    : throw new UsageException($"p_c bounds [{lo}, {hi}] overlap the data's range [{s.X[0]}, {s.X[^1]}]: a BKT length diverges outside its data");
                if (o.Side != BktSide.Auto && o.Side != side) throw new UsageException($"p_c bounds [{lo}, {hi}] lie {side.ToString().ToLowerInvariant()} the data, not {o.Side.ToString().ToLowerInvariant()}");
                if (side == BktSide.Below ? lo >= s.X[0] : hi <= s.X[^1]) throw new UsageException($"p_c bounds [{lo}, {hi}] leave no room between p_c and the data");
                return FitSide(s, side, o);
            }
            if (o.Side != BktSide.Auto) return FitSide(s, o.Side, o);
            var below = FitSide(s, BktSide.Below, o);
            var above = FitSide(s, BktSide.Above, o);
            return below.Chi2 <= above.Chi2 ? below : above;
        }

        static Core FitSide(LogSeries s, BktSide side, BktLengthOptions o)
        {
            var c = new Core(s, side, o);
            c.Search = ScalarSearch.Minimize(d => c.Solve(c.PcAt(d)).Chi2, c.minDistance, c.maxDistance, o.GridPoints, logSpaced: true);
            c.Pc = c.PcAt(c.Search.X);
            (_, c.B, c.LnA) = c.Solve(c.Pc);
            return c;
        }

        /// <summary>chi^2, b, ln A at p_c, with b or ln A optionally held fixed; b >= 0.</summary>
        public (double Chi2, double B, double LnA) Solve(double pc, double? fixB = null, double? fixLnA = null)
        {
            int n = s.Length;
            double sw = 0, sz = 0, szz = 0, sy = 0, szy = 0;
            for (int i = 0; i < n; i++)
            {
                double d = Math.Abs(s.X[i] - pc);
                if (!(d > 0)) return (double.PositiveInfinity, 0, 0);
                double z = BktLengthFit.Regressor(form, d);
                sw += w[i]; sz += w[i] * z; szz += w[i] * z * z; sy += w[i] * s.LnY[i]; szy += w[i] * z * s.LnY[i];
            }
            double b, lnA;
            if (fixB is double fb) { b = fb; lnA = fixLnA ?? (sy - b * sz) / sw; }
            else if (fixLnA is double fa) { lnA = fa; b = Math.Max(0, (szy - lnA * sz) / szz); }
            else
            {
                double det = sw * szz - sz * sz;
                b = det > 0 ? (sw * szy - sz * sy) / det : 0;
                if (b < 0) b = 0;
                lnA = (sy - b * sz) / sw;
            }
            double chi = 0;
            for (int i = 0; i < n; i++)
            {
                double r = s.LnY[i] - lnA - BktLengthFit.Term(form, b, Math.Abs(s.X[i] - pc));
                chi += w[i] * r * r;
            }
            return (chi, b, lnA);
        }

        /// <summary>min over p_c of chi^2 with b or ln A held fixed.</summary>
        public double OverPc(double? fixB = null, double? fixLnA = null) =>
            ScalarSearch.Minimize(d => Solve(PcAt(d), fixB, fixLnA).Chi2, minDistance, maxDistance, Math.Max(16, grid / 2), logSpaced: true, refineStarts: 2).Value;
    }
}
