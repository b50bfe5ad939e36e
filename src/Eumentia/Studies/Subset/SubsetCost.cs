using Eumentia.Data;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Training;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The work of the subset study's runs (<see cref="Sweeps.RunCostModel"/>). A matching job's cost is a search, not a
/// fixed computation: each descent is a Levenberg–Marquardt run of data-dependent length whose iterations each build
/// the E × W Jacobian and its normal equations (E equations, W weights: about 2·E·W² operations). The model counts
/// one such iteration per descent the config allows — budgets × (restarts + confirmation restarts), the upper end
/// of the search: a budget that matches on its first restart stops early — and the fitted rate absorbs the mean
/// number of iterations per descent and the share of descents actually run, so it is a rate of "descent units",
/// not of FLOP. A recheck is one budget searched with <see cref="Recheck.LongSearch"/>'s 50 + 50 descents. An MNIST
/// training is counted as <see cref="TrainCost"/> counts a training (dense products whatever the mask), plus one
/// forward pass over the test set.
/// </summary>
public static class SubsetCost
{
    /// <summary>
    /// Descent units per core-second and fixed seconds of a matching job or recheck, from `Eumentia.Bench cost --kinds
    /// subset-match` (the quick preset's search on ff:2-2-2, ff:3-3-3 and ff:4-4-4, one thread, CPU time on shared
    /// cores, 2026-12-07): the fixed part is what the smallest job takes in all (0.003 s), the rate the least-squares
    /// fit of the two larger ones with it. A search's length depends on whether and when it matches, so a
    /// single job may differ from the model by a factor of several (docs/performance.md, "What a study costs").
    /// </summary>
    public const double MatchRate = 8.6e7;

    /// <summary>See <see cref="MatchRate"/>.</summary>
    public const double MatchSecondsPerRun = 0.003;

    /// <summary>
    /// Operations per core-second and fixed seconds of an MNIST training: the fit of `Eumentia.Bench cost --kinds
    /// subset-mnist` (784-H-10, H = 16, 32, 64, 4 epochs, the quick preset's case; one thread, CPU time, 2026-12-07).
    /// Below the training kernels' rate: these nets are narrow, and the masked gradient is applied weight by weight.
    /// </summary>
    public const double MnistRate = 2.14e10;

    /// <summary>See <see cref="MnistRate"/>.</summary>
    public const double MnistSecondsPerRun = 0.16;

    /// <summary>Descent units of a matching job: budgets × (restarts + confirmation restarts) × 2·E·W².</summary>
    public static double Match(MatchJobConfig c)
    {
        var network = SubsetNetwork.Parse(c.Network, c.Seed);
        int budgets = c.Mask.Length > 0 ? 1 : Math.Min(c.BudgetPoints, network.WeightCount);
        return (double)budgets * (c.Restarts + (c.RoughConfirmRestarts ?? c.ConfirmRestarts)) * Iteration(network);
    }

    /// <summary>Descent units of a recheck: one budget, <see cref="Recheck.LongSearch"/>'s descents.</summary>
    public static double Recheck(RecheckJobConfig c)
    {
        var search = Subset.Recheck.LongSearch(c.Tolerance, c.Certify);
        return (double)(search.Restarts + search.ConfirmRestarts) * Iteration(SubsetNetwork.Parse(c.Network, c.Seed));
    }

    static double Iteration(SubsetNetwork network) => 2.0 * network.EquationCount * network.WeightCount * (double)network.WeightCount;

    /// <summary>Operations of an MNIST training and its test pass; NaN for a data set of unknown shape.</summary>
    public static double Mnist(MnistJobConfig c)
    {
        if (DataSources.NominalShape(c.Data) is not { } shape) return double.NaN;
        int[] widths = [shape.Features, .. c.Hidden, shape.Classes];
        long all = 0;
        for (int i = 0; i + 1 < widths.Length; i++) all += (long)widths[i] * widths[i + 1];
        long first = (long)widths[0] * widths[1];
        int n = c.TrainSize > 0 ? Math.Min(c.TrainSize, shape.Train) : shape.Train;
        double training = c.Budget > 0 ? (double)c.Epochs * n * (6.0 * all - 2.0 * first) : 0;
        return training + 2.0 * shape.Test * all;
    }
}
