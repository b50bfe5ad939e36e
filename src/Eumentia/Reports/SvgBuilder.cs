using System.Globalization;
using System.Text;

namespace Eumentia.Reports;

/// <summary>
/// Writes SVG elements into a buffer: the drawing primitives the plots are made of. Numbers are written in the
/// invariant culture with one decimal (a tenth of a pixel); text is XML-escaped, and a small markup in
/// labels draws exponents and indices: "10^{-3}", "N^{-α}", "ξ_{∥}".
/// </summary>
public sealed class SvgBuilder(TextMeasure? measure = null)
{
    readonly StringBuilder sb = new();
    int nextId;
    static int builders;
    // Ids must be unique across every SVG inlined in one HTML page (a repeated clip-path id makes the browser
    // clip later figures with the first figure's rectangle), so each builder gets its own scope.
    readonly int scope = Interlocked.Increment(ref builders);

    public const string Font = "DejaVu Sans, Helvetica, Arial, sans-serif";

    /// <summary>A document-unique id with a readable prefix (for clip paths and gradients).</summary>
    public string NewId(string prefix) => $"{prefix}{scope}-{nextId++}";

    /// <summary>A coordinate: a tenth of a pixel is below what any screen or printer shows.</summary>
    public static string F(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    static string Dash(string? dash) => dash is null ? "" : $" stroke-dasharray=\"{dash}\"";

    public SvgBuilder Raw(string text) { sb.Append(text).Append('\n'); return this; }

    public SvgBuilder Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null, double opacity = 1)
    {
        sb.Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\"{Dash(dash)}");
        if (opacity < 1) sb.Append($" stroke-opacity=\"{F(opacity)}\"");
        sb.Append("/>\n");
        return this;
    }

    public SvgBuilder Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double width = 1.5, string? dash = null)
    {
        if (points.Count < 2) return this;
        sb.Append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\" points=\"");
        foreach (var (x, y) in points) sb.Append(F(x)).Append(',').Append(F(y)).Append(' ');
        sb.Append($"\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\"{Dash(dash)}/>\n");
        return this;
    }

    public SvgBuilder Polygon(IReadOnlyList<(double X, double Y)> points, string fill, double opacity = 1)
    {
        if (points.Count < 3) return this;
        sb.Append("<polygon points=\"");
        foreach (var (x, y) in points) sb.Append(F(x)).Append(',').Append(F(y)).Append(' ');
        sb.Append($"\" fill=\"{fill}\" fill-opacity=\"{F(opacity)}\" stroke=\"none\"/>\n");
        return this;
    }

    /// <summary>One path of many straight strokes (error bars and their caps), far smaller than a line element each.</summary>
    public SvgBuilder Segments(IReadOnlyList<(double X1, double Y1, double X2, double Y2)> segments, string stroke, double width = 1)
    {
        if (segments.Count == 0) return this;
        sb.Append("<path fill=\"none\" d=\"");
        foreach (var (x1, y1, x2, y2) in segments) sb.Append('M').Append(F(x1)).Append(',').Append(F(y1)).Append('L').Append(F(x2)).Append(',').Append(F(y2));
        sb.Append($"\" stroke=\"{stroke}\" stroke-width=\"{F(width)}\"/>\n");
        return this;
    }

    public SvgBuilder Rect(double x, double y, double w, double h, string fill, string? stroke = null, double strokeWidth = 1, double opacity = 1)
    {
        sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{fill}\"");
        if (opacity < 1) sb.Append($" fill-opacity=\"{F(opacity)}\"");
        sb.Append(stroke is null ? " stroke=\"none\"" : $" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"");
        sb.Append("/>\n");
        return this;
    }

    /// <summary>A marker of the given shape centred at (x, y); <paramref name="size"/> is its diameter in pixels.</summary>
    public SvgBuilder Marker(MarkerShape shape, double x, double y, double size, string fill, string stroke)
    {
        double r = size / 2;
        string style = $"fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1\"";
        switch (shape)
        {
            case MarkerShape.Circle: sb.Append($"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{F(r)}\" {style}/>\n"); break;
            case MarkerShape.Square: sb.Append($"<rect x=\"{F(x - r * 0.9)}\" y=\"{F(y - r * 0.9)}\" width=\"{F(1.8 * r)}\" height=\"{F(1.8 * r)}\" {style}/>\n"); break;
            case MarkerShape.Triangle:
                sb.Append($"<polygon points=\"{F(x)},{F(y - 1.15 * r)} {F(x + r)},{F(y + 0.6 * r)} {F(x - r)},{F(y + 0.6 * r)}\" {style}/>\n"); break;
            case MarkerShape.Diamond:
                sb.Append($"<polygon points=\"{F(x)},{F(y - 1.2 * r)} {F(x + r)},{F(y)} {F(x)},{F(y + 1.2 * r)} {F(x - r)},{F(y)}\" {style}/>\n"); break;
            case MarkerShape.InvertedTriangle:
                sb.Append($"<polygon points=\"{F(x)},{F(y + 1.15 * r)} {F(x + r)},{F(y - 0.6 * r)} {F(x - r)},{F(y - 0.6 * r)}\" {style}/>\n"); break;
        }
        return this;
    }

    /// <summary>Text with ^{..} / _{..} markup; anchor start|middle|end; <paramref name="rotate"/> in degrees about (x, y).</summary>
    public SvgBuilder Text(double x, double y, string text, double size = 12, string anchor = "start", double rotate = 0,
        string weight = "normal", string fill = "#222", string baseline = "auto")
    {
        // Renderers outside the browser (Svg.Skia, for PNG and PDF) anchor each tspan of a label on its own, which
        // scatters sub- and superscripts; with a measure at hand the label is anchored at its start instead.
        double x0 = x;
        if (measure is not null && anchor != "start" && HasMarkup(text))
        {
            x0 = x - (anchor == "middle" ? 0.5 : 1) * Runs(text).Sum(r => measure(r.Text, r.Script ? size * ScriptScale : size));
            anchor = "start";
        }
        sb.Append($"<text x=\"{F(x0)}\" y=\"{F(y)}\" font-family=\"{Font}\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\"");
        if (weight != "normal") sb.Append($" font-weight=\"{weight}\"");
        if (baseline != "auto") sb.Append($" dominant-baseline=\"{baseline}\"");
        if (rotate != 0) sb.Append($" transform=\"rotate({F(rotate)} {F(x)} {F(y)})\"");
        sb.Append('>').Append(Markup(text, size)).Append("</text>\n");
        return this;
    }

    const double ScriptScale = 0.72;

    /// <summary>A stretch of label text: plain, or a superscript / subscript from ^{..} / _{..}.</summary>
    readonly record struct Run(string Text, bool Script, bool Super);

    static bool HasMarkup(string text) => text.Contains("^{", StringComparison.Ordinal) || text.Contains("_{", StringComparison.Ordinal);

    static IEnumerable<Run> Runs(string text)
    {
        int i = 0, plain = 0;
        while (i < text.Length)
        {
            if ((text[i] == '^' || text[i] == '_') && i + 1 < text.Length && text[i + 1] == '{' && text.IndexOf('}', i + 2) is var close and > 0)
            {
                if (i > plain) yield return new Run(text[plain..i], false, false);
                yield return new Run(text[(i + 2)..close], true, text[i] == '^');
                i = plain = close + 1;
                continue;
            }
            i++;
        }
        if (text.Length > plain) yield return new Run(text[plain..], false, false);
    }

    /// <summary>Converts ^{..} and _{..} to raised/lowered smaller tspans (dy-shifted, so every renderer agrees).</summary>
    static string Markup(string text, double size)
    {
        var o = new StringBuilder();
        foreach (var run in Runs(text))
        {
            if (!run.Script) { o.Append(Escape(run.Text)); continue; }
            double shift = (run.Super ? -0.4 : 0.25) * size;
            o.Append($"<tspan dy=\"{F(shift)}\" font-size=\"{F(size * ScriptScale)}\">{Escape(run.Text)}</tspan>");
            o.Append($"<tspan dy=\"{F(-shift)}\">\u200B</tspan>"); // return to the baseline
        }
        return o.ToString();
    }

    /// <summary>Approximate rendered width of a label (0.6 em per character outside markup; 0.45 inside).</summary>
    public static double TextWidth(string text, double size)
    {
        double w = 0;
        bool inside = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if ((c == '^' || c == '_') && i + 1 < text.Length && text[i + 1] == '{') { inside = true; i++; continue; }
            if (c == '}' && inside) { inside = false; continue; }
            w += (inside ? 0.45 : 0.6) * size;
        }
        return w;
    }

    public SvgBuilder OpenGroup(string attributes) { sb.Append($"<g {attributes}>\n"); return this; }
    public SvgBuilder CloseGroup() { sb.Append("</g>\n"); return this; }

    public string ClipRect(double x, double y, double w, double h)
    {
        string id = NewId("clip");
        sb.Append($"<clipPath id=\"{id}\"><rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(h)}\"/></clipPath>\n");
        return id;
    }

    /// <summary>A vertical gradient (bottom = first colour) over the given stops; returns its id.</summary>
    public string VerticalGradient(IReadOnlyList<string> coloursBottomToTop)
    {
        string id = NewId("grad");
        sb.Append($"<linearGradient id=\"{id}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int i = 0; i < coloursBottomToTop.Count; i++)
            sb.Append($"<stop offset=\"{F(100.0 * i / (coloursBottomToTop.Count - 1))}%\" stop-color=\"{coloursBottomToTop[i]}\"/>");
        sb.Append("</linearGradient>\n");
        return id;
    }

    /// <summary>The finished document.</summary>
    public string Document(double width, double height) =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\">\n" +
        $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{sb}</svg>\n";
}

/// <summary>The rendered width of plain text at a font size, from a real font (for renderers that cannot anchor mixed runs).</summary>
public delegate double TextMeasure(string text, double size);

public enum MarkerShape { Circle, Square, Triangle, Diamond, InvertedTriangle }
