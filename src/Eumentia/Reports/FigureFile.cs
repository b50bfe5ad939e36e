namespace Eumentia.Reports;

/// <summary>
/// A figure as the files a paper needs: its name (the file stem under figures/), its SVG (drawn for a browser,
/// or with a font measure for the PNG and PDF renderer) and the CSV of the values it was drawn from.
/// </summary>
public sealed record FigureFile(string Name, Func<TextMeasure?, string> Svg, Func<string> Csv);
