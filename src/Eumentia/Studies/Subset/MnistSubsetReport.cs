using System.Globalization;
using Eumentia.IO;
using Eumentia.Reports;

namespace Eumentia.Studies.Subset;

/// <summary>The MNIST section of report.html: test accuracy against the number of learnable weights per allocation.</summary>
public static class MnistSubsetReport
{
    public static void Add(Report report, MnistSubsetResult r)
    {
        var s = r.Spec;
        report.Section("MNIST: a fixed random network with m learnable weights",
            $"The network {r.Network} ({r.Weights} weights, ReLU, He init, biases zero and frozen) keeps its random weights except m learnable ones "
            + $"placed by each allocation; Adam (learning rate {s.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {s.BatchSize}, {s.Epochs} epochs) trains them on "
            + $"{s.Data}, and the test set scores them. Points are means over {s.Seeds} seeds (each a different random network and allocation draw) "
            + "with standard errors; the dashed line is the untrained network (m = 0).");
        var plot = new Plot { Title = $"{r.Network}: test accuracy", XLabel = "learnable weights m", YLabel = "test accuracy", XScale = AxisScale.Log, YMin = 0, YMax = 1, Legend = LegendPosition.TopLeft };
        for (int i = 0; i < s.Allocations.Count; i++)
        {
            var rows = r.Curves.Where(c => c.Allocation == s.Allocations[i].Name && c.Budget > 0).OrderBy(c => c.Budget).ToArray();
            if (rows.Length == 0) continue;
            plot.Points(rows.Select(c => (double)c.Budget).ToArray(), rows.Select(c => c.TestAccuracy).ToArray(),
                rows.Select(c => double.IsFinite(c.TestAccuracySe) ? c.TestAccuracySe : 0).ToArray(), s.Allocations[i].Name, Palette.Category(i), line: true, markerSize: 5);
        }
        var untrained = r.Curves.Where(c => c.Budget == 0).Select(c => c.TestAccuracy).DefaultIfEmpty(double.NaN).First();
        if (double.IsFinite(untrained)) plot.HorizontalLine(untrained, "m = 0");
        report.Figure(plot.File("mnist-accuracy", 720, 460), $"Test accuracy of {r.Network} on {s.Data} against the number of learnable weights, per allocation.");

        var budgets = r.Curves.Select(c => c.Budget).Distinct().Order().ToArray();
        report.Table(["allocation", .. budgets.Select(m => $"m = {m}")],
            s.Allocations.Select(a => (IReadOnlyList<string>)[a.Name, .. budgets.Select(m =>
                r.Curves.FirstOrDefault(c => c.Allocation == a.Name && c.Budget == m) is { } c
                    ? string.Create(CultureInfo.InvariantCulture, $"{c.TestAccuracy:P1}") + (double.IsFinite(c.TestAccuracySe) ? string.Create(CultureInfo.InvariantCulture, $" ± {100 * c.TestAccuracySe:F1}") : "")
                    : "–")]),
            "Mean test accuracy (± standard error over seeds) per allocation and budget.");
    }
}
