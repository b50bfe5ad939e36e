namespace Eumentia.Reports;

/// <summary>
/// One panel of a figure: layers (points with error bars, lines, bands, reference lines, heatmaps,
/// categorical maps) over linear or log axes, with title, axis labels, legend and colour bar. Build it
/// fluently and call <see cref="ToSvg"/>, or put several in a <see cref="Figure"/>.
/// <code>
/// var svg = new Plot { Title = "Loss", XLabel = "N", YLabel = "L", XScale = AxisScale.Log, YScale = AxisScale.Log }
///     .Points(n, loss, err, label: "p = 0.1").Line(nFit, lossFit, label: "fit", dash: "6 4").ToSvg();
/// </code>
/// </summary>
public sealed class Plot
{
    readonly List<object> layers = [];
    int seriesCount;

    public string? Title { get; set; }
    /// <summary>A second, smaller line under the title (fitted values, say).</summary>
    public string? Subtitle { get; set; }
    public string? XLabel { get; set; }
    public string? YLabel { get; set; }
    public AxisScale XScale { get; set; } = AxisScale.Linear;
    public AxisScale YScale { get; set; } = AxisScale.Linear;
    public double? XMin { get; set; }
    public double? XMax { get; set; }
    public double? YMin { get; set; }
    public double? YMax { get; set; }
    public LegendPosition Legend { get; set; } = LegendPosition.Auto;
    /// <summary>Light grid lines at the major ticks.</summary>
    public bool Grid { get; set; } = true;

    const double TickFont = 11, LabelFont = 13, TitleFont = 14, LegendFont = 11;

    /// <summary>The layers in drawing order (for <see cref="PlotData"/>).</summary>
    internal IReadOnlyList<object> Layers => layers;

    /// <summary>Markers (and optionally a line) with optional error bars in y and x; colour and marker cycle unless given.</summary>
    public Plot Points(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? yError = null, string? label = null,
        string? colour = null, MarkerShape? marker = null, bool line = false, double markerSize = 7, IReadOnlyList<double>? xError = null)
    {
        Check(x, y, yError);
        Check(x, y, xError);
        int k = seriesCount++;
        layers.Add(new SeriesLayer(x.ToArray(), y.ToArray(), yError?.ToArray(), xError?.ToArray(), label, colour ?? Palette.Category(k),
            marker ?? (MarkerShape)(k % 5), line, null, 1.2, markerSize));
        return this;
    }

    /// <summary>A line through the points (non-finite points break it).</summary>
    public Plot Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? label = null, string? colour = null, string? dash = null, double width = 1.8)
    {
        Check(x, y, null);
        int k = seriesCount++;
        layers.Add(new SeriesLayer(x.ToArray(), y.ToArray(), null, null, label, colour ?? Palette.Category(k), null, true, dash, width, 0));
        return this;
    }

    public Plot Band(IReadOnlyList<double> x, IReadOnlyList<double> low, IReadOnlyList<double> high, string? label = null, string? colour = null, double opacity = 0.22)
    {
        Check(x, low, high);
        layers.Add(new BandLayer(x.ToArray(), low.ToArray(), high.ToArray(), label, colour ?? Palette.Category(seriesCount), opacity));
        return this;
    }

    public Plot HorizontalLine(double y, string? label = null, string colour = "#555555", string? dash = "5 4")
    {
        layers.Add(new ReferenceLayer(true, y, label, colour, dash));
        return this;
    }

    public Plot VerticalLine(double x, string? label = null, string colour = "#555555", string? dash = "5 4")
    {
        layers.Add(new ReferenceLayer(false, x, label, colour, dash));
        return this;
    }

    /// <summary>Values[iy, ix] at cell centres; the colour scale spans the finite values unless min/max are given.</summary>
    public Plot Heatmap(IReadOnlyList<double> xCenters, IReadOnlyList<double> yCenters, double[,] values, string colourLabel,
        AxisScale colourScale = AxisScale.Linear, double? min = null, double? max = null)
    {
        if (values.GetLength(0) != yCenters.Count || values.GetLength(1) != xCenters.Count)
            throw new ArgumentException($"heatmap values are {values.GetLength(0)}x{values.GetLength(1)}, centres {yCenters.Count}x{xCenters.Count}");
        layers.Add(new HeatmapLayer(xCenters.ToArray(), yCenters.ToArray(), values, colourLabel, colourScale, min, max));
        return this;
    }

    /// <summary>Categories[iy, ix] index <paramref name="names"/> (negative: no data); a phase diagram.</summary>
    public Plot Categories(IReadOnlyList<double> xCenters, IReadOnlyList<double> yCenters, int[,] categories, IReadOnlyList<string> names,
        IReadOnlyList<string>? colours = null)
    {
        if (categories.GetLength(0) != yCenters.Count || categories.GetLength(1) != xCenters.Count)
            throw new ArgumentException("category grid and centres disagree in shape");
        layers.Add(new CategoryLayer(xCenters.ToArray(), yCenters.ToArray(), categories, names,
            colours ?? names.Select((_, i) => Palette.Category(i)).ToArray()));
        return this;
    }

    static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? z)
    {
        if (x.Count != y.Count || (z is not null && z.Count != x.Count))
            throw new ArgumentException($"series lengths differ: {x.Count} x values, {y.Count} y values{(z is null ? "" : $", {z.Count} others")}");
    }

    /// <summary>The plot alone as an SVG document.</summary>
    public string ToSvg(double width = 640, double height = 440, TextMeasure? measure = null)
    {
        var svg = new SvgBuilder(measure);
        Render(svg, 0, 0, width, height);
        return svg.Document(width, height);
    }

    /// <summary>This plot as a file set named <paramref name="name"/> (SVG, PNG, PDF and the CSV of its values).</summary>
    public FigureFile File(string name, double width = 640, double height = 440) =>
        new(name, m => ToSvg(width, height, m), () => PlotData.Csv([this]));

    /// <summary>Draws the plot into the rectangle (left, top, width, height) of <paramref name="svg"/>.</summary>
    public void Render(SvgBuilder svg, double left, double top, double width, double height)
    {
        var heat = layers.OfType<HeatmapLayer>().FirstOrDefault();
        // Maps fill their frame exactly; everything else gets a small margin so markers are not cut at the edge.
        double margin = layers.Any(l => l is HeatmapLayer or CategoryLayer) ? 0 : 0.04;
        var xAxis = Axis.Fit(XScale, XValues(), XMin, XMax, margin);
        var yAxis = Axis.Fit(YScale, YValues(), YMin, YMax, margin);
        var legendPosition = Legend == LegendPosition.Auto && layers.Any(l => l is CategoryLayer) ? LegendPosition.Outside : Legend;
        var xTicks = xAxis.Ticks();
        var yTicks = yAxis.Ticks();
        var legend = LegendEntries();
        double legendWidth = legend.Count == 0 ? 0 : legend.Max(e => SvgBuilder.TextWidth(e.Label, LegendFont)) + 40;

        double yTickWidth = yTicks.Where(t => t.Major).Select(t => SvgBuilder.TextWidth(t.Label, TickFont)).DefaultIfEmpty(20).Max();
        double ml = left + (YLabel is null ? 8 : 26) + yTickWidth + 8;
        double mt = top + (Title is null ? 12 : 32) + (Subtitle is null ? 0 : 16);
        double mr = 14 + (heat is null ? 0 : 86) + (legendPosition == LegendPosition.Outside && legend.Count > 0 ? legendWidth + 12 : 0);
        double mb = (XLabel is null ? 26 : 46);
        double pw = Math.Max(20, left + width - mr - ml), ph = Math.Max(20, top + height - mb - mt);
        double X(double v) => xAxis.Map(v, ml, ml + pw);
        double Y(double v) => yAxis.Map(v, mt + ph, mt);

        // Frame, grid.
        svg.Rect(ml, mt, pw, ph, "white");
        if (Grid)
        {
            foreach (var t in xTicks.Where(t => t.Major)) svg.Line(X(t.Value), mt, X(t.Value), mt + ph, "#e6e6e6");
            foreach (var t in yTicks.Where(t => t.Major)) svg.Line(ml, Y(t.Value), ml + pw, Y(t.Value), "#e6e6e6");
        }

        string clip = svg.ClipRect(ml, mt, pw, ph);
        svg.OpenGroup($"clip-path=\"url(#{clip})\"");
        foreach (var layer in layers)
        {
            switch (layer)
            {
                // Crisp edges: anti-aliased cell borders would show as a faint grid between cells.
                case HeatmapLayer h: svg.OpenGroup("shape-rendering=\"crispEdges\""); DrawHeatmap(svg, h, X, Y); svg.CloseGroup(); break;
                case CategoryLayer c: svg.OpenGroup("shape-rendering=\"crispEdges\""); DrawCategories(svg, c, X, Y); svg.CloseGroup(); break;
                case BandLayer b: DrawBand(svg, b, X, Y); break;
                case ReferenceLayer r:
                    if (r.Horizontal) svg.Line(ml, Y(r.Value), ml + pw, Y(r.Value), r.Colour, 1.2, r.Dash);
                    else svg.Line(X(r.Value), mt, X(r.Value), mt + ph, r.Colour, 1.2, r.Dash);
                    break;
            }
        }
        foreach (var s in layers.OfType<SeriesLayer>()) DrawSeries(svg, s, X, Y, xAxis, yAxis);
        svg.CloseGroup();
        svg.Rect(ml, mt, pw, ph, "none", "#333333", 1);

        // Ticks and labels.
        foreach (var t in xTicks)
        {
            double x = X(t.Value);
            svg.Line(x, mt + ph, x, mt + ph + (t.Major ? 5 : 3), "#333333");
            if (t.Label.Length > 0) svg.Text(x, mt + ph + 18, t.Label, TickFont, "middle");
        }
        foreach (var t in yTicks)
        {
            double y = Y(t.Value);
            svg.Line(ml - (t.Major ? 5 : 3), y, ml, y, "#333333");
            if (t.Label.Length > 0) svg.Text(ml - 8, y + 4, t.Label, TickFont, "end");
        }
        if (XLabel is not null) svg.Text(ml + pw / 2, mt + ph + 38, XLabel, LabelFont, "middle");
        if (YLabel is not null) svg.Text(left + 16, mt + ph / 2, YLabel, LabelFont, "middle", rotate: -90);
        // Titles centre over the plot area, shifted where a long one would run past the panel's edge.
        double Centre(string text, double size)
        {
            double half = Math.Min(width / 2, 0.5 * SvgBuilder.TextWidth(text, size) + 4);
            return Math.Clamp(ml + pw / 2, left + half, left + width - half);
        }
        if (Title is not null) svg.Text(Centre(Title, TitleFont), top + 20, Title, TitleFont, "middle", weight: "bold");
        if (Subtitle is not null) svg.Text(Centre(Subtitle, LegendFont), top + (Title is null ? 16 : 38), Subtitle, LegendFont, "middle", fill: "#444");

        if (heat is not null) DrawColourBar(svg, heat, ml + pw + 16, mt, ph);
        if (legend.Count > 0 && legendPosition != LegendPosition.None)
            DrawLegend(svg, legend, legendPosition, legendWidth, ml, mt, pw, ph, X, Y, heat is null ? 0 : 86);
    }

    /// <summary>A map fills its frame exactly: when there is one, only maps set the axes' ranges (curves over it are clipped to it).</summary>
    IEnumerable<object> RangeLayers() => layers.Any(l => l is HeatmapLayer or CategoryLayer) ? layers.Where(l => l is HeatmapLayer or CategoryLayer) : layers;

    IEnumerable<double> XValues()
    {
        foreach (var l in RangeLayers())
            switch (l)
            {
                case SeriesLayer s: foreach (var v in WithErrorBars(s.X, s.XError, XScale)) yield return v; break;
                case BandLayer b: foreach (var v in b.X) yield return v; break;
                case ReferenceLayer { Horizontal: false } r: yield return r.Value; break;
                case HeatmapLayer h: foreach (var v in Edges(h.XCenters, XScale)) yield return v; break;
                case CategoryLayer c: foreach (var v in Edges(c.XCenters, XScale)) yield return v; break;
            }
    }

    IEnumerable<double> YValues()
    {
        foreach (var l in RangeLayers())
            switch (l)
            {
                case SeriesLayer s: foreach (var v in WithErrorBars(s.Y, s.YError, YScale)) yield return v; break;
                case BandLayer b: foreach (var v in b.Low.Concat(b.High)) yield return v; break;
                case ReferenceLayer { Horizontal: true } r: yield return r.Value; break;
                case HeatmapLayer h: foreach (var v in Edges(h.YCenters, YScale)) yield return v; break;
                case CategoryLayer c: foreach (var v in Edges(c.YCenters, YScale)) yield return v; break;
            }
    }

    /// <summary>Values and the ends of their error bars, for an axis's range.</summary>
    static IEnumerable<double> WithErrorBars(double[] values, double[]? errors, AxisScale scale)
    {
        for (int i = 0; i < values.Length; i++)
        {
            yield return values[i];
            if (errors is null || !double.IsFinite(errors[i])) continue;
            yield return values[i] + errors[i];
            // On a log axis a bar reaching zero or below would drag the range to 0; keep the point's own decade.
            if (scale == AxisScale.Linear || values[i] - errors[i] > 0.2 * values[i]) yield return values[i] - errors[i];
        }
    }

    /// <summary>Cell edges from centres: midpoints (geometric ones on a log axis), the ends extended by half a cell.</summary>
    static double[] Edges(double[] centers, AxisScale scale)
    {
        Func<double, double> f = scale == AxisScale.Log ? Math.Log : v => v;
        Func<double, double> g = scale == AxisScale.Log ? Math.Exp : v => v;
        int n = centers.Length;
        var e = new double[n + 1];
        if (n == 1) { double d = scale == AxisScale.Log ? 0.5 * Math.Log(10) : 0.5; e[0] = g(f(centers[0]) - d); e[1] = g(f(centers[0]) + d); return e; }
        for (int i = 1; i < n; i++) e[i] = g(0.5 * (f(centers[i - 1]) + f(centers[i])));
        e[0] = g(f(centers[0]) - 0.5 * (f(centers[1]) - f(centers[0])));
        e[n] = g(f(centers[n - 1]) + 0.5 * (f(centers[n - 1]) - f(centers[n - 2])));
        return e;
    }

    (double Lo, double Hi) ColourRange(HeatmapLayer h)
    {
        var v = h.Values.Cast<double>().Where(x => double.IsFinite(x) && (h.ColourScale == AxisScale.Linear || x > 0)).ToArray();
        double lo = h.Min ?? (v.Length > 0 ? v.Min() : 0), hi = h.Max ?? (v.Length > 0 ? v.Max() : 1);
        if (hi <= lo) hi = lo + (h.ColourScale == AxisScale.Log ? lo : 1);
        return (lo, hi);
    }

    void DrawHeatmap(SvgBuilder svg, HeatmapLayer h, Func<double, double> X, Func<double, double> Y)
    {
        var xe = Edges(h.XCenters, XScale);
        var ye = Edges(h.YCenters, YScale);
        var (lo, hi) = ColourRange(h);
        var axis = new Axis(h.ColourScale, lo, hi);
        for (int iy = 0; iy < h.YCenters.Length; iy++)
            for (int ix = 0; ix < h.XCenters.Length; ix++)
            {
                double v = h.Values[iy, ix];
                string colour = double.IsFinite(v) ? Palette.Viridis(axis.Map(Math.Clamp(v, lo, hi), 0, 1)) : Palette.Viridis(double.NaN);
                double x0 = X(xe[ix]), x1 = X(xe[ix + 1]), y0 = Y(ye[iy + 1]), y1 = Y(ye[iy]);
                // A hair of overlap hides the seams anti-aliasing would draw between cells.
                svg.Rect(Math.Min(x0, x1), Math.Min(y0, y1), Math.Abs(x1 - x0) + 0.5, Math.Abs(y1 - y0) + 0.5, colour);
            }
    }

    void DrawCategories(SvgBuilder svg, CategoryLayer c, Func<double, double> X, Func<double, double> Y)
    {
        var xe = Edges(c.XCenters, XScale);
        var ye = Edges(c.YCenters, YScale);
        for (int iy = 0; iy < c.YCenters.Length; iy++)
            for (int ix = 0; ix < c.XCenters.Length; ix++)
            {
                int k = c.Categories[iy, ix];
                string colour = k >= 0 && k < c.Colours.Count ? c.Colours[k] : "#d9d9d9";
                double x0 = X(xe[ix]), x1 = X(xe[ix + 1]), y0 = Y(ye[iy + 1]), y1 = Y(ye[iy]);
                svg.Rect(Math.Min(x0, x1), Math.Min(y0, y1), Math.Abs(x1 - x0) + 0.5, Math.Abs(y1 - y0) + 0.5, colour);
            }
    }

    static void DrawBand(SvgBuilder svg, BandLayer b, Func<double, double> X, Func<double, double> Y)
    {
        var pts = new List<(double, double)>();
        for (int i = 0; i < b.X.Length; i++)
            if (double.IsFinite(X(b.X[i])) && double.IsFinite(Y(b.High[i]))) pts.Add((X(b.X[i]), Y(b.High[i])));
        for (int i = b.X.Length - 1; i >= 0; i--)
            if (double.IsFinite(X(b.X[i])) && double.IsFinite(Y(b.Low[i]))) pts.Add((X(b.X[i]), Y(b.Low[i])));
        svg.Polygon(pts, b.Colour, b.Opacity);
    }

    static void DrawSeries(SvgBuilder svg, SeriesLayer s, Func<double, double> X, Func<double, double> Y, Axis xAxis, Axis yAxis)
    {
        if (s.Line)
        {
            var segment = new List<(double, double)>();
            for (int i = 0; i <= s.X.Length; i++)
            {
                double px = i < s.X.Length ? X(s.X[i]) : double.NaN, py = i < s.X.Length ? Y(s.Y[i]) : double.NaN;
                if (double.IsFinite(px) && double.IsFinite(py)) { segment.Add((px, py)); continue; }
                svg.Polyline(segment, s.Colour, s.Width, s.Dash);
                segment = [];
            }
        }
        if (s.YError is not null)
        {
            var bars = new List<(double, double, double, double)>();
            for (int i = 0; i < s.X.Length; i++)
            {
                double e = s.YError[i], px = X(s.X[i]);
                if (!double.IsFinite(e) || e <= 0 || !double.IsFinite(px) || !double.IsFinite(s.Y[i])) continue;
                double lowValue = s.Y[i] - e;
                double yHi = Y(s.Y[i] + e), yLo = yAxis.Scale == AxisScale.Log && lowValue <= 0 ? Y(yAxis.Min) + 10 : Y(lowValue);
                if (Math.Abs(yLo - yHi) < 1) continue; // shorter than a pixel: the marker covers it
                bars.Add((px, yLo, px, yHi));
                bars.Add((px - 3, yHi, px + 3, yHi));
                bars.Add((px - 3, yLo, px + 3, yLo));
            }
            svg.Segments(bars, s.Colour, 1.1);
        }
        if (s.XError is not null)
        {
            var bars = new List<(double, double, double, double)>();
            for (int i = 0; i < s.X.Length; i++)
            {
                double e = s.XError[i], py = Y(s.Y[i]);
                if (!double.IsFinite(e) || e <= 0 || !double.IsFinite(py) || !double.IsFinite(s.X[i])) continue;
                double lowValue = s.X[i] - e;
                double xHi = X(s.X[i] + e), xLo = xAxis.Scale == AxisScale.Log && lowValue <= 0 ? X(xAxis.Min) - 10 : X(lowValue);
                if (Math.Abs(xHi - xLo) < 1) continue;
                bars.Add((xLo, py, xHi, py));
                bars.Add((xHi, py - 3, xHi, py + 3));
                bars.Add((xLo, py - 3, xLo, py + 3));
            }
            svg.Segments(bars, s.Colour, 1.1);
        }
        if (s.Marker is MarkerShape shape)
            for (int i = 0; i < s.X.Length; i++)
            {
                double px = X(s.X[i]), py = Y(s.Y[i]);
                if (double.IsFinite(px) && double.IsFinite(py)) svg.Marker(shape, px, py, s.MarkerSize, s.Colour, "white");
            }
    }

    void DrawColourBar(SvgBuilder svg, HeatmapLayer h, double x, double top, double height)
    {
        var (lo, hi) = ColourRange(h);
        var axis = new Axis(h.ColourScale, lo, hi);
        string grad = svg.VerticalGradient(Palette.ViridisStops());
        const double barWidth = 14;
        svg.Rect(x, top, barWidth, height, $"url(#{grad})", "#333333", 0.8);
        foreach (var t in axis.Ticks())
        {
            double y = axis.Map(t.Value, top + height, top);
            svg.Line(x + barWidth, y, x + barWidth + (t.Major ? 4 : 2), y, "#333333");
            if (t.Label.Length > 0) svg.Text(x + barWidth + 6, y + 4, t.Label, TickFont - 1);
        }
        double labelX = x + barWidth + 22 + axis.Ticks().Where(t => t.Major).Select(t => SvgBuilder.TextWidth(t.Label, TickFont - 1)).DefaultIfEmpty(10).Max();
        svg.Text(labelX, top + height / 2, h.ColourLabel, TickFont, "middle", rotate: -90);
    }

    sealed record LegendEntry(string Label, string Colour, MarkerShape? Marker, bool Line, string? Dash, bool Swatch, double Opacity);

    List<LegendEntry> LegendEntries()
    {
        var entries = new List<LegendEntry>();
        foreach (var l in layers)
            switch (l)
            {
                case SeriesLayer { Label: not null } s: entries.Add(new LegendEntry(s.Label, s.Colour, s.Marker, s.Line, s.Dash, false, 1)); break;
                case BandLayer { Label: not null } b: entries.Add(new LegendEntry(b.Label, b.Colour, null, false, null, true, b.Opacity + 0.15)); break;
                case ReferenceLayer { Label: not null } r: entries.Add(new LegendEntry(r.Label, r.Colour, null, true, r.Dash, false, 1)); break;
                case CategoryLayer c:
                    for (int k = 0; k < c.Names.Count; k++) entries.Add(new LegendEntry(c.Names[k], c.Colours[k], null, false, null, true, 1));
                    break;
            }
        return entries;
    }

    void DrawLegend(SvgBuilder svg, List<LegendEntry> entries, LegendPosition position, double width, double ml, double mt, double pw, double ph,
        Func<double, double> X, Func<double, double> Y, double colourBarSpace)
    {
        const double rowHeight = 17, pad = 6;
        double height = entries.Count * rowHeight + 2 * pad - 3;
        if (position == LegendPosition.Auto) position = QuietestCorner(width, height, ml, mt, pw, ph, X, Y);
        double x = position switch
        {
            LegendPosition.TopLeft or LegendPosition.BottomLeft => ml + 8,
            LegendPosition.Outside => ml + pw + colourBarSpace + 12,
            _ => ml + pw - width - 8,
        };
        double y = position is LegendPosition.BottomLeft or LegendPosition.BottomRight ? mt + ph - height - 8 : position == LegendPosition.Outside ? mt : mt + 8;
        svg.Rect(x, y, width, height, "white", "#bbbbbb", 0.8, opacity: 0.9);
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            double cy = y + pad + i * rowHeight + rowHeight / 2 - 1.5;
            if (e.Swatch) svg.Rect(x + 7, cy - 5, 20, 10, e.Colour, opacity: e.Opacity);
            if (e.Line) svg.Line(x + 5, cy, x + 29, cy, e.Colour, 1.8, e.Dash);
            if (e.Marker is MarkerShape m) svg.Marker(m, x + 17, cy, 7, e.Colour, "white");
            svg.Text(x + 35, cy + 4, e.Label, LegendFont);
        }
    }

    LegendPosition QuietestCorner(double w, double h, double ml, double mt, double pw, double ph, Func<double, double> X, Func<double, double> Y)
    {
        var pts = layers.OfType<SeriesLayer>().SelectMany(s => s.X.Zip(s.Y, (a, b) => (X(a), Y(b)))).Where(p => double.IsFinite(p.Item1) && double.IsFinite(p.Item2)).ToArray();
        // Lines count too: sample each polyline densely so a legend does not sit on a curve without markers.
        var linePts = layers.OfType<SeriesLayer>().Where(s => s.Line).SelectMany(s => Densify(s, X, Y));
        var all = pts.Concat(linePts).ToArray();
        LegendPosition[] order = [LegendPosition.TopRight, LegendPosition.TopLeft, LegendPosition.BottomRight, LegendPosition.BottomLeft];
        return order.MinBy(p =>
        {
            double x0 = p is LegendPosition.TopLeft or LegendPosition.BottomLeft ? ml + 8 : ml + pw - w - 8;
            double y0 = p is LegendPosition.BottomLeft or LegendPosition.BottomRight ? mt + ph - h - 8 : mt + 8;
            return all.Count(q => q.Item1 >= x0 - 4 && q.Item1 <= x0 + w + 4 && q.Item2 >= y0 - 4 && q.Item2 <= y0 + h + 4);
        });
    }

    static IEnumerable<(double, double)> Densify(SeriesLayer s, Func<double, double> X, Func<double, double> Y)
    {
        for (int i = 0; i + 1 < s.X.Length; i++)
        {
            double x0 = X(s.X[i]), y0 = Y(s.Y[i]), x1 = X(s.X[i + 1]), y1 = Y(s.Y[i + 1]);
            if (!double.IsFinite(x0 + y0 + x1 + y1)) continue;
            for (int k = 0; k < 8; k++) yield return (x0 + (x1 - x0) * k / 8, y0 + (y1 - y0) * k / 8);
        }
    }
}
