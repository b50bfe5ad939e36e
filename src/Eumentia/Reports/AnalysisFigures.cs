using System.Text.RegularExpressions;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Scaling;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;

namespace Eumentia.Reports;

/// <summary>
/// Standard figures of the analysis results: scaling-law fits over their data, local slopes, raw and
/// collapsed data of a collapse, and the BKT length. Studies and the command line draw the same pictures.
/// </summary>
public static partial class AnalysisFigures
{
    /// <summary>Per-size means (with replicate error bars) and replicates on log-log axes, with every fit's curve.</summary>
    public static Plot ScalingLaw(ObservationSet data, IReadOnlyList<ScalingLawFit> fits, string xLabel = "N", string yLabel = "L", string? title = null)
    {
        var plot = new Plot { Title = title ?? "Scaling-law fits", XLabel = xLabel, YLabel = yLabel, XScale = AxisScale.Log, YScale = AxisScale.Log };
        var raw = data.Observations.Where(o => o.Size > 0 && o.Value > 0).ToArray();
        if (fits.Count > 0 && raw.Length > fits[0].Points.Count)
            plot.Points(raw.Select(o => o.Size).ToArray(), raw.Select(o => o.Value).ToArray(), label: "replicates", colour: "#b0b0b0", marker: MarkerShape.Circle, markerSize: 4);
        if (fits.Count > 0)
        {
            var pts = fits[0].Points;
            plot.Points(pts.Select(p => p.Size).ToArray(), pts.Select(p => Math.Exp(p.MeanLn)).ToArray(),
                pts.Select(p => Math.Exp(p.MeanLn) * p.Sigma).ToArray(), label: "mean over seeds", colour: "#222222", marker: MarkerShape.Circle);
            double lo = Math.Log(pts.Min(p => p.Size)), hi = Math.Log(pts.Max(p => p.Size));
            var grid = Enumerable.Range(0, 121).Select(i => Math.Exp(lo - 0.05 * (hi - lo) + (hi - lo) * 1.1 * i / 120)).ToArray();
            string[] dashes = ["", "7 4", "2 3", "9 3 2 3"];
            for (int k = 0; k < fits.Count; k++)
            {
                var f = fits[k];
                string formula = f.Model == ScalingLawModel.PowerLaw.Name() ? "A N^{−α}" : "E + A N^{−α}";
                string label = $"{formula}: α = {NumberText.Short(f["alpha"])}, χ²/dof = {NumberText.Short(f.Quality.Chi2PerDof)}";
                plot.Line(grid, grid.Select(n => Math.Exp(f.PredictLn(n))).ToArray(), label, Palette.Category(k), dashes[k % dashes.Length] is { Length: > 0 } d ? d : null);
            }
        }
        return plot;
    }

    /// <summary>d ln L / d ln N with error bars; the fitted exponents as reference lines.</summary>
    public static Plot LocalSlopes(IReadOnlyList<LocalSlope> slopes, IReadOnlyList<ScalingLawFit> fits, string xLabel = "N")
    {
        var plot = new Plot { Title = "Local exponent", XLabel = xLabel, YLabel = "d ln L / d ln N", XScale = AxisScale.Log };
        plot.Points(slopes.Select(s => s.Size).ToArray(), slopes.Select(s => s.Slope).ToArray(), slopes.Select(s => s.Error).ToArray(),
            label: "local slope", colour: "#222222", marker: MarkerShape.Circle);
        var power = fits.FirstOrDefault(f => f.Model == ScalingLawModel.PowerLaw.Name());
        if (power is not null) plot.HorizontalLine(-power["alpha"], "−α of A N^{−α}", Palette.Category(fits.ToList().IndexOf(power)));
        return plot;
    }

    /// <summary>The raw data: one series per curve, against the control parameter (or the size, for depth-time forms).</summary>
    public static Plot CollapseRaw(CollapseResult result, string xLabel = "p", string yLabel = "y", string sizeName = "L")
    {
        bool bySize = result.Curves == CurveAxis.Size;
        var points = result.Points;
        var xs = points.Select(p => bySize ? p.Control : p.Size).ToArray();
        var plot = new Plot
        {
            Title = "Raw data",
            XLabel = bySize ? xLabel : sizeName,
            YLabel = yLabel,
            XScale = ChooseScale(xs),
            YScale = ChooseScale(points.Select(p => p.Y)),
        };
        AddCurves(plot, result, p => bySize ? p.Control : p.Size, p => p.Y, p => p.Dy, sizeName, xLabel);
        return plot;
    }

    /// <summary>The collapsed data in the form's scaled coordinates, with the fitted parameters in the title.</summary>
    public static Plot CollapseScaled(CollapseResult result, ICollapseForm form, string sizeName = "L", string controlName = "p", string yName = "y")
    {
        var points = result.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.ScaledY)).ToArray();
        string fitted = string.Join(", ", result.Parameters.Where(p => !p.Fixed).Select(p => $"{Symbol(p.Name)} = {NumberText.WithError(p.Value, p.Error)}"));
        var plot = new Plot
        {
            Title = $"{result.Form} collapse, S = {NumberText.Short(result.Quality.S)}",
            Subtitle = fitted.Length > 0 ? fitted : null,
            XLabel = Relabel(form.XLabel, sizeName, controlName, yName),
            YLabel = Relabel(form.YLabel, sizeName, controlName, yName),
            XScale = ChooseScale(points.Select(p => p.X)),
            YScale = ChooseScale(points.Select(p => p.ScaledY)),
        };
        AddCurves(plot, result, p => p.X, p => p.ScaledY, p => p.ScaledDy, sizeName, controlName);
        return plot;
    }

    /// <summary>Raw and collapsed side by side.</summary>
    public static Figure Collapse(CollapseResult result, ICollapseForm form, string controlName = "p", string yName = "y", string sizeName = "L", string? yUnit = null) =>
        new Figure(2).Add(CollapseRaw(result, controlName, yUnit is null ? yName : $"{yName} ({yUnit})", sizeName)).Add(CollapseScaled(result, form, sizeName, controlName, yName));

    /// <summary>
    /// A form's axis label in the caller's symbols: the forms write L for the size, y for the observable and p for the
    /// control parameter; a study of the loss L against the training-set size N reads "L N^{−Δ}", not "y L^{−Δ}".
    /// </summary>
    public static string Relabel(string label, string sizeName, string controlName, string yName) =>
        FormSymbol().Replace(label, m => m.Value switch
        {
            "L" => sizeName,
            "y" => yName,
            _ => label.AsSpan(m.Index + 1).StartsWith("_{") ? m.Value : controlName, // p_{c} stays p_{c}
        });

    [GeneratedRegex(@"(?<![\p{L}\p{N}])[Lyp](?![\p{L}\p{N}])")]
    private static partial Regex FormSymbol();

    /// <summary>ln xi against p with the fitted divergence and p_c.</summary>
    public static Plot BktLength(BktLengthFit fit, string xLabel = "p", string yLabel = "ξ")
    {
        var plot = new Plot { Title = "BKT length", Subtitle = $"p_{{c}} = {NumberText.WithError(fit["p_c"], fit.Parameter("p_c").Error)}, b = {NumberText.WithError(fit["b"], fit.Parameter("b").Error)}", XLabel = xLabel, YLabel = yLabel, YScale = AxisScale.Log };
        plot.Points(fit.Points.Select(p => p.Control).ToArray(), fit.Points.Select(p => Math.Exp(p.MeanLn)).ToArray(),
            fit.Points.Select(p => Math.Exp(p.MeanLn) * p.Sigma).ToArray(), label: "crossover scale", colour: "#222222", marker: MarkerShape.Circle);
        double pc = fit["p_c"], lo = fit.Points.Min(p => p.Control), hi = fit.Points.Max(p => p.Control);
        // The curve runs from the far end of the data to just short of p_c, where it diverges.
        double near = fit.Side == "below" ? lo : hi, far = fit.Side == "below" ? hi : lo;
        var grid = Enumerable.Range(0, 150).Select(i => far + (near + 0.85 * (pc - near) - far) * i / 149.0).ToArray();
        double top = fit.Points.Max(p => Math.Exp(p.MeanLn)) * 5;
        plot.Line(grid, grid.Select(p => Math.Exp(fit.PredictLn(p)) is var v && v <= top ? v : double.NaN).ToArray(), "A exp(b / √|p − p_{c}|)", Palette.Category(0));
        plot.VerticalLine(pc, "p_{c}");
        return plot;
    }

    static void AddCurves(Plot plot, CollapseResult result, Func<ScaledPoint, double> x, Func<ScaledPoint, double> y, Func<ScaledPoint, double> dy,
        string sizeName, string controlName)
    {
        bool bySize = result.Curves == CurveAxis.Size;
        var curves = result.Points.GroupBy(p => bySize ? p.Size : p.Control).OrderBy(g => g.Key).ToArray();
        int every = Math.Max(1, (int)Math.Ceiling(curves.Length / 10.0)); // at most about ten legend rows
        for (int k = 0; k < curves.Length; k++)
        {
            var c = curves[k].Where(p => double.IsFinite(x(p)) && double.IsFinite(y(p))).OrderBy(x).ToArray();
            bool labelled = k % every == 0 || k == curves.Length - 1;
            string label = $"{(bySize ? sizeName : controlName)} = {NumberText.Short(curves[k].Key)}";
            plot.Points(c.Select(x).ToArray(), c.Select(y).ToArray(), c.Select(dy).ToArray(), labelled ? label : null,
                Palette.Sequential(k, curves.Length), (MarkerShape)(k % 5), line: true, markerSize: 6);
        }
    }

    /// <summary>A parameter name as a symbol for plot text (p_c as p with subscript c, nu as ν ...).</summary>
    public static string Symbol(string name) => name switch
    {
        "p_c" => "p_{c}", "nu" => "ν", "zeta" => "ζ", "Delta" => "Δ", "sigma" => "σ", "delta" => "δ", "nu_par" => "ν_{∥}",
        "L0" => "L_{0}", "ln_A" => "ln A", "alpha" => "α", _ => name,
    };

    /// <summary>Log when the values are positive and span more than 1.5 decades.</summary>
    static AxisScale ChooseScale(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        return v.Length > 0 && v.All(a => a > 0) && Math.Log10(v.Max() / v.Min()) > 1.5 ? AxisScale.Log : AxisScale.Linear;
    }
}
