using Eumentia.Analysis.Collapse;
using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;

namespace Eumentia.Studies.Criticality;

/// <summary>ρ_l curves of one system size L (MLP width, CNN linear size) at the critical point, one per weight draw.</summary>
public sealed record CollapseCurve(double Size, IReadOnlyList<double[]> PerDraw);

/// <summary>
/// A finite-size collapse ρ L^a against l / L^z: the best-collapsing exponents with their errors, the decay
/// exponent δ = a/z they imply (ρ ~ l^−a/z while l ≪ L^z), and the Houdayer–Hartmann S there and at the
/// exponents a class predicts (S ≈ 1: a collapse within the errors).
/// </summary>
public sealed record CollapseSummary(Estimate A, Estimate Z, Estimate Delta, double Quality, double PredictedA, double PredictedZ,
    double QualityAtPredicted, Analysis.Collapse.CollapseResult? Fitted, string? Problem = null);

/// <summary>
/// Finite-size collapses of depth curves through Eumentia.Analysis (<see cref="AbsorbingFiniteSizeForm"/>,
/// <see cref="CollapseFitter"/>): every weight draw is a replicate seed, so the fitter's errors are a bootstrap
/// over draws. Layers are sampled log-spaced; the transient from the initial condition, which does not scale,
/// is left out below max(fromLayer, fromScaled · L^z) at the predicted z.
/// </summary>
public static class FiniteSizeCollapse
{
    public static CollapseSummary Fit(IReadOnlyList<CollapseCurve> curves, AbsorbingClass predicted, int fromLayer, double fromScaled,
        int bootstrap = 50, ulong seed = 1)
    {
        if (curves.Count < 2) throw new ArgumentException("a collapse needs at least two sizes");
        double predictedA = predicted.Beta / predicted.NuPerp, predictedZ = predicted.NuParallel / predicted.NuPerp;
        if (predicted == AbsorbingClass.MeanField) (predictedA, predictedZ) = (1, 1); // width scaling ρ n = f(l / n)
        var data = Observations(curves, fromLayer, fromScaled, predictedZ);
        // The errors before 2026-12-07 (replicates polished only, standard deviation): the default's coverage was not
        // measured on this form, and migrated studies keep their old numbers (CriticalityMigrationTests).
        var options = new CollapseOptions(BootstrapSamples: bootstrap, Seed: seed, ProfileErrors: false, ReplicateStarts: 0, Spread: ReplicateSpread.StandardDeviation);
        if (data.Sizes().Length < 2)
            return new CollapseSummary(Estimate.Missing, Estimate.Missing, Estimate.Missing, double.NaN, predictedA, predictedZ, double.NaN, null,
                $"fewer than two sizes reach the scaling regime (layers beyond max({fromLayer}, {fromScaled} L^{predictedZ:G3})): run deeper");
        Analysis.Collapse.CollapseResult free, fixedForm;
        try
        {
            free = CollapseFitter.Fit(data, new AbsorbingFiniteSizeForm(), options);
            fixedForm = CollapseFitter.Fit(data, new AbsorbingFiniteSizeForm(predictedA, predictedZ), options with { BootstrapSamples = 0 });
        }
        catch (UsageException e)
        {
            // Too little data in the scaling regime (runs too short for their size): say so, measure nothing.
            return new CollapseSummary(Estimate.Missing, Estimate.Missing, Estimate.Missing, double.NaN, predictedA, predictedZ, double.NaN, null, e.Message);
        }
        var a = free.Parameter("a");
        var z = free.Parameter("z");
        // A free fit that runs to the edge of its range (z ≈ 0.05 on the standard preset's CNNs: every curve squeezed
        // onto one abscissa) has found no collapse; its exponents would be numbers without meaning. "Edge": the
        // fitter's own bound flag, or z within 10 % of an end of its range. The class's own exponents keep their S,
        // which still says whether they collapse the data.
        bool zAtEdge = z.Value < 1.1 * AbsorbingFiniteSizeForm.MinZ || z.Value > AbsorbingFiniteSizeForm.MaxZ / 1.1;
        if (!free.Convergence.Interior || zAtEdge)
            return new CollapseSummary(Estimate.Missing, Estimate.Missing, Estimate.Missing, free.Quality.S, predictedA, predictedZ,
                fixedForm.Quality.S, null, $"no collapse: the free fit ran to the edge of its range (a = {a.Value:G3}, z = {z.Value:G3}, z searched in " +
                $"[{AbsorbingFiniteSizeForm.MinZ}, {AbsorbingFiniteSizeForm.MaxZ}]; {free.Convergence.Message})");
        double delta = a.Value / z.Value;
        // a and z move together along the collapse's valley, so this independent-error propagation is conservative.
        double deltaError = Math.Abs(delta) * Math.Sqrt(Math.Pow(a.Error / a.Value, 2) + Math.Pow(z.Error / z.Value, 2));
        return new CollapseSummary(new Estimate(a.Value, a.Error), new Estimate(z.Value, z.Error), new Estimate(delta, deltaError),
            free.Quality.S, predictedA, predictedZ, fixedForm.Quality.S, free);
    }

    static ObservationSet Observations(IReadOnlyList<CollapseCurve> curves, int fromLayer, double fromScaled, double z)
    {
        var observations = new List<Observation>();
        int draws = curves.Max(c => c.PerDraw.Count);
        foreach (var curve in curves)
        {
            int depth = curve.PerDraw[0].Length - 1;
            int start = Math.Max(fromLayer, (int)Math.Ceiling(fromScaled * Math.Pow(curve.Size, z)));
            if (start >= depth) continue; // too short to reach the scaling regime
            foreach (int l in CurveFits.LogSpacedLayers(start, depth, 32))
                for (int d = 0; d < curve.PerDraw.Count; d++)
                    observations.Add(new Observation(curve.Size, l, curve.PerDraw[d][l], double.NaN, d, 0));
        }
        return new ObservationSet(observations, Enumerable.Range(0, draws).Select(d => $"draw {d}").ToArray(), "criticality probes");
    }
}
