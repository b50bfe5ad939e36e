using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>The measurements of one trained network: test metrics, receptive-field statistics, kurtosis and the cavity method.</summary>
public static class LevelMeasurements
{
    /// <summary>The Prune-stream index of the scatter-plot sample: far above any level, so it never shares a stream with a random mask.</summary>
    const long CavitySampleStream = 0xFFFFFFF;

    /// <param name="next">The layer-0 mask the next IMP round would install (scores the cavity prediction); null: no cavity effects.</param>
    public static LevelMeasurement Measure(Mlp net, LotteryData data, LotterySpec spec, string levelDir, float[]? next, ulong seed)
    {
        var test = Evaluator.Evaluate(net, data.Sets.Test, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, seed);
        var layer = net.Layers[0];
        var weight = layer.Weight.Span;
        var pre = PreactivationStatistics.Compute(data.Sets.Train, spec.ProbeSize, weight, layer.Outputs, layer.WeightMask, effects: next is not null);
        var units = UnitStatistics.Of(weight, layer.Outputs, layer.Inputs, data.Grid, spec.WindowRadius);
        CsvTable.WriteValues(Path.Combine(levelDir, "units.csv"), ["unit", "fan_in", "ipr", "ipr_normalised", "distance_ratio", "neighbour_correlation", "window_excess", "kurtosis", "kurtosis_within", "non_gaussianity"],
            Enumerable.Range(0, layer.Outputs).Select(i => new object?[]
                { i, units.FanIn[i], units.Ipr[i], units.NormalisedIpr[i], units.DistanceRatio[i], units.NeighbourCorrelation[i], units.WindowExcess[i], pre.Kurtosis[i], pre.KurtosisWithin[i], pre.NonGaussianity[i] }));

        var live = Enumerable.Range(0, layer.Outputs).Where(i => units.FanIn[i] > 0).ToArray();
        // Emptied units (no surviving input) have no receptive field: they are left out and counted in LiveUnits.
        var ipr = UnitStatistics.Summary(live.Select(i => units.Ipr[i]));
        var normalised = UnitStatistics.Summary(live.Select(i => units.NormalisedIpr[i]));
        var ratio = UnitStatistics.Summary(live.Select(i => units.DistanceRatio[i]));
        var neighbours = UnitStatistics.Summary(live.Select(i => units.NeighbourCorrelation[i]));
        var window = UnitStatistics.Summary(live.Select(i => units.WindowExcess[i]));
        var kurtosis = UnitStatistics.Summary(live.Select(i => pre.Kurtosis[i]));
        var within = UnitStatistics.Summary(live.Select(i => pre.KurtosisWithin[i]));
        var ng = UnitStatistics.Summary(live.Select(i => pre.NonGaussianity[i]));
        var m = new LevelMeasurement
        {
            TestLoss = test.Loss, TestAccuracy = test.Accuracy, LiveUnits = live.Length, FanInMean = live.Length > 0 ? live.Average(i => (double)units.FanIn[i]) : double.NaN,
            IprMean = ipr.Mean, IprSem = ipr.Sem, IprMedian = ipr.Median,
            IprNormalisedMean = normalised.Mean, IprNormalisedSem = normalised.Sem, InputKurtosis = InputExcessKurtosis(data.Sets.Train, spec.ProbeSize), DistanceRatioMean = ratio.Mean, DistanceRatioSem = ratio.Sem,
            NeighbourCorrelationMean = neighbours.Mean, NeighbourCorrelationSem = neighbours.Sem, WindowExcessMean = window.Mean, WindowExcessSem = window.Sem,
            KurtosisMean = kurtosis.Mean, KurtosisSem = kurtosis.Sem, KurtosisMedian = kurtosis.Median,
            KurtosisWithinMean = within.Mean, KurtosisWithinSem = within.Sem, NonGaussianityMean = ng.Mean, NonGaussianitySem = ng.Sem,
        };
        return next is null ? m : WithCavity(m, pre, weight, layer.Inputs, layer.WeightMask, next, spec.CavitySample, seed, levelDir);
    }

    /// <summary>Scores the cavity effects as predictors of the next round's pruning and writes a sample of weights for scatter plots.</summary>
    static LevelMeasurement WithCavity(LevelMeasurement m, PreactivationStatistics pre, ReadOnlySpan<float> weight, int inputs, float[]? mask, float[] next,
        int sample, ulong seed, string levelDir)
    {
        var delta = pre.DeltaKurtosis!;
        var deltaNg = pre.DeltaNonGaussianity;
        var survivors = new List<int>();
        for (int ij = 0; ij < delta.Length; ij++)
            if ((mask is null || mask[ij] != 0) && double.IsFinite(delta[ij])) survivors.Add(ij);
        var d = survivors.Select(ij => delta[ij]).ToArray();
        var dNg = survivors.Select(ij => deltaNg?[ij] ?? double.NaN).ToArray();
        var prunedNext = survivors.Select(ij => next[ij] == 0).ToArray();
        var w = weight.ToArray();
        var magnitude = survivors.Select(ij => (double)Math.Abs(w[ij])).ToArray();
        double MeanWhere(bool pruned, Func<double, double> f) => Mean(d.Where((_, k) => prunedNext[k] == pruned).Select(f));
        var finiteNg = Enumerable.Range(0, dNg.Length).Where(k => double.IsFinite(dNg[k])).ToArray();

        // A deterministic sample (Philox permutation of the survivors) keeps the scatter plots small.
        var order = Philox.Permutation(seed, RngStream.Of(RngStream.Prune, CavitySampleStream, 0), survivors.Count);
        var chosen = order.Take(sample).Order().ToArray();
        CsvTable.WriteValues(Path.Combine(levelDir, "cavity.csv"), ["unit", "input", "weight", "delta_kurtosis", "delta_non_gaussianity", "pruned_next"],
            chosen.Select(k => new object?[] { survivors[k] / inputs, survivors[k] % inputs, w[survivors[k]], d[k], dNg[k], prunedNext[k] ? 1 : 0 }));

        return m with
        {
            CavityAuc = Ranking.Auc(d, prunedNext),
            CavityNgAuc = Ranking.Auc(finiteNg.Select(k => dNg[k]).ToArray(), finiteNg.Select(k => prunedNext[k]).ToArray()),
            CavitySpearman = Ranking.Spearman(d, magnitude),
            CavityMeanPruned = MeanWhere(true, x => x), CavityMeanKept = MeanWhere(false, x => x),
            CavityPositivePruned = MeanWhere(true, x => x > 0 ? 1 : 0), CavityPositiveKept = MeanWhere(false, x => x > 0 ? 1 : 0),
        };
    }

    /// <summary>
    /// Median over input coordinates (those that vary) of their excess kurtosis over the first <paramref name="probe"/> examples.
    /// The median, because a mean is ruled by image borders that are almost always dark (Fashion-MNIST's mean reads about 45).
    /// </summary>
    public static double InputExcessKurtosis(Data.LabeledData train, int probe)
    {
        int n = Math.Min(probe, train.Count), d = train.Features;
        var kurtosis = new List<double>(d);
        for (int j = 0; j < d; j++)
        {
            double mean = 0;
            for (int e = 0; e < n; e++) mean += train.X[e * d + j];
            mean /= n;
            double m2 = 0, m4 = 0;
            for (int e = 0; e < n; e++)
            {
                double c = train.X[e * d + j] - mean, c2 = c * c;
                m2 += c2;
                m4 += c2 * c2;
            }
            m2 /= n;
            m4 /= n;
            if (m2 <= 1e-12) continue;
            kurtosis.Add(m4 / (m2 * m2) - 3);
        }
        return UnitStatistics.Summary(kurtosis).Median;
    }

    static double Mean(IEnumerable<double> v)
    {
        var a = v.ToArray();
        return a.Length > 0 ? a.Average() : double.NaN;
    }
}
