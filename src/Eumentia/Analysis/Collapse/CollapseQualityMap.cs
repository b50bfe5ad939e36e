namespace Eumentia.Analysis.Collapse;

/// <summary>
/// S over a grid of two free parameters of a fitted collapse, the others held at the optimum: a slice through the
/// quality landscape (not a profile, which would re-optimise the others at every cell). It shows what one number
/// cannot: a valley along which two parameters trade off (correlated errors), a second minimum, or a minimum that
/// sits on the edge of the range. The grid spans ± <paramref name="Span"/> errors (or, without an error, ± 10 % of
/// the value, at least 0.05) around the optimum, clipped to the search range.
/// </summary>
public sealed record CollapseQualityMap(string XParameter, string YParameter, IReadOnlyList<double> X, IReadOnlyList<double> Y, double[,] S, double Span)
{
    public static CollapseQualityMap Scan(ObservationSet data, ICollapseForm form, CollapseResult fit, string xName, string yName, int points = 31,
        CollapseOptions? options = null, double span = 4)
    {
        options ??= new CollapseOptions();
        if (points < 3) throw new UsageException($"a quality map needs at least 3 points per axis, not {points}");
        var all = CollapseData.From(data, form.Curves);
        var window = all.Select(fit.Window.ControlMin, fit.Window.ControlMax, fit.Window.MinSize);
        var parameters = CollapseFitter.Parameters(form, all, options.Overrides);
        int Index(string name)
        {
            int j = Array.FindIndex(parameters, p => p.Name == name);
            if (j < 0) throw new UsageException($"--map: the {form.Name} form has no parameter '{name}'; its parameters are {string.Join(", ", parameters.Select(p => p.Name))}");
            if (fit.Parameters[j].Fixed) throw new UsageException($"--map: {name} is fixed in this fit; map two free parameters");
            return j;
        }
        int jx = Index(xName), jy = Index(yName);
        if (jx == jy) throw new UsageException($"--map {xName},{yName}: name two different parameters");
        double[] Axis(int j)
        {
            var e = fit.Parameters[j];
            var p = parameters[j];
            double half = double.IsFinite(e.Error) && e.Error > 0 ? span * e.Error : Math.Max(0.1 * Math.Abs(e.Value), 0.05);
            double lo = Math.Max(p.Lower, e.Value - half), hi = Math.Min(p.Upper, e.Value + half);
            return Enumerable.Range(0, points).Select(i => lo + (hi - lo) * i / (points - 1)).ToArray();
        }
        var xs = Axis(jx);
        var ys = Axis(jy);
        var theta = fit.Parameters.Select(p => p.Value).ToArray();
        var s = new double[ys.Length, xs.Length];
        var rows = new double[ys.Length][];
        Parallel.For(0, ys.Length, new ParallelOptions { MaxDegreeOfParallelism = Numerics.Threading.Parallelism.MaxThreads }, iy =>
        {
            var quality = new CollapseQuality(window, form, fit.Master); // one evaluator per thread: it keeps scratch arrays
            var at = (double[])theta.Clone();
            rows[iy] = new double[xs.Length];
            for (int ix = 0; ix < xs.Length; ix++)
            {
                at[jx] = xs[ix];
                at[jy] = ys[iy];
                rows[iy][ix] = quality.Evaluate(at, out _);
            }
        });
        for (int iy = 0; iy < ys.Length; iy++)
            for (int ix = 0; ix < xs.Length; ix++) s[iy, ix] = rows[iy][ix];
        return new CollapseQualityMap(xName, yName, xs, ys, s, span);
    }
}
