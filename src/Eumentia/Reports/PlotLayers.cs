namespace Eumentia.Reports;

/// <summary>Where a plot's legend goes; Auto picks the inside corner that hides the fewest points.</summary>
public enum LegendPosition { Auto, TopRight, TopLeft, BottomRight, BottomLeft, Outside, None }

/// <summary>Points and/or a line through them, with optional symmetric error bars in y and in x.</summary>
internal sealed record SeriesLayer(double[] X, double[] Y, double[]? YError, double[]? XError, string? Label, string Colour, MarkerShape? Marker,
    bool Line, string? Dash, double Width, double MarkerSize);

/// <summary>A filled band between two curves (a confidence band, a fit's uncertainty).</summary>
internal sealed record BandLayer(double[] X, double[] Low, double[] High, string? Label, string Colour, double Opacity);

/// <summary>A horizontal or vertical reference line across the whole plot.</summary>
internal sealed record ReferenceLayer(bool Horizontal, double Value, string? Label, string Colour, string? Dash);

/// <summary>A grid of values coloured by viridis, with a colour bar; NaN cells are grey.</summary>
internal sealed record HeatmapLayer(double[] XCenters, double[] YCenters, double[,] Values, string ColourLabel, AxisScale ColourScale, double? Min, double? Max);

/// <summary>A grid of categories (phases) with one colour per category and a legend of swatches.</summary>
internal sealed record CategoryLayer(double[] XCenters, double[] YCenters, int[,] Categories, IReadOnlyList<string> Names, IReadOnlyList<string> Colours);
