using System.Text.Json.Serialization;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Analysis.Statistics;

/// <summary>How a bootstrap replicate is drawn from the data.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BootstrapKind>))]
public enum BootstrapKind
{
    /// <summary>No replicates and no errors: nothing to resample.</summary>
    None,
    /// <summary>Whole seeds drawn with replacement: every seed covers every cell, so a seed's rows move together
    /// and correlations between sizes within a seed are kept.</summary>
    Seeds,
    /// <summary>Seeds drawn with replacement within each cell, where seeds do not cover every cell.</summary>
    SeedsWithinCells,
    /// <summary>One value per cell with a given standard error: values redrawn from a normal (or, for positive
    /// data fitted in log space, log-normal) distribution with that error.</summary>
    Parametric,
}

/// <summary>
/// Bootstrap over replicate seeds, not over points: a point is a mean over seeds, and what varies between
/// repetitions of an experiment is the set of seeds. Draws come from Philox keyed by (seed, replicate), so a
/// replicate is the same whatever the thread count.
/// </summary>
public static class SeedBootstrap
{
    /// <summary>Sub-stream of <see cref="RngStream.Analysis"/> for resampling draws.</summary>
    public const long ResampleStream = 1;

    /// <summary>The kind of bootstrap the data allow; <paramref name="cell"/> maps an observation to its point.</summary>
    public static BootstrapKind KindFor(ObservationSet data, Func<Observation, (double, double)> cell)
    {
        var groups = data.Observations.GroupBy(cell).ToArray();
        if (data.HasSeeds && groups.Any(g => g.Count() >= 2))
        {
            int seeds = data.SeedLabels.Count;
            bool balanced = groups.All(g => g.Count() == seeds && g.Select(o => o.Seed).Distinct().Count() == seeds);
            return balanced ? BootstrapKind.Seeds : BootstrapKind.SeedsWithinCells;
        }
        return data.HasErrors ? BootstrapKind.Parametric : BootstrapKind.None;
    }

    /// <summary>Replicate number <paramref name="replicate"/> of the data.</summary>
    public static ObservationSet Resample(ObservationSet data, BootstrapKind kind, Func<Observation, (double, double)> cell,
        ulong seed, int replicate, bool positive)
    {
        ulong stream = RngStream.Of(RngStream.Analysis, ResampleStream, replicate);
        var rows = new List<Observation>(data.Observations.Count);
        switch (kind)
        {
            case BootstrapKind.Seeds:
            {
                int n = data.SeedLabels.Count;
                var bySeed = data.Observations.GroupBy(o => o.Seed).ToDictionary(g => g.Key, g => g.ToArray());
                for (int k = 0; k < n; k++)
                {
                    int drawn = (int)(Philox.Uniform(seed, stream, (ulong)k) * n);
                    foreach (var o in bySeed[drawn]) rows.Add(o with { Seed = k });
                }
                return new ObservationSet(rows, Enumerable.Range(0, n).Select(i => $"draw{i}").ToArray(), data.Source, data.Columns, data.Filters, data.Keys);
            }
            case BootstrapKind.SeedsWithinCells:
            {
                ulong counter = 0;
                int maxDraws = 0;
                foreach (var g in data.Observations.GroupBy(cell).OrderBy(g => g.Key))
                {
                    var members = g.ToArray();
                    for (int k = 0; k < members.Length; k++)
                        rows.Add(members[(int)(Philox.Uniform(seed, stream, counter++) * members.Length)] with { Seed = k });
                    maxDraws = Math.Max(maxDraws, members.Length);
                }
                return new ObservationSet(rows, Enumerable.Range(0, maxDraws).Select(i => $"draw{i}").ToArray(), data.Source, data.Columns, data.Filters, data.Keys);
            }
            case BootstrapKind.Parametric:
            {
                for (int i = 0; i < data.Observations.Count; i++)
                {
                    var o = data.Observations[i];
                    double z = Philox.Normal(seed, stream, (ulong)i);
                    double v = positive ? o.Value * Math.Exp(z * o.Error / o.Value) : o.Value + z * o.Error;
                    rows.Add(o with { Value = v });
                }
                return new ObservationSet(rows, data.SeedLabels, data.Source, data.Columns, data.Filters, data.Keys);
            }
            default:
                throw new InvalidOperationException("nothing to resample: the data have neither replicate seeds nor errors");
        }
    }

    /// <summary>
    /// Runs <paramref name="estimate"/> on <paramref name="samples"/> replicates (in parallel, each a pure
    /// function of its index) and returns the results in replicate order; failed replicates are null.
    /// </summary>
    public static T?[] Run<T>(int samples, Func<int, T?> estimate) where T : class
    {
        var results = new T?[samples];
        Parallel.For(0, samples, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads }, b =>
        {
            try { results[b] = estimate(b); }
            catch (EumentiaException) { results[b] = null; } // a replicate with too little data left to fit
        });
        return results;
    }
}
