namespace Eumentia.Analysis.Collapse;

/// <summary>
/// The Houdayer-Hartmann quality S of a collapse (Phys. Rev. B 70, 014418 (2004)): for every scaled point,
/// the master curve Y at its x is estimated from the OTHER curves that span x (<see cref="MasterCurve"/> says
/// how: a line through the bracketing pairs, or a local cubic per curve); S is the mean over the points that
/// have any such curve of (y - Y)^2 / (dy^2 + dY^2), dY the error of that local estimate. With honest
/// errors a perfect collapse has S close to 1, so S reads as chi^2 per degree of freedom. Forms whose curves
/// span decades ask for the comparison in ln y (and ln x) instead (<see cref="ICollapseForm.QualityInLogY"/>).
/// One evaluator per thread: it keeps scratch arrays between calls.
/// </summary>
public sealed class CollapseQuality
{
    readonly CollapseData data;
    readonly ICollapseForm form;
    readonly double[] x, y, dy;
    readonly bool[] valid;
    readonly int[][] order;          // per curve: point indices sorted by scaled x
    readonly double[][] sortedX;     // per curve: scaled x in that order
    readonly int[] curveSize;
    readonly bool logY, logX;
    readonly MasterCurve master;

    public CollapseQuality(CollapseData data, ICollapseForm form, MasterCurve master = MasterCurve.Cubic)
    {
        this.data = data;
        this.form = form;
        this.master = master;
        logY = form.QualityInLogY;
        logX = form.QualityInLogX;
        int n = data.Count;
        x = new double[n]; y = new double[n]; dy = new double[n]; valid = new bool[n];
        int curves = data.CurveLabels.Length;
        curveSize = new int[curves];
        foreach (int c in data.Curve) curveSize[c]++;
        order = curveSize.Select(m => new int[m]).ToArray();
        sortedX = curveSize.Select(m => new double[m]).ToArray();
    }

    public CollapseData Data => data;
    public MasterCurve Master => master;

    /// <summary>S at <paramref name="parameters"/> and the number of points that entered it.</summary>
    public double Evaluate(ReadOnlySpan<double> parameters, out int used)
    {
        ScaleForQuality(parameters);
        int curves = curveSize.Length;
        Span<int> fill = curves <= 256 ? stackalloc int[curves] : new int[curves];
        for (int i = 0; i < data.Count; i++)
            if (valid[i]) order[data.Curve[i]][fill[data.Curve[i]]++] = i;
        for (int c = 0; c < curves; c++)
        {
            var idx = order[c].AsSpan(0, fill[c]);
            var xs = sortedX[c].AsSpan(0, fill[c]);
            for (int k = 0; k < idx.Length; k++) xs[k] = x[idx[k]];
            xs.Sort(idx);
        }

        return master switch
        {
            MasterCurve.Linear => SumLinear(fill, out used),
            _ => SumCubic(fill, out used),
        };
    }

    double SumLinear(ReadOnlySpan<int> fill, out int used)
    {
        int curves = curveSize.Length;
        double sum = 0;
        used = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (!valid[i]) continue;
            double xi = x[i];
            double k0 = 0, kx = 0, kxx = 0, ky = 0, kxy = 0;
            int pairs = 0;
            for (int c = 0; c < curves; c++)
            {
                if (c == data.Curve[i] || fill[c] < 2) continue;
                var xs = sortedX[c].AsSpan(0, fill[c]);
                if (xi < xs[0] || xi > xs[^1]) continue;
                int j = xs.BinarySearch(xi);
                int lo = j >= 0 ? Math.Min(j, xs.Length - 2) : ~j - 1, hi = lo + 1;
                for (int end = 0; end < 2; end++)
                {
                    int m = order[c][end == 0 ? lo : hi];
                    double w = 1 / (dy[m] * dy[m]), dxm = x[m] - xi;
                    k0 += w; kx += w * dxm; kxx += w * dxm * dxm; ky += w * y[m]; kxy += w * dxm * y[m];
                }
                pairs++;
            }
            if (pairs == 0) continue;
            // Weighted line through the bracketing points, evaluated at xi (coordinates centred on xi).
            double det = k0 * kxx - kx * kx;
            if (!(det > 1e-300)) continue;
            double yFit = (kxx * ky - kx * kxy) / det;
            double varFit = kxx / det;
            double r = y[i] - yFit;
            sum += r * r / (dy[i] * dy[i] + varFit);
            used++;
        }
        return used > 0 ? sum / used : double.PositiveInfinity;
    }

    double SumCubic(ReadOnlySpan<int> fill, out int used)
    {
        int curves = curveSize.Length;
        Span<double> w = stackalloc double[4];
        double sum = 0;
        used = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (!valid[i]) continue;
            double xi = x[i];
            double precision = 0, weighted = 0;
            for (int c = 0; c < curves; c++)
            {
                int m = fill[c];
                if (c == data.Curve[i] || m < 2) continue;
                var xs = sortedX[c].AsSpan(0, m);
                if (xi < xs[0] || xi > xs[^1]) continue;
                int j = xs.BinarySearch(xi);
                int lo = j >= 0 ? Math.Min(j, m - 2) : ~j - 1;
                int points = Math.Min(4, m);
                int first = Math.Clamp(lo - 1, 0, m - points);
                // Lagrange weights of the interpolating polynomial through the stencil, evaluated at xi.
                for (int a = 0; a < points; a++)
                {
                    double wa = 1, xa = xs[first + a];
                    for (int b = 0; b < points; b++)
                        if (b != a) wa *= (xi - xs[first + b]) / (xa - xs[first + b]);
                    w[a] = wa;
                }
                double value = 0, variance = 0;
                for (int a = 0; a < points; a++)
                {
                    int k = order[c][first + a];
                    value += w[a] * y[k];
                    variance += w[a] * w[a] * dy[k] * dy[k];
                }
                if (!(variance > 0) || !double.IsFinite(value)) continue;
                precision += 1 / variance;
                weighted += value / variance;
            }
            if (!(precision > 0)) continue;
            double r = y[i] - weighted / precision;
            sum += r * r / (dy[i] * dy[i] + 1 / precision);
            used++;
        }
        return used > 0 ? sum / used : double.PositiveInfinity;
    }

    /// <summary>The scaled coordinates at <paramref name="parameters"/> (NaN where the form is undefined).</summary>
    public (double[] X, double[] Y, double[] Dy) Scaled(ReadOnlySpan<double> parameters)
    {
        Scale(parameters);
        return (x.Select((v, i) => valid[i] ? v : double.NaN).ToArray(), y.Select((v, i) => valid[i] ? v : double.NaN).ToArray(),
            dy.Select((v, i) => valid[i] ? v : double.NaN).ToArray());
    }

    void Scale(ReadOnlySpan<double> parameters)
    {
        for (int i = 0; i < data.Count; i++)
        {
            valid[i] = form.TryScale(data.Size[i], data.Control[i], data.Y[i], data.Dy[i], parameters, out x[i], out y[i], out dy[i])
                && double.IsFinite(x[i]) && double.IsFinite(y[i]) && dy[i] > 0 && double.IsFinite(dy[i]);
        }
    }

    /// <summary>Scaled coordinates as the quality compares them: ln y and/or ln x where the form asks for it.</summary>
    void ScaleForQuality(ReadOnlySpan<double> parameters)
    {
        Scale(parameters);
        if (logY)
            for (int i = 0; i < data.Count; i++)
            {
                if (!(valid[i] && y[i] > 0)) { valid[i] = false; continue; }
                dy[i] /= y[i];
                y[i] = Math.Log(y[i]);
            }
        if (logX)
            for (int i = 0; i < data.Count; i++)
            {
                if (!(valid[i] && x[i] > 0)) { valid[i] = false; continue; }
                x[i] = Math.Log(x[i]);
            }
    }
}
