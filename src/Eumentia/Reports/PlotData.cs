using System.Globalization;
using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Reports;

/// <summary>
/// The values a plot draws, as one long CSV: a row per point of every series (with its x and y errors), per
/// band vertex (low and high), per reference line and per heatmap or category cell, labelled by panel, layer
/// and legend label, so any figure can be redrawn in another tool from its CSV alone.
/// </summary>
public static class PlotData
{
    // Named to be unambiguous beside every other table's columns (python/eumentia/columns.json describes them).
    static readonly string[] Headers = ["panel", "panel_title", "plot_layer", "mark", "legend", "x", "y", "x_error", "y_error", "y_low", "y_high", "cell_value"];

    public static string Csv(IReadOnlyList<Plot> panels)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (int p = 0; p < panels.Count; p++)
        {
            var plot = panels[p];
            string panel = (p + 1).ToString(CultureInfo.InvariantCulture), title = plot.Title ?? "";
            int k = 0;
            foreach (var layer in plot.Layers)
            {
                string id = (++k).ToString(CultureInfo.InvariantCulture);
                string[] Row(string kind, string? label, double x, double y, double dx = double.NaN, double dy = double.NaN, double low = double.NaN, double high = double.NaN, string value = "") =>
                    [panel, title, id, kind, label ?? "", N(x), N(y), N(dx), N(dy), N(low), N(high), value];
                switch (layer)
                {
                    case SeriesLayer s:
                        for (int i = 0; i < s.X.Length; i++)
                            rows.Add(Row(s.Marker is null ? "line" : "points", s.Label, s.X[i], s.Y[i], s.XError?[i] ?? double.NaN, s.YError?[i] ?? double.NaN));
                        break;
                    case BandLayer b:
                        for (int i = 0; i < b.X.Length; i++) rows.Add(Row("band", b.Label, b.X[i], double.NaN, low: b.Low[i], high: b.High[i]));
                        break;
                    case ReferenceLayer r:
                        rows.Add(r.Horizontal ? Row("horizontal_line", r.Label, double.NaN, r.Value) : Row("vertical_line", r.Label, r.Value, double.NaN));
                        break;
                    case HeatmapLayer h:
                        for (int iy = 0; iy < h.YCenters.Length; iy++)
                            for (int ix = 0; ix < h.XCenters.Length; ix++)
                                rows.Add(Row("heatmap", h.ColourLabel, h.XCenters[ix], h.YCenters[iy], value: N(h.Values[iy, ix])));
                        break;
                    case CategoryLayer c:
                        for (int iy = 0; iy < c.YCenters.Length; iy++)
                            for (int ix = 0; ix < c.XCenters.Length; ix++)
                            {
                                int cat = c.Categories[iy, ix];
                                rows.Add(Row("category", null, c.XCenters[ix], c.YCenters[iy], value: cat >= 0 && cat < c.Names.Count ? c.Names[cat] : ""));
                            }
                        break;
                }
            }
        }
        return CsvTable.ToText(Headers, rows);
    }

    static string N(double v) => double.IsNaN(v) ? "" : CsvTable.Format(v);
}
