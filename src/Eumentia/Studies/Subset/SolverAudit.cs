using Eumentia.Analysis.Statistics;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Studies.Subset;

/// <summary>
/// One planted problem: the budget drawn, the planted values' scale (times the init scale), the student's Jacobian
/// rank, whether the search found a match, and the certificate of the verdict (a planted student certified unsolvable
/// by the linear test would be a wrong decision).
/// </summary>
public sealed record PlantedRow(string Network, string Allocation, int Budget, int Draw, double Scale, int Rank, bool FullRank, bool Found, double RelativeResidual,
    int Restarts, int Iterations, Certificate Certificate = Certificate.None);

/// <summary>The found fraction of one network's planted problems, with its Wilson 95 % interval.</summary>
public sealed record PlantedSummary(string Network, int Problems, int Found, double FoundFraction, double WilsonLower, double WilsonUpper, int FullRankProblems, int FullRankFound);

/// <summary>
/// The matching search's false-negative rate, measured where the answer is known: the teacher is the
/// student itself with its m learnable weights set to fresh random values, drawn like the frozen ones times a
/// scale from <see cref="PlantedScales"/> (draw by draw in turn: solutions far from the init scale are the ones
/// the search found hardest), so a match exists by construction. Each (network, allocation, draw) gets one
/// budget m drawn uniformly from the study's budgets, the study's allocation order and frozen weights, and the
/// study's decision (<see cref="MatchStudy.Decide"/>; rank-deficient students searched as fully as full-rank
/// ones, since the planted teacher is in their image). The homotopy is given not the planted weights (its path
/// would then be the straight line to them) but a reparameterisation of them with the same function
/// (<see cref="SubsetNetwork.Reparameterise"/>), as a real teacher's weights are not the student's. A match found
/// is a certificate; every miss is a search failure.
/// </summary>
public static class SolverAudit
{
    public static IReadOnlyList<double> PlantedScales { get; } = [1, 3, 10];

    /// <summary>
    /// <paramref name="draws"/> planted problems per network and allocation; <paramref name="atCountingThreshold"/>:
    /// all at m = D (the square systems, where the search found solutions hardest) instead of at a budget drawn from the grid.
    /// </summary>
    public static IReadOnlyList<PlantedRow> Run(SubsetSpec spec, int draws, CancellationToken cancel = default, bool atCountingThreshold = false)
    {
        spec.Validate();
        var networks = spec.Networks.Select(n => SubsetNetwork.Parse(n, spec.Seed)).ToArray();
        var d = networks.Select(n => JacobianRank.Generic(n, spec.Seed)).ToArray();
        var jobs = new List<(int Net, int Alloc, int Draw)>();
        for (int n = 0; n < networks.Length; n++)
            for (int a = 0; a < spec.Allocations.Count; a++)
                if (spec.Allocations[a].AppliesTo(networks[n]))
                    for (int draw = 0; draw < draws; draw++) jobs.Add((n, a, draw));
        var rows = new PlantedRow[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads, CancellationToken = cancel }, j =>
        {
            var (n, a, draw) = jobs[j];
            rows[j] = Solve(networks[n], d[n], spec.Allocations[a], draw, atCountingThreshold ? [d[n]] : spec.Budgets(networks[n].WeightCount, d[n]), spec.Match, spec.Seed);
        });
        return rows;
    }

    /// <summary>One planted problem of one allocation on one network.</summary>
    public static PlantedRow Solve(SubsetNetwork network, int independentEquations, Allocation allocation, int draw, IReadOnlyList<int> budgets, MatchOptions options, ulong seed)
    {
        var studentStream = RngStream.Of(RngStream.Student, network.Tag, draw);
        var frozen = network.DrawWeights(seed, studentStream);
        var order = allocation.Order(network, seed, RngStream.Of(RngStream.Subset, network.Tag, draw));
        var feasible = allocation.Kind == AllocationKind.Mask ? [order.Length] : budgets.Where(m => m <= order.Length).ToArray();
        var plantedStream = RngStream.Of(RngStream.Planted, network.Tag, draw);
        int m = feasible[Math.Min(feasible.Length - 1, (int)(Philox.Uniform(seed, plantedStream, 1L << 40) * feasible.Length))];
        var learnable = order.AsSpan(0, m);
        double scale = PlantedScales[draw % PlantedScales.Count];
        var planted = (double[])frozen.Clone();
        network.RedrawWeights(planted, learnable, seed, plantedStream, 0);
        foreach (int i in learnable) planted[i] *= scale;
        var target = network.Function(planted);
        var teacher = network.Reparameterise(planted, seed, plantedStream);
        var start = (double[])frozen.Clone();
        network.RedrawWeights(start, learnable, seed, studentStream, Matcher.RestartCounter(0));
        var rank = JacobianRank.Of(network, start, learnable);
        var (o, _) = MatchStudy.Decide(network, allocation.Name, draw, independentEquations, frozen, learnable, target, teacher, rank, options, seed, studentStream, solvable: true);
        return new PlantedRow(network.Name, allocation.Name, m, draw, scale, rank.Rank, rank.Rank == independentEquations, o.Matched, o.RelativeResidual, o.Restarts, o.Iterations, o.Certificate);
    }

    public static IReadOnlyList<PlantedSummary> Summarise(IEnumerable<PlantedRow> rows) =>
        [.. rows.GroupBy(r => r.Network).Select(g =>
        {
            int n = g.Count(), k = g.Count(r => r.Found);
            var ci = ProportionInterval.Wilson(k, n);
            return new PlantedSummary(g.Key, n, k, (double)k / n, ci.Lower, ci.Upper, g.Count(r => r.FullRank), g.Count(r => r.FullRank && r.Found));
        })];
}
