using Eumentia.Data;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// The non-Gaussianity of the first layer's pre-activations over a probe set, in two readings, each with its cavity effects.
///
/// Pooled: κ_i over all probe examples together (the plain "kurtosis over the data"). For a classifier this mixes in
/// the classes: a unit whose pre-activation variance differs between classes — exactly what a unit discriminating
/// correlation lengths does — has positive pooled kurtosis even on Gaussian inputs (a scale mixture).
/// Within class: κ_i,c over the examples of each class c, averaged over classes. On the Gaussian control every κ_i,c
/// is zero up to sampling noise for any weights, so this reading isolates the non-Gaussianity the inputs carry into
/// the representation. The unit's non-Gaussianity is NG_i = mean_c |κ_i,c|.
///
/// Cavity effects (when asked): Δκ_ij of the pooled reading, and ΔNG_ij = mean_c |κ_i,c + Δκ_ij,c| − NG_i.
/// </summary>
public sealed record PreactivationStatistics(double[] Kurtosis, double[] KurtosisWithin, double[] NonGaussianity, double[]? DeltaKurtosis, double[]? DeltaNonGaussianity)
{
    /// <summary>Classes with fewer probe examples than this are left out of the within-class reading.</summary>
    public const int MinClassExamples = 20;

    public static PreactivationStatistics Compute(LabeledData train, int probe, ReadOnlySpan<float> weight, int units, float[]? mask, bool effects)
    {
        int inputs = train.Features;
        probe = Math.Min(probe, train.Count);
        var pooled = Cavity.Compute(train.X.AsSpan(0, probe * inputs), probe, inputs, weight, units, mask, effects);
        var perClass = new List<CavityResult>();
        for (int c = 0; c < train.Classes; c++)
        {
            var rows = Enumerable.Range(0, probe).Where(e => train.Y[e] == c).ToArray();
            if (rows.Length < MinClassExamples) continue;
            var x = new float[rows.Length * inputs];
            for (int r = 0; r < rows.Length; r++) train.X.AsSpan(rows[r] * inputs, inputs).CopyTo(x.AsSpan(r * inputs, inputs));
            perClass.Add(Cavity.Compute(x, rows.Length, inputs, weight, units, mask, effects));
        }
        var within = new double[units];
        var ng = new double[units];
        for (int i = 0; i < units; i++)
        {
            within[i] = perClass.Count > 0 ? perClass.Average(r => r.Kurtosis[i]) : double.NaN;
            ng[i] = perClass.Count > 0 ? perClass.Average(r => Math.Abs(r.Kurtosis[i])) : double.NaN;
        }
        double[]? deltaNg = null;
        if (effects && perClass.Count > 0)
        {
            deltaNg = new double[units * inputs];
            for (int ij = 0; ij < deltaNg.Length; ij++)
            {
                int i = ij / inputs;
                deltaNg[ij] = perClass.Average(r => Math.Abs(r.Kurtosis[i] + r.DeltaKurtosis[ij])) - ng[i];
            }
        }
        return new PreactivationStatistics(pooled.Kurtosis, within, ng, effects ? pooled.DeltaKurtosis : null, deltaNg);
    }
}
