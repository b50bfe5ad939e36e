using Eumentia.Analysis.Statistics;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// Curves of one set of draws, layer by layer: the mean ρ_l (what the scaling laws are about) and the typical
/// ρ_l = exp(mean ln ρ_l), which rare slow draws cannot dominate — the better estimate of a decay rate.
/// </summary>
public sealed record MeanCurves(double[] Mean, double[] Typical);

/// <summary>
/// Resampling over weight draws: the draws of a probe are its independent samples, so an estimate's error
/// is the spread of the estimate recomputed on mean curves of draws drawn with replacement. Replicate r of
/// curve set k uses Philox (seed, Bootstrap stream (r, k)), so errors are reproducible.
/// </summary>
public static class DrawBootstrap
{
    /// <summary>The mean over draws of ρ_l, layer by layer.</summary>
    public static double[] Mean(IReadOnlyList<double[]> perDraw, IReadOnlyList<int>? pick = null)
    {
        int layers = perDraw[0].Length, count = pick?.Count ?? perDraw.Count;
        var mean = new double[layers];
        for (int i = 0; i < count; i++)
        {
            var curve = perDraw[pick is null ? i : pick[i]];
            for (int l = 0; l < layers; l++) mean[l] += curve[l];
        }
        for (int l = 0; l < layers; l++) mean[l] /= count;
        return mean;
    }

    /// <summary>exp(mean over draws of ln ρ_l); draws that have merged exactly count as 1e-300.</summary>
    public static double[] Typical(IReadOnlyList<double[]> perDraw, IReadOnlyList<int>? pick = null)
    {
        int layers = perDraw[0].Length, count = pick?.Count ?? perDraw.Count;
        var typical = new double[layers];
        for (int i = 0; i < count; i++)
        {
            var curve = perDraw[pick is null ? i : pick[i]];
            for (int l = 0; l < layers; l++) typical[l] += Math.Log(Math.Max(curve[l], 1e-300));
        }
        for (int l = 0; l < layers; l++) typical[l] = Math.Exp(typical[l] / count);
        return typical;
    }

    public static MeanCurves Curves(IReadOnlyList<double[]> perDraw, IReadOnlyList<int>? pick = null) =>
        new(Mean(perDraw, pick), Typical(perDraw, pick));

    /// <summary>Mean curves of each set for bootstrap replicate <paramref name="replicate"/>.</summary>
    public static MeanCurves[] Resample(IReadOnlyList<IReadOnlyList<double[]>> sets, int replicate, ulong seed)
    {
        var means = new MeanCurves[sets.Count];
        for (int k = 0; k < sets.Count; k++)
        {
            int draws = sets[k].Count;
            var pick = new int[draws];
            ulong stream = RngStream.Of(RngStream.Bootstrap, replicate, k);
            for (int i = 0; i < draws; i++) pick[i] = (int)(Philox.Uniform(seed, stream, (ulong)i) * draws);
            means[k] = Curves(sets[k], pick);
        }
        return means;
    }

    /// <summary>
    /// Several statistics of several curve sets (one mean curve each) with their bootstrap errors. Sets with a
    /// single draw (theory curves) have no spread and give no error.
    /// </summary>
    public static Estimate[] Estimates(IReadOnlyList<IReadOnlyList<double[]>> sets, Func<MeanCurves[], double[]> statistics,
        int count, int replicates = 200, ulong seed = 0)
    {
        double[] values = statistics(sets.Select(s => Curves(s)).ToArray());
        if (values.Length != count) throw new ArgumentException($"statistics gave {values.Length} values, expected {count}");
        if (sets.All(s => s.Count < 2)) return values.Select(v => new Estimate(v, 0.0)).ToArray();
        var replicateValues = new double[replicates][];
        for (int r = 0; r < replicates; r++) replicateValues[r] = statistics(Resample(sets, r, seed));
        return values.Select((v, j) => Estimate.FromReplicates(v, replicateValues.Select(rv => rv[j]))).ToArray();
    }
}
