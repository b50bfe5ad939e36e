using System.Globalization;
using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.Data.Synthetic;
using Eumentia.IO;
using Eumentia.Reports;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// report.html of a gain scan: the verdicts, one table row per gain, and against the gain (log axis) the NLGP − control
/// gaps in locality, the growth of the within-class non-Gaussianity, the localisation of each data set, and the inputs'
/// marginal excess kurtosis (theory curve, measured points). Each gain's own study report stays in its directory.
/// </summary>
public static class GainScanReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(GainScanResult scan, LotterySpec spec, string dir)
    {
        var rows = scan.Rows;
        var report = new Report("IMP and local receptive fields against the inputs' non-Gaussianity (NLGP gain scan)");
        report.Section("What is measured",
            "The claim tested (Redman, Wang, Ingrosso & Goldt, arXiv:2412.06545): non-Gaussian input statistics are necessary for IMP to find local " +
            "receptive fields. The control parameter is the NLGP gain g: x = erf(g z / √2) / √γ(g) is Gaussian as g → 0 (erf is linear there, and the " +
            "control with the matched covariance becomes the same data) and sign-like as g → ∞ (marginal excess kurtosis → −2). " +
            "Per seed, the NLGP and its control share the white noise and the initialisation, so their gaps are paired; IMP levels match in sparsity. " +
            "Gaps are nlgp − gp: a negative distance-ratio gap and positive IPR gaps mean the NLGP's receptive fields are more local. " +
            "NG = mean over classes of |within-class excess kurtosis| of the first-layer pre-activations; its growth is level last − level 0. " +
            "Error bars and ± are standard errors over seeds. " +
            $"Fixed knobs: {spec.Dimension}-D torus of side {spec.Side}, ξ = {spec.Xi0.ToString(Inv)} vs {spec.Xi1.ToString(Inv)}, width {spec.Width}, " +
            $"init {spec.Init}{(spec.Init == "sigma" ? $" (σ_w = {spec.SigmaW.ToString(Inv)})" : "")}, {spec.TrainSize} examples, {spec.Epochs} epochs; " +
            $"IMP to {rows[0].Density.ToString("P1", Inv)} density (level {rows[0].Level}).");
        report.Table(["id", "where", "claim", "quantity", "value (mean ± s.e.)", "verdict"],
            scan.Findings.Select(f => (IReadOnlyList<string>)[f.Id, f.Data, f.Claim, f.Quantity, f.Value.ToString(), f.Verdict]),
            "Verdicts: supported = the mean lies beyond two standard errors from 0 on the claimed side (for gap-vanishes-*: within two standard errors of 0).");
        string E(Estimate e, string format) => double.IsFinite(e.Error)
            ? $"{e.Value.ToString(format, Inv)} ± {e.Error.ToString(format, Inv)}" : e.Value.ToString(format, Inv);
        var shown = new[] { ("input_kurtosis_nlgp", "F3"), ("input_kurtosis_gp", "F3"), ("distance_ratio_gap", "F3"), ("ipr_gap", "F4"), ("ipr_normalised_gap", "F3"),
            ("distance_ratio_change_nlgp", "F3"), ("distance_ratio_change_gp", "F3"), ("neighbour_correlation_nlgp", "F3"), ("neighbour_correlation_gp", "F3"),
            ("ng_growth_nlgp", "F3"), ("ng_growth_gp", "F3"), ("ng_growth_gap", "F3") };
        report.Table(new[] { "g", "κ theory" }.Concat(shown.Select(s => s.Item1.Replace('_', ' '))).Append("seeds").ToArray(),
            rows.Select(r => (IReadOnlyList<string>)new[] { r.Gain.ToString("G4", Inv), r.KurtosisTheory.ToString("F3", Inv) }
                .Concat(shown.Select(s => E(r.Values[s.Item1], s.Item2))).Append(r.Seeds.ToString(Inv)).ToArray()),
            "Per gain (gain-scan.csv has every quantity with its standard error).");

        double[] gains = rows.Select(r => r.Gain).ToArray();
        Plot Against(string title, string yLabel) => new() { Title = title, XLabel = "gain g", YLabel = yLabel, XScale = AxisScale.Log };
        Plot Series(Plot plot, string key, string label)
        {
            var v = rows.Select(r => r.Values[key]).ToArray();
            return plot.Points(gains, v.Select(e => e.Value).ToArray(), v.Select(e => e.Error).ToArray(), label: label, line: true);
        }

        var gaps = new Figure(3) { Title = "NLGP − control locality gap at matched sparsity" };
        gaps.Add(Series(Series(Against("distance ratio (negative: NLGP more local)", "Δ distance ratio").HorizontalLine(0), "distance_ratio_gap", "last level"),
            "distance_ratio_gap_along", "mean over levels 1..last"));
        gaps.Add(Series(Against("IPR (positive: NLGP more localised)", "Δ IPR").HorizontalLine(0), "ipr_gap", "raw IPR"));
        gaps.Add(Series(Against("normalised IPR", "Δ IPR·(k+2)/3").HorizontalLine(0), "ipr_normalised_gap", "normalised IPR"));
        report.Figure(gaps.File("gain-locality-gap", 400, 310), "Locality gap nlgp − gp against the gain, with standard errors over seeds.");

        var ng = Against("growth of within-class non-Gaussianity along IMP", "NG(last) − NG(0)").HorizontalLine(0);
        Series(Series(Series(ng, "ng_growth_nlgp", "NLGP"), "ng_growth_gp", "control"), "ng_growth_gap", "NLGP − control");
        report.Figure(ng.File("gain-non-gaussianity"), "Non-Gaussianity growth along IMP against the gain.");

        var local = new Figure(2) { Title = "How much IMP localises each data set" };
        local.Add(Series(Series(Against("distance ratio at the last level", "distance ratio").HorizontalLine(1), "distance_ratio_nlgp", "NLGP"), "distance_ratio_gp", "control"));
        local.Add(Series(Series(Against("neighbour correlation at the last level", "neighbour correlation").HorizontalLine(0), "neighbour_correlation_nlgp", "NLGP"),
            "neighbour_correlation_gp", "control"));
        report.Figure(local.File("gain-localisation", 440, 320),
            "Left: distance ratio after IMP (1 = no spatial structure). Right: neighbour correlation (−1 high-pass pairs of opposite sign, +1 smooth blobs).");

        var theoryGains = Enumerable.Range(0, 61).Select(k => gains[0] * Math.Pow(gains[^1] / gains[0], k / 60.0)).ToArray();
        var kurtosis = Against("inputs' marginal excess kurtosis", "excess kurtosis").Line(theoryGains, theoryGains.Select(NlgpTheory.ExcessKurtosis).ToArray(), "theory", dash: "6 3");
        Series(Series(kurtosis, "input_kurtosis_nlgp", "NLGP, measured"), "input_kurtosis_gp", "control, measured");
        report.Figure(kurtosis.File("gain-input-kurtosis"), "The inputs' marginal excess kurtosis (median over sites of the probe examples) against theory.");

        report.Section("Studies", "Each gain's full study (every method, level, receptive-field mosaics) has its own report.html:\n\n" +
            string.Join("\n", rows.Select(r => $"g = {r.Gain.ToString("G4", Inv)}: {Path.GetRelativePath(dir, Path.Combine(GainScan.GainDir(dir, r.Gain), "report.html"))}")));
        report.Text("The knobs shared by every gain (the gain itself is the scan's axis):");
        report.Code(JsonSerializer.Serialize(spec with { Gain = double.NaN, Seed = 0 }, JsonDefaults.Options));
        report.Write(Path.Combine(dir, "report.html"));
    }
}
