using System.Xml.Linq;
using Eumentia.Analysis.Statistics;
using Eumentia.Reports;

namespace Eumentia.Tests.Reports;

public class SvgPlotTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static XDocument Parse(string svg) => XDocument.Parse(svg); // throws on malformed XML

    static IEnumerable<string> Texts(XDocument d) => d.Descendants(Svg + "text").Select(t => string.Concat(t.Nodes().OfType<XText>().Select(x => x.Value)) +
        string.Concat(t.Elements(Svg + "tspan").Select(s => s.Value)).Replace("\u200B", ""));

    [Fact]
    public void LinearTicksUseOneTwoFiveSteps()
    {
        var ticks = new Axis(AxisScale.Linear, -0.03, 1.04).Ticks();
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], ticks.Select(t => t.Label));
        Assert.Equal(0.5, Axis.NiceStep(0.31));
        Assert.Equal(2e-3, Axis.NiceStep(1.5e-3), 12);
        var small = new Axis(AxisScale.Linear, 0, 3e-4).Ticks().Select(t => t.Label).ToArray();
        Assert.Equal(["0", "0.5×10^{−4}", "1.0×10^{−4}", "1.5×10^{−4}", "2.0×10^{−4}", "2.5×10^{−4}", "3.0×10^{−4}"], small);
    }

    [Fact]
    public void LogAxesLabelDecadesWithMinorTicksBetween()
    {
        var ticks = new Axis(AxisScale.Log, 0.5, 2e4).Ticks();
        Assert.Equal(["1", "10", "10^{2}", "10^{3}", "10^{4}"], ticks.Where(t => t.Major).Select(t => t.Label));
        Assert.Contains(ticks, t => !t.Major && Math.Abs(t.Value - 5) < 1e-9);
        var many = new Axis(AxisScale.Log, 1e-12, 1).Ticks().Where(t => t.Major).ToArray();
        Assert.True(many.Length <= 7, $"{many.Length} labelled decades");
        Assert.Contains(many, t => t.Label == "10^{−12}");
        var shortAxis = new Axis(AxisScale.Log, 0.045, 0.65).Ticks().Where(t => t.Major).Select(t => t.Label).ToArray();
        Assert.Equal(["0.05", "0.1", "0.2", "0.3", "0.5"], shortAxis);
        Assert.Equal(["200", "500", "1000", "2000", "5000", "10^{4}", "2×10^{4}"], new Axis(AxisScale.Log, 150, 2.5e4).Ticks().Where(t => t.Major).Select(t => t.Label));
    }

    [Fact]
    public void ValuesWithErrorsShowTwoSignificantDigitsOfTheError()
    {
        Assert.Equal("0.5008 ± 0.0037", NumberText.WithError(0.50079936, 0.00365831));
        Assert.Equal("1.33 ± 0.52", NumberText.WithError(1.3260729, 0.5214));
        Assert.Equal("132 ± 15", NumberText.WithError(131.7, 15.2));
    }

    [Fact]
    public void ViridisRunsFromPurpleToYellow()
    {
        Assert.Equal("#440154", Palette.Viridis(0));
        Assert.Equal("#fde725", Palette.Viridis(1));
        Assert.Equal("#21918c", Palette.Viridis(0.5));
        Assert.Equal(Palette.Viridis(1), Palette.Viridis(7)); // clamped
    }

    [Fact]
    public void PlotWithErrorBarsBandsAndLegendIsWellFormedSvg()
    {
        var plot = new Plot { Title = "Loss", XLabel = "N", YLabel = "L^{−1}", XScale = AxisScale.Log, YScale = AxisScale.Log }
            .Band([10, 100, 10000], [0.5, 0.2, 0.1], [0.7, 0.3, 0.15], label: "band")
            .Points([10, 100, 10000], [0.6, 0.25, 0.12], [0.05, 0.02, 0.2], label: "a < b & c")
            .Line([10, 10000], [0.6, 0.12], label: "fit", dash: "6 4")
            .HorizontalLine(0.1, "floor");
        var d = Parse(plot.ToSvg(600, 400));
        Assert.Equal("600", d.Root!.Attribute("width")!.Value);
        var texts = Texts(d).ToArray();
        Assert.Contains("a < b & c", texts);                // escaped and restored by the parser
        Assert.Contains(texts, t => t.StartsWith("10") && t.Contains('3')); // the 10^3 decade label with its exponent tspan
        Assert.Contains("L−1", texts);                        // superscript markup
        Assert.NotEmpty(d.Descendants(Svg + "polygon"));      // the band
        Assert.NotEmpty(d.Descendants(Svg + "polyline"));     // the line
        Assert.NotEmpty(d.Descendants(Svg + "clipPath"));
        // The third point's bar reaches below zero: drawn to the bottom of a log axis, not to NaN.
        Assert.DoesNotContain("NaN", d.ToString());
    }

    [Fact]
    public void HeatmapsHaveAViridisColourBarAndCategoricalMapsALegend()
    {
        double[] xs = [0, 0.5, 1], ys = [1, 2];
        var heat = Parse(new Plot { Title = "map" }.Heatmap(xs, ys, new double[,] { { 1, 2, double.NaN }, { 4, 5, 6 } }, "loss").ToSvg());
        Assert.Single(heat.Descendants(Svg + "linearGradient"));
        Assert.Contains(heat.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == "#440154"); // the smallest value
        Assert.Contains(heat.Descendants(Svg + "rect"), r => r.Attribute("fill")?.Value == "#d9d9d9"); // NaN cell
        Assert.Contains("loss", Texts(heat));
        var phases = Parse(new Plot().Categories(xs, ys, new[,] { { 0, 1, 2 }, { 2, 1, -1 } }, ["eumentia", "dementia", "amentia"]).ToSvg());
        var t = Texts(phases).ToArray();
        Assert.Contains("eumentia", t);
        Assert.Contains("amentia", t);
        Assert.Throws<ArgumentException>(() => new Plot().Heatmap(xs, ys, new double[3, 3], "x"));
        Assert.Throws<ArgumentException>(() => new Plot().Points([1, 2], [1]));
    }

    [Fact]
    public void FiguresLayOutPanelsOnAGrid()
    {
        var fig = new Figure(2) { Title = "panels" };
        for (int i = 0; i < 3; i++) fig.Add(new Plot { Title = $"panel {i}" }.Line([0, 1], [i, i + 1]));
        var d = Parse(fig.ToSvg(300, 200));
        Assert.Equal("600", d.Root!.Attribute("width")!.Value);
        Assert.Equal("434", d.Root!.Attribute("height")!.Value); // two rows plus the title band
        Assert.Equal(3, d.Descendants(Svg + "clipPath").Select(c => c.Attribute("id")!.Value).Distinct().Count());
        Assert.Contains("panel 2", Texts(d));
    }

    [Fact]
    public void ReportIsOneSelfContainedFileWrittenAtomically()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-report-{Guid.NewGuid():N}");
        try
        {
            string path = Path.Combine(dir, "report.html");
            var figure = new Plot { Title = "fig" }.Line([0, 1], [0, 1]).File("line");
            new Report("Study <1>").Section("Method", "First paragraph.\n\nSecond & last.").Figure(figure, "A line.")
                .Table(["parameter", "value"], [["alpha", "0.5"], ["E", "0.1"]], "Fit").Code("eumentia fit --csv x.csv").Write(path);
            string html = File.ReadAllText(path);
            Assert.Contains("<title>Study &lt;1&gt;</title>", html);
            Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", html);
            Assert.Contains("<b>Figure 1.</b> A line.", html);
            Assert.Contains("href=\"figures/line.pdf\"", html);
            Assert.Contains("<td>alpha</td>", html);
            Assert.Contains("Second &amp; last.", html);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "")); // nothing external
            Assert.Equal(["report.html"], Directory.GetFiles(dir).Select(Path.GetFileName));   // no temp file left
            Assert.Equal(["line.csv", "line.pdf", "line.png", "line.svg"], Directory.GetFiles(Path.Combine(dir, "figures")).Select(Path.GetFileName).Order());
            Assert.Throws<ArgumentException>(() => new Report("x").Figure(figure, "a").Figure(figure, "twice"));
            Assert.Throws<ArgumentException>(() => new Report("x").Table(["a", "b"], [["1"]]));
        }
        finally { Directory.Delete(dir, true); }
    }
}
