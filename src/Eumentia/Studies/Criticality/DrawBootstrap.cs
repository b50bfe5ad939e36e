using Eumentia.Numerics;

namespace Eumentia.Studies.Criticality;

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

    /// <summary>Mean curves of each set for bootstrap replicate <paramref name="replicate"/>.</summary>
    public static double[][] Resample(IReadOnlyList<IReadOnlyList<double[]>> sets, int replicate, ulong seed)
    {
        var means = new double[sets.Count][];
        for (int k = 0; k < sets.Count; k++)
        {
            int draws = sets[k].Count;
            var pick = new int[draws];
            ulong stream = RngStream.Of(RngStream.Bootstrap, replicate, k);
            for (int i = 0; i < draws; i++) pick[i] = (int)(Philox.Uniform(seed, stream, (ulong)i) * draws);
            means[k] = Mean(sets[k], pick);
        }
        return means;
    }

    /// <summary>
    /// Several statistics of several curve sets (one mean curve each) with their bootstrap errors. Sets with a
    /// single draw (theory curves) have no spread and give no error.
    /// </summary>
    public static Estimate[] Estimates(IReadOnlyList<IReadOnlyList<double[]>> sets, Func<double[][], double[]> statistics,
        int count, int replicates = 200, ulong seed = 0)
    {
        double[] values = statistics(sets.Select(s => Mean(s)).ToArray());
        if (values.Length != count) throw new ArgumentException($"statistics gave {values.Length} values, expected {count}");
        if (sets.All(s => s.Count < 2)) return values.Select(v => new Estimate(v, 0.0)).ToArray();
        var replicateValues = new double[replicates][];
        for (int r = 0; r < replicates; r++) replicateValues[r] = statistics(Resample(sets, r, seed));
        return values.Select((v, j) => Estimate.FromReplicates(v, replicateValues.Select(rv => rv[j]))).ToArray();
    }
}
