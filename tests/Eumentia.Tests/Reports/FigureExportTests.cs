using System.Text.Json;
using System.Xml.Linq;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Reports;
using SkiaSharp;

namespace Eumentia.Tests.Reports;

public class FigureExportTests : IDisposable
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-figures-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    [Fact]
    public void EveryFigureBecomesSvgPngPdfAndTheCsvOfItsValues()
    {
        var plot = new Plot { Title = "L(N)", XLabel = "N", YLabel = "test loss L (nats)", XScale = AxisScale.Log }
            .Points([64, 128, 256], [2.0, 1.5, 1.1], [0.1, 0.05, 0.02], "p_{eval} = 0.1", xError: [4, 8, 16])
            .HorizontalLine(Math.Log(10), "chance");
        FigureExport.Write(dir, plot.File("loss", 500, 300));
        Assert.Equal(["loss.csv", "loss.pdf", "loss.png", "loss.svg"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());

        using var png = SKBitmap.Decode(Path.Combine(dir, "loss.png"));
        Assert.Equal((1000, 600), (png.Width, png.Height)); // twice the SVG's pixels
        // Something is drawn: not a blank white page.
        int inked = png.Pixels.Count(c => c.Red < 128 && c.Green < 128);
        Assert.InRange(inked, png.Width * png.Height / 200, png.Width * png.Height / 4);
        Assert.StartsWith("%PDF", File.ReadAllText(Path.Combine(dir, "loss.pdf"))[..8]);

        var csv = CsvTable.Read(Path.Combine(dir, "loss.csv"));
        int kind = csv.Column("mark", "mark"), x = csv.Column("x", "x"), dx = csv.Column("x_error", "x error"), dy = csv.Column("y_error", "y error");
        var points = Enumerable.Range(0, csv.Rows.Count).Where(r => csv.Rows[r][kind] == "points").ToArray();
        Assert.Equal([64.0, 128, 256], points.Select(r => csv.Number(r, x)));
        Assert.Equal([4.0, 8, 16], points.Select(r => csv.Number(r, dx)));
        Assert.Equal([0.1, 0.05, 0.02], points.Select(r => csv.Number(r, dy)));
        Assert.Contains(csv.Rows, r => r[kind] == "horizontal_line");
    }

    [Fact]
    public void LabelsWithScriptsAreAnchoredAtTheirStartForTheRasterRenderer()
    {
        // Svg.Skia anchors each tspan on its own; with a font measure the builder places the whole label itself.
        static XElement Label(TextMeasure? m)
        {
            var svg = new SvgBuilder(m).Text(100, 50, "p_{eval} − p_{c}", 12, "middle");
            return XDocument.Parse(svg.Document(200, 100)).Descendants(Svg + "text").Single();
        }
        var browser = Label(null);
        Assert.Equal("middle", browser.Attribute("text-anchor")!.Value);
        Assert.Equal("100", browser.Attribute("x")!.Value);
        var raster = Label((text, size) => text.Length * size / 2);
        Assert.Equal("start", raster.Attribute("text-anchor")!.Value);
        // Runs "p" (12 px), "eval" (0.72 × 12), " − p" (12), "c" (0.72 × 12): half their width to the left of 100.
        double width = (1 * 12 + 4 * 8.64 + 4 * 12 + 1 * 8.64) / 2;
        Assert.Equal(100 - width / 2, double.Parse(raster.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture), 1);
        // Plain labels keep their anchor: every renderer places a single run right.
        Assert.Equal("middle", XDocument.Parse(new SvgBuilder((t, s) => 1).Text(10, 10, "N", 12, "middle").Document(20, 20))
            .Descendants(Svg + "text").Single().Attribute("text-anchor")!.Value);
    }

    [Fact]
    public void HorizontalErrorBarsAreDrawnAndWidenTheAxis()
    {
        var svg = XDocument.Parse(new Plot { XMin = null }.Points([0.5], [1.0], xError: [0.25]).ToSvg(400, 300));
        var path = svg.Descendants(Svg + "path").Single(p => p.Attribute("d") is not null);
        // One horizontal bar and its two caps.
        Assert.Equal(3, path.Attribute("d")!.Value.Count(c => c == 'M'));
        var ticks = svg.Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("0.3", ticks);
        Assert.Contains("0.7", ticks);
    }

    [Fact]
    public void AMapFillsItsFrameEvenWhenACurveRunsBeyondIt()
    {
        var plot = new Plot().Heatmap([1.0, 2.0], [10.0, 20.0], new double[,] { { 0, 1 }, { 1, 0 } }, "accuracy").Line([1.0, 2.0], [5.0, 100.0], "bound");
        var texts = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.DoesNotContain("100", texts); // the y axis ends at the cells' top edge, 25
        Assert.Contains("25", texts);
    }

    [Fact]
    public void CollapseLabelsSpeakTheStudysSymbols()
    {
        Assert.Equal("L N^{−Δ}", AnalysisFigures.Relabel("y L^{−Δ}", "N", "p_{eval}", "L"));
        Assert.Equal("(p_{eval} − p_{c}) (ln N/N_{0})^{1/σ}", AnalysisFigures.Relabel("(p − p_{c}) (ln L/L_{0})^{1/σ}", "N", "p_{eval}", "L"));
        Assert.Equal("y L^{−ζ/ν}", AnalysisFigures.Relabel("y L^{−ζ/ν}", "L", "p", "y"));
    }

    [Fact]
    public void NumbersPrintWithSensibleDigits()
    {
        Assert.Equal("10⁻⁸", NumberText.Short(1e-8));
        Assert.Equal("1.5×10⁻⁸", NumberText.Short(1.5e-8));
        Assert.Equal("2.5×10⁵", NumberText.Short(2.5e5));
        Assert.Equal("0.25", NumberText.WithError(0.25, 0)); // never "± 0.0"
    }

    [Fact]
    public void TheHeadlineOpensTheReportAndIsWrittenAsSummaryJson()
    {
        string path = Path.Combine(dir, "report.html");
        new Report("Study").Section("Method", "text")
            .Headline(new Headline("demo", ["3 cells: 2 eumentia, 1 dementia."], new { Cells = 3, PCritical = double.NaN, PEval = 0.55 }))
            .Write(path);
        string html = File.ReadAllText(path);
        Assert.True(html.IndexOf("class=\"headline\"", StringComparison.Ordinal) < html.IndexOf("<h2>Method", StringComparison.Ordinal));
        Assert.Contains("3 cells: 2 eumentia, 1 dementia.", html);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal("demo", json.RootElement.GetProperty("study").GetString());
        Assert.Equal("3 cells: 2 eumentia, 1 dementia.", json.RootElement.GetProperty("headline")[0].GetString());
        var values = json.RootElement.GetProperty("values");
        Assert.Equal(3, values.GetProperty("cells").GetInt32());
        Assert.Equal(JsonValueKind.Null, values.GetProperty("p_critical").ValueKind); // not measured: null, never "NaN"
        Assert.Equal(0.55, values.GetProperty("p_eval").GetDouble());
    }
}
