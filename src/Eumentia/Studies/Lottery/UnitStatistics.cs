using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Lottery;

/// <summary>Per-unit measures of one layer-0 weight matrix (see <see cref="Locality"/> and <see cref="PreactivationStatistics"/>).</summary>
public sealed record UnitStatistics(int[] FanIn, double[] Ipr, double[] NormalisedIpr, double[] DistanceRatio, double[] NeighbourCorrelation, double[] WindowExcess)
{
    public static UnitStatistics Of(ReadOnlySpan<float> weight, int units, int inputs, InputGrid grid, double windowRadius)
    {
        var fanIn = new int[units];
        var ipr = new double[units];
        var normalised = new double[units];
        var ratio = new double[units];
        var neighbours = new double[units];
        var window = new double[units];
        double windowSites = grid.MeanWindowSites(windowRadius);
        double reference = grid.MeanPairDistanceSquared();
        for (int i = 0; i < units; i++)
        {
            var row = weight.Slice(i * inputs, inputs);
            foreach (var v in row) if (v != 0) fanIn[i]++;
            ipr[i] = Locality.Ipr(row);
            normalised[i] = Locality.NormalisedIpr(row);
            ratio[i] = Locality.DistanceRatio(row, grid, reference);
            neighbours[i] = Locality.NeighbourCorrelation(row, grid);
            window[i] = Locality.WindowExcess(row, grid, windowRadius, windowSites);
        }
        return new UnitStatistics(fanIn, ipr, normalised, ratio, neighbours, window);
    }

    /// <summary>Mean, standard error and median of the finite values.</summary>
    public static (double Mean, double Sem, double Median) Summary(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return (double.NaN, double.NaN, double.NaN);
        var e = Estimate.MeanOf(v);
        double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        return (e.Value, e.Error, median);
    }
}
