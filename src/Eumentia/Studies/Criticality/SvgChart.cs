using System.Globalization;
using System.Net;
using System.Text;

namespace Eumentia.Studies.Criticality;

/// <summary>A plotted series: points with optional symmetric y errors, drawn as a line, markers or both.</summary>
sealed record Series(string Name, IReadOnlyList<(double X, double Y, double Error)> Points, bool Line = true, bool Markers = false, bool Dashed = false);

/// <summary>
/// Standalone SVG charts for the report: x–y plots with linear or log axes, error bars and a legend, and
/// heatmaps with a perceptual (viridis) colour scale, a colour bar and optional line overlays.
/// Points that cannot be drawn on a log axis (≤ 0) or are not finite are left out.
/// </summary>
sealed class SvgChart
{
    const double Width = 560, Height = 380, Left = 70, Right = 150, Top = 36, Bottom = 52;
    static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939"];

    public string Title { get; init; } = "";
    public string XLabel { get; init; } = "";
    public string YLabel { get; init; } = "";
    public bool LogX { get; init; }
    public bool LogY { get; init; }

    public string Plot(IReadOnlyList<Series> series)
    {
        var visible = series.Select(s => s with { Points = s.Points.Where(p => Drawable(p.X, LogX) && Drawable(p.Y, LogY)).ToArray() }).ToArray();
        var all = visible.SelectMany(s => s.Points).ToArray();
        if (all.Length == 0) return Empty();
        var (x0, x1) = Range(all.Select(p => p.X), LogX);
        var (y0, y1) = Range(all.SelectMany(p => new[] { p.Y, LogY ? p.Y : p.Y - Safe(p.Error), p.Y + Safe(p.Error) }).Where(v => Drawable(v, LogY)), LogY);
        var svg = Begin();
        Axes(svg, x0, x1, y0, y1);
        for (int k = 0; k < visible.Length; k++)
        {
            var s = visible[k];
            string colour = Palette[k % Palette.Length];
            var pts = s.Points.Select(p => (X: MapX(p.X, x0, x1), Y: MapY(p.Y, y0, y1), p)).ToArray();
            if (s.Line && pts.Length > 1)
                svg.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\"{(s.Dashed ? " stroke-dasharray=\"5,4\"" : "")} points=\"")
                   .AppendJoin(' ', pts.Select(p => F($"{p.X:F1},{p.Y:F1}"))).Append("\"/>\n");
            foreach (var (px, py, p) in pts)
            {
                if (s.Markers) svg.Append(F($"<circle cx=\"{px:F1}\" cy=\"{py:F1}\" r=\"2.6\" fill=\"{colour}\"/>\n"));
                double e = Safe(p.Error);
                if (e > 0)
                {
                    double lo = p.Y - e, hi = p.Y + e;
                    double ylo = Drawable(lo, LogY) ? MapY(lo, y0, y1) : Top + PlotHeight, yhi = MapY(hi, y0, y1);
                    svg.Append(F($"<line x1=\"{px:F1}\" x2=\"{px:F1}\" y1=\"{Math.Min(ylo, Top + PlotHeight):F1}\" y2=\"{Math.Max(yhi, Top):F1}\" stroke=\"{colour}\" stroke-width=\"0.9\" opacity=\"0.7\"/>\n"));
                }
            }
            double ly = Top + 14 + 16 * k;
            svg.Append(F($"<line x1=\"{Width - Right + 12}\" x2=\"{Width - Right + 32}\" y1=\"{ly - 4}\" y2=\"{ly - 4}\" stroke=\"{colour}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"5,4\"" : "")}/>"))
               .Append(F($"<text x=\"{Width - Right + 36}\" y=\"{ly}\" font-size=\"11\">{Escape(s.Name)}</text>\n"));
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>A heatmap of z over a regular grid (xs × ys, z[j][i] at (xs[i], ys[j])), colour on a log scale when asked.</summary>
    public string Heatmap(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double[][] z, string colourLabel, bool logColour,
        IReadOnlyList<Series>? overlays = null)
    {
        var finite = z.SelectMany(r => r).Where(v => Drawable(v, logColour)).ToArray();
        if (finite.Length == 0) return Empty();
        double c0 = logColour ? Math.Log10(finite.Min()) : finite.Min(), c1 = logColour ? Math.Log10(finite.Max()) : finite.Max();
        if (c1 <= c0) c1 = c0 + 1;
        double x0 = xs[0] - Half(xs, 0), x1 = xs[^1] + Half(xs, xs.Count - 1), y0 = ys[0] - Half(ys, 0), y1 = ys[^1] + Half(ys, ys.Count - 1);
        var svg = Begin();
        for (int j = 0; j < ys.Count; j++)
            for (int i = 0; i < xs.Count; i++)
            {
                double v = z[j][i];
                string fill = Drawable(v, logColour) ? Viridis(((logColour ? Math.Log10(v) : v) - c0) / (c1 - c0)) : double.IsPositiveInfinity(v) ? "#fde725" : "#dddddd";
                double ax = MapX(xs[i] - Half(xs, i), x0, x1), bx = MapX(xs[i] + Half(xs, i), x0, x1);
                double ay = MapY(ys[j] + Half(ys, j), y0, y1), by = MapY(ys[j] - Half(ys, j), y0, y1);
                svg.Append(F($"<rect x=\"{ax:F1}\" y=\"{ay:F1}\" width=\"{bx - ax + 0.5:F1}\" height=\"{by - ay + 0.5:F1}\" fill=\"{fill}\"/>"));
            }
        svg.Append('\n');
        Axes(svg, x0, x1, y0, y1);
        if (overlays is not null)
            for (int k = 0; k < overlays.Count; k++)
            {
                var pts = overlays[k].Points.Where(p => p.X >= x0 && p.X <= x1 && p.Y >= y0 && p.Y <= y1).ToArray();
                if (pts.Length > 1)
                    svg.Append($"<polyline fill=\"none\" stroke=\"{(k == 0 ? "#ffffff" : "#ff4040")}\" stroke-width=\"2\"{(overlays[k].Dashed ? " stroke-dasharray=\"5,4\"" : "")} points=\"")
                       .AppendJoin(' ', pts.Select(p => F($"{MapX(p.X, x0, x1):F1},{MapY(p.Y, y0, y1):F1}"))).Append("\"/>\n");
                svg.Append(F($"<text x=\"{Width - Right + 12}\" y=\"{Height - Bottom - 16 * k}\" font-size=\"11\" fill=\"{(k == 0 ? "#555" : "#ff4040")}\">{(k == 0 ? "white" : "red")}: {Escape(overlays[k].Name)}</text>\n"));
            }
        // Colour bar.
        double barX = Width - Right + 14, barTop = Top + 4, barHeight = PlotHeight - 60;
        for (int s = 0; s < 50; s++)
            svg.Append(F($"<rect x=\"{barX}\" y=\"{barTop + barHeight * (49 - s) / 50:F1}\" width=\"14\" height=\"{barHeight / 50 + 0.5:F1}\" fill=\"{Viridis(s / 49.0)}\"/>"));
        svg.Append(F($"<text x=\"{barX + 18}\" y=\"{barTop + 8}\" font-size=\"10\">{Label(logColour ? Math.Pow(10, c1) : c1)}</text>"))
           .Append(F($"<text x=\"{barX + 18}\" y=\"{barTop + barHeight}\" font-size=\"10\">{Label(logColour ? Math.Pow(10, c0) : c0)}</text>"))
           .Append(F($"<text x=\"{barX}\" y=\"{barTop + barHeight + 16}\" font-size=\"11\">{Escape(colourLabel)}</text>\n"));
        return svg.Append("</svg>\n").ToString();
    }

    static double PlotWidth => Width - Left - Right;
    static double PlotHeight => Height - Top - Bottom;

    double MapX(double x, double x0, double x1) => Left + PlotWidth * (Scale(x, LogX) - Scale(x0, LogX)) / (Scale(x1, LogX) - Scale(x0, LogX));
    double MapY(double y, double y0, double y1) => Top + PlotHeight * (1 - (Scale(y, LogY) - Scale(y0, LogY)) / (Scale(y1, LogY) - Scale(y0, LogY)));

    static double Scale(double v, bool log) => log ? Math.Log10(v) : v;
    static bool Drawable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);
    static double Safe(double e) => double.IsFinite(e) && e > 0 ? e : 0;
    static double Half(IReadOnlyList<double> v, int i) => v.Count < 2 ? 0.5 : 0.5 * (i + 1 < v.Count ? v[i + 1] - v[i] : v[i] - v[i - 1]);

    static (double, double) Range(IEnumerable<double> values, bool log)
    {
        var v = values.ToArray();
        double lo = v.Min(), hi = v.Max();
        if (log)
        {
            if (hi <= lo) { lo /= 2; hi *= 2; }
            return (lo / Math.Pow(hi / lo, 0.03), hi * Math.Pow(hi / lo, 0.03));
        }
        if (hi <= lo) { lo -= 0.5; hi += 0.5; }
        double pad = 0.04 * (hi - lo);
        return (lo - pad, hi + pad);
    }

    StringBuilder Begin()
    {
        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">\n"));
        svg.Append(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        svg.Append(F($"<text x=\"{Left}\" y=\"20\" font-size=\"13\" font-weight=\"bold\">{Escape(Title)}</text>\n"));
        return svg;
    }

    string Empty() => Begin().Append(F($"<text x=\"{Left}\" y=\"{Top + 40}\" font-size=\"12\">no data to show</text></svg>\n")).ToString();

    void Axes(StringBuilder svg, double x0, double x1, double y0, double y1)
    {
        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#333\"/>\n"));
        foreach (double t in Ticks(x0, x1, LogX))
        {
            double px = MapX(t, x0, x1);
            svg.Append(F($"<line x1=\"{px:F1}\" x2=\"{px:F1}\" y1=\"{Top + PlotHeight}\" y2=\"{Top + PlotHeight + 4}\" stroke=\"#333\"/>"))
               .Append(F($"<text x=\"{px:F1}\" y=\"{Top + PlotHeight + 16}\" font-size=\"10\" text-anchor=\"middle\">{Label(t)}</text>"));
        }
        foreach (double t in Ticks(y0, y1, LogY))
        {
            double py = MapY(t, y0, y1);
            svg.Append(F($"<line x1=\"{Left - 4}\" x2=\"{Left}\" y1=\"{py:F1}\" y2=\"{py:F1}\" stroke=\"#333\"/>"))
               .Append(F($"<text x=\"{Left - 6}\" y=\"{py + 3:F1}\" font-size=\"10\" text-anchor=\"end\">{Label(t)}</text>"));
        }
        svg.Append(F($"<text x=\"{Left + PlotWidth / 2}\" y=\"{Height - 12}\" font-size=\"12\" text-anchor=\"middle\">{Escape(XLabel)}</text>"))
           .Append(F($"<text transform=\"translate(16,{Top + PlotHeight / 2}) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n"));
    }

    /// <summary>Decades on a log axis (with 2 and 5 when there are few), "nice" steps on a linear one.</summary>
    static IEnumerable<double> Ticks(double lo, double hi, bool log)
    {
        if (log)
        {
            int a = (int)Math.Floor(Math.Log10(lo)), b = (int)Math.Ceiling(Math.Log10(hi));
            int stride = Math.Max(1, (b - a) / 8);
            var decades = Enumerable.Range(a, b - a + 1).Where(e => (e - a) % stride == 0).Select(e => Math.Pow(10, e));
            var ticks = (b - a <= 2 ? decades.SelectMany(d => new[] { d, 2 * d, 5 * d }) : decades).Where(t => t >= lo && t <= hi).ToArray();
            return ticks.Length > 0 ? ticks : [lo, hi];
        }
        double raw = (hi - lo) / 6, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var list = new List<double>();
        for (double t = Math.Ceiling(lo / step) * step; t <= hi + 1e-9 * step; t += step) list.Add(Math.Abs(t) < 1e-12 * step ? 0 : t);
        return list;
    }

    static string Label(double v) => Math.Abs(v) >= 1e4 || (Math.Abs(v) < 1e-2 && v != 0) ? v.ToString("0.#E0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Viridis at t in [0, 1] (piecewise-linear through 9 reference colours).</summary>
    internal static string Viridis(double t)
    {
        (int R, int G, int B)[] stops = [(68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141), (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37)];
        t = Math.Clamp(double.IsFinite(t) ? t : 0, 0, 1) * (stops.Length - 1);
        int k = Math.Min((int)t, stops.Length - 2);
        double f = t - k;
        int Mix(int a, int b) => (int)Math.Round(a + f * (b - a));
        return $"#{Mix(stops[k].R, stops[k + 1].R):x2}{Mix(stops[k].G, stops[k + 1].G):x2}{Mix(stops[k].B, stops[k + 1].B):x2}";
    }

    static string Escape(string s) => WebUtility.HtmlEncode(s);
    static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
