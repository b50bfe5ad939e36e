namespace Eumentia.Studies.Criticality;

/// <summary>
/// Fits on one mean curve ρ_l (index = layer): the power-law decay slope and the curvature of ln ρ against
/// ln l (zero at the critical point, negative in the ordered phase, positive in the active one), the
/// plateau ρ* of the active phase, and the exponential decay length ξ of the ordered phase. Power-law
/// windows are sampled at log-spaced layers so every decade weighs the same.
/// </summary>
public static class CurveFits
{
    /// <summary>About <paramref name="count"/> distinct layers spaced evenly in ln l over [from, to].</summary>
    public static int[] LogSpacedLayers(int from, int to, int count = 24)
    {
        if (from < 1 || to <= from) throw new ArgumentException($"bad window [{from}, {to}]");
        return Enumerable.Range(0, count)
            .Select(i => (int)Math.Round(from * Math.Pow((double)to / from, i / (count - 1.0))))
            .Distinct().ToArray();
    }

    /// <summary>Slope and intercept of ln ρ_l against ln l over [from, to] (positive ρ only); NaN if fewer than 3 points.</summary>
    public static (double Slope, double Intercept) PowerLaw(IReadOnlyList<double> rho, int from, int to)
    {
        var (x, y) = LogPoints(rho, from, to);
        return x.Length < 3 ? (double.NaN, double.NaN) : Polynomial.Line(x, y);
    }

    /// <summary>c in ln ρ = a + b u + c u², u = ln l centred on the window: the bend of the log-log curve.</summary>
    public static double Curvature(IReadOnlyList<double> rho, int from, int to)
    {
        var (x, y) = LogPoints(rho, from, to);
        if (x.Length < 4) return double.NaN;
        double centre = x.Average();
        return Polynomial.Quadratic(x.Select(v => v - centre).ToArray(), y).C;
    }

    /// <summary>The mean of ρ_l over [from, to]: the active phase's stationary value.</summary>
    public static double Plateau(IReadOnlyList<double> rho, int from, int to)
    {
        double sum = 0;
        for (int l = from; l <= to; l++) sum += rho[l];
        return sum / (to - from + 1);
    }

    /// <summary>
    /// ξ from ln ρ_l = a − l/ξ fitted over the last third of the curve's life above <paramref name="floor"/>
    /// (float32 signals that have all but merged stop being meaningful near 1e-12): the exponential tail of
    /// the ordered phase. NaN when fewer than 4 layers qualify; +∞ when ρ does not decay there.
    /// </summary>
    public static double DecayLength(IReadOnlyList<double> rho, double floor = 1e-11)
    {
        int end = rho.Count - 1;
        for (int l = 0; l < rho.Count; l++)
            if (!(rho[l] > floor)) { end = l - 1; break; }
        int start = 2 * end / 3;
        if (end - start + 1 < 4) return double.NaN;
        var x = new double[end - start + 1];
        var y = new double[x.Length];
        for (int l = start; l <= end; l++)
        {
            x[l - start] = l;
            y[l - start] = Math.Log(rho[l]);
        }
        double slope = Polynomial.Line(x, y).Slope;
        return slope < 0 ? -1 / slope : double.PositiveInfinity;
    }

    static (double[] X, double[] Y) LogPoints(IReadOnlyList<double> rho, int from, int to)
    {
        to = Math.Min(to, rho.Count - 1);
        if (to <= from) return ([], []);
        var layers = LogSpacedLayers(from, to).Where(l => rho[l] > 0).ToArray();
        return (layers.Select(l => Math.Log(l)).ToArray(), layers.Select(l => Math.Log(rho[l])).ToArray());
    }
}

/// <summary>Ordinary least squares for a line and a parabola (normal equations, centred data).</summary>
static class Polynomial
{
    public static (double Slope, double Intercept) Line(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxx = 0, sxy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double slope = sxy / sxx;
        return (slope, my - slope * mx);
    }

    public static (double A, double B, double C) Quadratic(double[] x, double[] y)
    {
        // Solve the 3×3 normal equations by Cramer's rule (well conditioned for centred x).
        double s0 = x.Length, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double u = x[i], u2 = u * u;
            s1 += u; s2 += u2; s3 += u2 * u; s4 += u2 * u2;
            t0 += y[i]; t1 += u * y[i]; t2 += u2 * y[i];
        }
        double det = Det(s0, s1, s2, s1, s2, s3, s2, s3, s4);
        double a = Det(t0, s1, s2, t1, s2, s3, t2, s3, s4) / det;
        double b = Det(s0, t0, s2, s1, t1, s3, s2, t2, s4) / det;
        double c = Det(s0, s1, t0, s1, s2, t1, s2, s3, t2) / det;
        return (a, b, c);
    }

    static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}
