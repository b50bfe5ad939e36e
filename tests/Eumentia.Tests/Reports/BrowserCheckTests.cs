using Eumentia.Reports;

namespace Eumentia.Tests.Reports;

/// <summary>The browser check itself: a clean report passes, and a clipped label and a missing figure file are caught.</summary>
public class BrowserCheckTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"eumentia-browser-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    static Report Sample(FigureFile figure) => new Report("Sample")
        .Headline(new Headline("sample", ["One line."], new { Value = 1.0 }))
        .Section("Figures")
        .Figure(figure, "A figure.");

    [BrowserFact]
    public void ACleanReportPassesAndBrokenOnesAreCaught()
    {
        var plot = new Plot { Title = "L(N)", XLabel = "training-set size N", YLabel = "test loss L (nats)", XScale = AxisScale.Log }
            .Points([64, 128, 256], [2.0, 1.5, 1.1], [0.1, 0.05, 0.02], "p_{eval} = 0.1");
        string clean = Path.Combine(dir, "clean", "report.html");
        Sample(plot.File("loss")).Write(clean);
        Assert.Empty(BrowserCheck.Problems(clean));

        // A label drawn past the figure's right edge, and a figure whose PNG went missing.
        string broken = Path.Combine(dir, "broken", "report.html");
        var clipped = new FigureFile("clipped", _ => new SvgBuilder().Text(390, 50, "a label far too long for its figure", 14).Document(400, 300), () => "x\n1\n");
        Sample(clipped).Write(broken);
        File.Delete(Path.Combine(dir, "broken", "figures", "clipped.png"));
        var problems = BrowserCheck.Problems(broken);
        Assert.Contains(problems, p => p.Contains("is clipped by the figure's edge"));
        Assert.Contains(problems, p => p.Contains("figures/clipped.png does not load"));
    }
}
