using System.Globalization;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Reports;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// Receptive fields as a mosaic of tiles, one per (hidden unit, network): a unit's incoming weights drawn on the
/// input grid on a diverging blue–white–red scale (each tile scaled to its own largest |w|, since only the shape
/// matters), pruned weights grey, so the mask is visible too. A 1-D input is a strip of cells; a 2-D one a square.
/// Columns that would not fit a report page wrap into bands, each with its column titles and row labels. A colour
/// bar on the right gives the scale (w / max|w| of its tile) and the grey of pruned weights.
/// The shared plots draw sequential heatmaps with a colour bar; signed weights need a diverging map and many small
/// tiles, hence this drawing of its own on the shared SVG builder.
/// </summary>
public static class ReceptiveFieldMosaic
{
    /// <param name="tile">The values of (row, column): NaN for pruned; null leaves the tile empty.</param>
    public static string ToSvg(string title, IReadOnlyList<string> columnTitles, IReadOnlyList<string> rowTitles, Func<int, int, double[]?> tile, InputGrid grid,
        TextMeasure? measure = null)
    {
        int cellWidth = grid.Height == 1 ? Math.Max(2, 256 / grid.Width) : Math.Max(2, 84 / grid.Width);
        int cellHeight = grid.Height == 1 ? 12 : cellWidth;
        const int pad = 8, labelWidth = 64, head = 44, maxWidth = 1150;
        int tw = grid.Width * cellWidth, th = grid.Height * cellHeight;
        // Columns wrap into bands so the mosaic fits a report page: 1-D strips first shrink to 3 px per site, then wrap.
        if (grid.Height == 1)
            while (cellWidth > 3 && labelWidth + columnTitles.Count * (tw + pad) + pad > maxWidth) tw = grid.Width * --cellWidth;
        int perBand = Math.Clamp((maxWidth - labelWidth - pad) / (tw + pad), 1, Math.Max(1, columnTitles.Count));
        int bands = (columnTitles.Count + perBand - 1) / perBand;
        int bandHeight = head + rowTitles.Count * (th + pad);
        const int barSpace = 104;
        int mosaicWidth = labelWidth + Math.Min(perBand, columnTitles.Count) * (tw + pad) + pad;
        int width = mosaicWidth + barSpace, height = Math.Max(bands * bandHeight + pad, head + 150);
        var svg = new SvgBuilder(measure);
        svg.Rect(0, 0, width, height, "white");
        svg.Text(width / 2.0, 18, title, 14, "middle", weight: "bold");
        for (int c = 0; c < columnTitles.Count; c++)
            svg.Text(labelWidth + c % perBand * (tw + pad) + tw / 2.0, c / perBand * bandHeight + head - 8, columnTitles[c], 11, "middle");
        for (int r = 0; r < rowTitles.Count; r++)
        {
            for (int band = 0; band < bands; band++)
                svg.Text(labelWidth - 6, band * bandHeight + head + r * (th + pad) + th / 2.0 + 4, rowTitles[r], 11, "end");
            for (int c = 0; c < columnTitles.Count; c++)
            {
                int x = labelWidth + c % perBand * (tw + pad), y = c / perBand * bandHeight + head + r * (th + pad);
                if (tile(r, c) is not { } v) continue;
                double scale = v.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
                for (int i = 0; i < v.Length; i++)
                    svg.Rect(x + i % grid.Width * cellWidth, y + i / grid.Width * cellHeight, cellWidth, cellHeight,
                        double.IsFinite(v[i]) ? Diverging(scale > 0 ? v[i] / scale : 0) : "#d9d9d9");
                svg.Rect(x, y, tw, th, "none", "#888888", 0.5);
            }
        }
        ColourBar(svg, mosaicWidth + 8, head, Math.Max(110, Math.Min(220, bandHeight - head - pad)));
        return svg.Document(width, height);
    }

    /// <summary>The diverging scale from −1 to +1 (of each tile's largest |w|) and the grey of pruned weights.</summary>
    static void ColourBar(SvgBuilder svg, double x, double top, double height)
    {
        const double barWidth = 14;
        string gradient = svg.VerticalGradient(Enumerable.Range(0, 21).Select(i => Diverging(-1 + i / 10.0)).ToArray());
        svg.Rect(x, top, barWidth, height, $"url(#{gradient})", "#333333", 0.8);
        foreach (var v in new[] { -1.0, -0.5, 0, 0.5, 1 })
        {
            double y = top + height * (1 - (v + 1) / 2);
            svg.Line(x + barWidth, y, x + barWidth + 4, y, "#333333");
            svg.Text(x + barWidth + 6, y + 4, v.ToString("0.#", CultureInfo.InvariantCulture).Replace("-", "−"), 10);
        }
        svg.Text(x + barWidth + 44, top + height / 2, "w / max|w| of the tile", 11, "middle", rotate: -90);
        svg.Rect(x, top + height + 12, barWidth, 10, "#d9d9d9", "#888888", 0.5);
        svg.Text(x + barWidth + 6, top + height + 21, "pruned", 10);
    }

    /// <summary>The mosaic as a figure's file set; its CSV has one row per weight drawn (NaN: pruned).</summary>
    public static FigureFile File(string name, string title, IReadOnlyList<string> columnTitles, IReadOnlyList<string> rowTitles, Func<int, int, double[]?> tile, InputGrid grid) =>
        new(name, m => ToSvg(title, columnTitles, rowTitles, tile, grid, m), () => CsvTable.ToText(["tile_row", "tile_column", "input", "grid_x", "grid_y", "weight"],
            from r in Enumerable.Range(0, rowTitles.Count)
            from c in Enumerable.Range(0, columnTitles.Count)
            let v = tile(r, c)
            where v is not null
            from i in Enumerable.Range(0, v.Length)
            select (IReadOnlyList<string>)[rowTitles[r], columnTitles[c], I(i), I(i % grid.Width), I(i / grid.Width), double.IsNaN(v[i]) ? "" : CsvTable.Format(v[i])]));

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>t in [−1, 1] → blue (#2166ac) – white – red (#b2182b), interpolated in linear light so white sits at 0.</summary>
    public static string Diverging(double t)
    {
        t = Math.Clamp(t, -1, 1);
        int end = t < 0 ? 0x2166ac : 0xb2182b;
        double a = Math.Abs(t);
        int Channel(int shift)
        {
            double linear = (1 - a) + a * Math.Pow(((end >> shift) & 0xFF) / 255.0, 2.2);
            return (int)Math.Round(255 * Math.Pow(linear, 1 / 2.2));
        }
        return $"#{Channel(16):x2}{Channel(8):x2}{Channel(0):x2}";
    }
}
