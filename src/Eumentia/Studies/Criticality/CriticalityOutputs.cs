using System.Text.Json;
using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// Writes the study's tables (CSV), its summary (exponents.json) and report.html into the output directory,
/// each file atomically.
/// </summary>
public static class CriticalityOutputs
{
    /// <summary>The files written, relative to <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<string> Write(CriticalityResults r, string outDir)
    {
        var written = new List<string>();
        void Put(string name, string text)
        {
            AtomicFile.WriteAllText(Path.Combine(outDir, name), text);
            written.Add(name);
        }
        Put("critical_line.csv", CriticalityTables.CriticalLineCsv(r.Line));
        Put("phase_diagram.csv", CriticalityTables.Csv(["sigma_w", "sigma_b", "q_star", "chi_1", "rho_star", "xi_c"],
            r.PhaseDiagram.Select(p => (IReadOnlyList<object>)[p.SigmaW, p.SigmaB, p.LengthFixedPoint, p.Chi1, p.RhoFixedPoint, p.CorrelationDepthScale])));
        Put("exponents.csv", ExponentTable.Csv(r.Exponents));
        Put("class_comparison.md", string.Join("\n", r.Verdicts.Select(v => ExponentTable.Markdown(v.Architecture, r.Exponents, v))));
        Put("scans.csv", CriticalityTables.Csv(["architecture", "sigma_w", "curvature", "slope", "plateau", "decay_length"],
            new[] { r.Theory }.Concat(r.Scans).SelectMany(s => s.Exponents.Rows.Select(row =>
                (IReadOnlyList<object>)[s.Architecture, row.SigmaW, row.Curvature, row.Slope, row.Plateau, row.DecayLength]))));
        Put("decay.csv", CriticalityTables.Csv(["architecture", "sigma_w", "size", "layer", "survival", "rho", "rho_se", "rho_survivors",
                "delta_eff", "delta_eff_se", "log_spread"],
            r.Decays.SelectMany(d => d.Points.Select(p => (IReadOnlyList<object>)[d.Architecture, d.SigmaW, d.Size, p.Layer, p.Survival, p.Rho,
                p.RhoError, p.RhoSurvivors, p.DeltaEffective, p.DeltaError, p.LogSpread]))));
        // A scan's curves differ in sigma_w, a collapse's in size: one column each, the other left empty.
        Put("curves.csv", CriticalityTables.Csv(["set", "architecture", "sigma_w", "size", "layer", "rho", "rho_se"], Curves(r)));
        Put("training.csv", CriticalityTables.Csv(["sigma_w", "factor", "depth", "seed", "test_accuracy", "test_loss", "xi_c", "seconds"],
            r.Training.Select(t => (IReadOnlyList<object>)[t.SigmaW, t.Factor, t.Depth, t.Seed, t.TestAccuracy, t.TestLoss, t.CorrelationDepthScale, t.Seconds])));
        Put("exponents.json", JsonSerializer.Serialize(Summary(r), JsonDefaults.Options));
        CriticalityReport.Build(r).Write(Path.Combine(outDir, "report.html"));
        written.AddRange(["report.html", "summary.json", Reports.Report.FiguresFolder + "/"]);
        return written;
    }

    /// <summary>Every ρ_l curve behind the figures, log-spaced in l to keep the file small.</summary>
    static IEnumerable<IReadOnlyList<object>> Curves(CriticalityResults r)
    {
        foreach (var s in new[] { r.Theory }.Concat(r.Scans))
            foreach (var (sigmaW, mean, error) in s.Curves)
                foreach (int l in Sampled(mean.Length))
                    yield return ["scan", s.Architecture, sigmaW, "", l, mean[l], error[l]];
        foreach (var c in r.Collapses)
            foreach (var (size, mean, error) in c.Curves)
                foreach (int l in Sampled(mean.Length))
                    yield return ["collapse", c.Architecture, "", size, l, mean[l], error[l]];
    }

    /// <summary>Layers 0..9 and then about 40 per decade.</summary>
    public static IEnumerable<int> Sampled(int length) =>
        Enumerable.Range(0, Math.Min(10, length))
            .Concat(Enumerable.Range(0, (int)(40 * Math.Log10(Math.Max(10, length)))).Select(i => (int)Math.Round(10 * Math.Pow(10, i / 40.0))))
            .Where(l => l < length).Append(length - 1).Distinct().Order();

    static object Summary(CriticalityResults r) => new
    {
        preset = r.Spec.Preset,
        activation = r.Spec.Activation,
        sigma_b = r.Spec.SigmaB,
        seconds = r.Seconds,
        theory = new
        {
            sigma_w_c = r.SigmaC,
            q_star = r.Critical.LengthFixedPoint,
            kappa = r.Critical.Kappa,
            decay_exponent = r.Critical.DecayExponent,
            decay_amplitude = r.Critical.DecayAmplitude,
            xi_q = r.Critical.LengthDepthScale,
        },
        scans = new[] { r.Theory }.Concat(r.Scans).Select(s => new
        {
            s.Architecture,
            s.Label,
            sigma_c = Pair(s.Exponents.SigmaC),
            sigma_c_shift = s.Exponents.SigmaC.IsMissing ? (double?)null : s.Exponents.SigmaC.Value / s.MeanFieldSigmaC - 1,
            sigma_c_from_curvature = Pair(s.Exponents.SigmaCFromCurvature),
            sigma_c_from_nu_par = Pair(s.Exponents.SigmaCFromNu),
            sigma_c_adopted = s.Adopted is { } a ? new { value = a.SigmaC.Value, error = a.SigmaC.Error, criterion = a.Criterion, other = a.Other,
                other_criterion = a.OtherCriterion, disagreement = a.Disagreement } : null,
            delta = Pair(s.Exponents.Delta),
            beta = Pair(s.Exponents.Beta),
            nu_par = Pair(s.Exponents.NuParallel),
        }),
        collapses = r.Collapses.Select(c => new
        {
            c.Architecture,
            c.Label,
            sigma_w = c.SigmaW,
            size_exponent = Pair(c.Result.A),
            dynamic_exponent = Pair(c.Result.Z),
            delta = Pair(c.Result.Delta),
            quality = c.Result.Quality,
            predicted_class = c.Predicted.Name,
            predicted_size_exponent = c.Result.PredictedA,
            predicted_dynamic_exponent = c.Result.PredictedZ,
            fit = c.Result.Fitted,
            quality_at_predicted = c.Result.QualityAtPredicted,
        }),
        decays = r.Decays.Select(d => new
        {
            d.Architecture,
            sigma_w = d.SigmaW,
            size = d.Size,
            finite_size_time = d.FiniteSizeTime,
            window = new[] { d.WindowFrom, d.WindowTo },
            delta = Pair(d.Delta),
            spread_layer = d.SpreadLayer,
            log_spread_by_size = d.SpreadBySize.Select(s => new { size = s.Size, log_spread = s.LogSpread }),
        }),
        classes = AbsorbingClass.All.Select(c => c.Name),
        verdicts = r.Verdicts.Select(v => new { v.Architecture, closest = v.Closest, v.Consistent, mean_z_squared = v.ChiSquarePerExponent,
            class_status = v.ClassStatus, self_averages = v.SelfAverages, v.Text }),
        notes = r.Notes,
    };

    static object Pair(Estimate e) => new { value = e.Value, error = e.Error };
}
