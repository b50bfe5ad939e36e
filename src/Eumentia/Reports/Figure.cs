namespace Eumentia.Reports;

/// <summary>Several plots on a grid of panels (filled row by row), with an optional overall title.</summary>
public sealed class Figure(int columns = 2)
{
    readonly List<Plot> panels = [];

    public string? Title { get; set; }

    public Figure Add(Plot plot)
    {
        panels.Add(plot);
        return this;
    }

    public int Count => panels.Count;

    public IReadOnlyList<Plot> Panels => panels;

    public string ToSvg(double panelWidth = 480, double panelHeight = 360, TextMeasure? measure = null)
    {
        if (panels.Count == 0) throw new InvalidOperationException("a figure needs at least one panel");
        int cols = Math.Min(columns, panels.Count), rows = (panels.Count + cols - 1) / cols;
        double titleHeight = Title is null ? 0 : 34;
        double width = cols * panelWidth, height = rows * panelHeight + titleHeight;
        var svg = new SvgBuilder(measure);
        if (Title is not null) svg.Text(width / 2, 23, Title, 16, "middle", weight: "bold");
        for (int i = 0; i < panels.Count; i++)
            panels[i].Render(svg, (i % cols) * panelWidth, titleHeight + (i / cols) * panelHeight, panelWidth, panelHeight);
        return svg.Document(width, height);
    }

    /// <summary>This figure as a file set named <paramref name="name"/>: its panels' data in one CSV, a panel column first.</summary>
    public FigureFile File(string name, double panelWidth = 480, double panelHeight = 360) =>
        new(name, m => ToSvg(panelWidth, panelHeight, m), () => PlotData.Csv(panels));
}
