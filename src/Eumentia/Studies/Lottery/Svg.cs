using System.Globalization;
using System.Net;
using System.Text;

namespace Eumentia.Studies.Lottery;

/// <summary>A point with an optional symmetric error bar (NaN = none).</summary>
public readonly record struct PlotPoint(double X, double Y, double YError = double.NaN);

/// <summary>A named, coloured sequence of points.</summary>
public sealed record PlotSeries(string Name, string Color, IReadOnlyList<PlotPoint> Points, bool Lines = true);

/// <summary>
/// Minimal standalone SVG charts for the lottery report: line plots with error bars (optionally log or reversed x),
/// scatter plots and diverging heatmaps. Kept small and local to the study until the shared report library
/// provides the same; every chart is a self-contained &lt;svg&gt; element.
/// </summary>
public static class Svg
{
    /// <summary>Colours for methods and data sets (Okabe–Ito, distinguishable with colour-vision deficiencies).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    const int Width = 460, Height = 320, Left = 64, Right = 16, Top = 30, Bottom = 46;

    static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    static string E(string s) => WebUtility.HtmlEncode(s);

    public static string LinePlot(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool logX = false, bool reverseX = false)
    {
        var pts = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logX || p.X > 0)).ToArray();
        var sb = Begin(title);
        if (pts.Length == 0) return End(sb.Append(Text(Width / 2, Height / 2, "no data", "middle")));
        double x0 = pts.Min(p => p.X), x1 = pts.Max(p => p.X);
        double y0 = pts.Min(p => double.IsFinite(p.YError) ? p.Y - p.YError : p.Y), y1 = pts.Max(p => double.IsFinite(p.YError) ? p.Y + p.YError : p.Y);
        var xs = new Axis(x0, x1, logX, reverseX, Left, Width - Right);
        var ys = new Axis(y0, y1, false, true, Top, Height - Bottom);
        Frame(sb, xs, ys, xLabel, yLabel);
        for (int k = 0; k < series.Count; k++)
        {
            var s = series[k];
            var p = s.Points.Where(q => double.IsFinite(q.X) && double.IsFinite(q.Y) && (!logX || q.X > 0)).OrderBy(q => q.X).ToArray();
            if (s.Lines && p.Length > 1)
                sb.Append($"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.6\" points=\"{string.Join(" ", p.Select(q => $"{F(xs.Map(q.X))},{F(ys.Map(q.Y))}"))}\"/>");
            foreach (var q in p)
            {
                double cx = xs.Map(q.X), cy = ys.Map(q.Y);
                if (double.IsFinite(q.YError) && q.YError > 0)
                    sb.Append($"<line x1=\"{F(cx)}\" x2=\"{F(cx)}\" y1=\"{F(ys.Map(q.Y - q.YError))}\" y2=\"{F(ys.Map(q.Y + q.YError))}\" stroke=\"{s.Color}\"/>");
                sb.Append($"<circle cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"{(s.Lines ? 2.6 : 1.6)}\" fill=\"{s.Color}\"{(s.Lines ? "" : " fill-opacity=\"0.55\"")}/>");
            }
        }
        Legend(sb, series);
        return End(sb);
    }

    public static string Scatter(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool logX = false) =>
        LinePlot(title, xLabel, yLabel, series.Select(s => s with { Lines = false }).ToArray(), logX);

    /// <summary>
    /// A grid of heatmap tiles (rows × columns), each tile a <paramref name="tileWidth"/> × <paramref name="tileHeight"/>
    /// image of signed values on a diverging blue–white–red scale, symmetric per tile; NaN cells (pruned weights) grey.
    /// </summary>
    public static string HeatmapGrid(string title, IReadOnlyList<string> columnTitles, IReadOnlyList<string> rowTitles,
        Func<int, int, double[]?> tile, int tileWidth, int tileHeight, int cellWidth, int cellHeight)
    {
        int pad = 6, labelW = 70, head = 34;
        int tw = tileWidth * cellWidth, th = tileHeight * cellHeight;
        int w = labelW + columnTitles.Count * (tw + pad) + pad, h = head + rowTitles.Count * (th + pad) + pad;
        var sb = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"11\">");
        sb.Append($"<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>");
        sb.Append(Text(w / 2, 14, title, "middle", bold: true));
        for (int c = 0; c < columnTitles.Count; c++) sb.Append(Text(labelW + c * (tw + pad) + tw / 2, head - 6, columnTitles[c], "middle"));
        for (int r = 0; r < rowTitles.Count; r++)
        {
            int y = head + r * (th + pad);
            sb.Append(Text(labelW - 6, y + th / 2 + 4, rowTitles[r], "end"));
            for (int c = 0; c < columnTitles.Count; c++)
            {
                int x = labelW + c * (tw + pad);
                var v = tile(r, c);
                if (v is null) continue;
                double scale = v.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
                for (int i = 0; i < v.Length; i++)
                {
                    string colour = double.IsFinite(v[i]) ? Diverging(scale > 0 ? v[i] / scale : 0) : "#d9d9d9";
                    sb.Append($"<rect x=\"{x + i % tileWidth * cellWidth}\" y=\"{y + i / tileWidth * cellHeight}\" width=\"{cellWidth}\" height=\"{cellHeight}\" fill=\"{colour}\"/>");
                }
                sb.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{tw}\" height=\"{th}\" fill=\"none\" stroke=\"#888\" stroke-width=\"0.5\"/>");
            }
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Diverging map for t in [−1, 1]: blue (#2166ac) – white – red (#b2182b), interpolated in linear RGB.</summary>
    public static string Diverging(double t)
    {
        t = Math.Clamp(t, -1, 1);
        (double r, double g, double b) end = t < 0 ? (0x21, 0x66, 0xac) : (0xb2, 0x18, 0x2b);
        double a = Math.Abs(t);
        static double Lin(double c) => Math.Pow(c / 255, 2.2);
        static int Gam(double l) => (int)Math.Round(255 * Math.Pow(l, 1 / 2.2));
        int R = Gam(Lin(255) * (1 - a) + Lin(end.r) * a), G = Gam(Lin(255) * (1 - a) + Lin(end.g) * a), B = Gam(Lin(255) * (1 - a) + Lin(end.b) * a);
        return $"#{R:x2}{G:x2}{B:x2}";
    }

    sealed class Axis
    {
        readonly double lo, hi, from, to;
        public bool Log { get; }
        public double Lo => Log ? Math.Pow(10, lo) : lo;
        public double Hi => Log ? Math.Pow(10, hi) : hi;

        public Axis(double min, double max, bool log, bool reverse, double pixelFrom, double pixelTo)
        {
            Log = log;
            lo = log ? Math.Log10(min) : min;
            hi = log ? Math.Log10(max) : max;
            if (hi - lo < 1e-12) { lo -= log ? 0.5 : Math.Max(1e-3, Math.Abs(lo) * 0.1); hi += log ? 0.5 : Math.Max(1e-3, Math.Abs(hi) * 0.1); }
            double margin = (hi - lo) * 0.05;
            lo -= margin;
            hi += margin;
            (from, to) = reverse ? (pixelTo, pixelFrom) : (pixelFrom, pixelTo);
        }

        public double Map(double v) => from + ((Log ? Math.Log10(v) : v) - lo) / (hi - lo) * (to - from);

        public IEnumerable<double> Ticks()
        {
            if (Log)
            {
                for (int e = (int)Math.Floor(lo); e <= (int)Math.Ceiling(hi); e++)
                    foreach (var m in hi - lo < 1.5 ? new[] { 1.0, 2, 5 } : new[] { 1.0 })
                    {
                        double v = m * Math.Pow(10, e);
                        if (Math.Log10(v) >= lo && Math.Log10(v) <= hi) yield return v;
                    }
                yield break;
            }
            double raw = (hi - lo) / 5, mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * mag).First(s => s >= raw);
            for (double v = Math.Ceiling(lo / step) * step; v <= hi + 1e-12; v += step) yield return Math.Abs(v) < step * 1e-9 ? 0 : v;
        }
    }

    static StringBuilder Begin(string title) =>
        new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">")
            .Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>").Append(Text(Width / 2, 16, title, "middle", bold: true));

    static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    static void Frame(StringBuilder sb, Axis xs, Axis ys, string xLabel, string yLabel)
    {
        sb.Append($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#444\"/>");
        foreach (var t in xs.Ticks())
        {
            double x = xs.Map(t);
            sb.Append($"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom + 4}\" stroke=\"#444\"/>")
              .Append(Text(x, Height - Bottom + 15, Tick(t), "middle"));
        }
        foreach (var t in ys.Ticks())
        {
            double y = ys.Map(t);
            sb.Append($"<line x1=\"{Left - 4}\" x2=\"{Left}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#444\"/>")
              .Append($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#eee\"/>")
              .Append(Text(Left - 6, y + 4, Tick(t), "end"));
        }
        sb.Append(Text((Left + Width - Right) / 2.0, Height - 8, xLabel, "middle"));
        sb.Append($"<text x=\"14\" y=\"{F((Top + Height - Bottom) / 2.0)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {F((Top + Height - Bottom) / 2.0)})\">{E(yLabel)}</text>");
    }

    static void Legend(StringBuilder sb, IReadOnlyList<PlotSeries> series)
    {
        for (int k = 0; k < series.Count; k++)
        {
            double y = Top + 12 + 14 * k;
            sb.Append($"<rect x=\"{Left + 8}\" y=\"{F(y - 8)}\" width=\"10\" height=\"10\" fill=\"{series[k].Color}\"/>")
              .Append(Text(Left + 22, y + 1, series[k].Name, "start"));
        }
    }

    static string Tick(double v) => Math.Abs(v) >= 1e4 || (Math.Abs(v) < 1e-3 && v != 0)
        ? v.ToString("0.#e0", CultureInfo.InvariantCulture)
        : v.ToString("0.###", CultureInfo.InvariantCulture);

    static string Text(double x, double y, string s, string anchor, bool bold = false) =>
        $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"bold\"" : "")}>{E(s)}</text>";
}
