using Eumentia.Analysis.Optimisation;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Studies.Subset;

/// <summary>
/// One re-examined disagreement: a student whose Jacobian had full rank (theory: it should match) but whose
/// search found no match, searched again far longer. Found = the first search missed an existing solution.
/// </summary>
public sealed record RecheckRow(string Network, string Allocation, int Budget, int Draw, double FirstResidual, bool Found, double Residual, int Restarts);

/// <summary>
/// How far to trust "full rank, unmatched". A match is a certificate; a failed search is not: the matching
/// equations are polynomial, and at m near D their real solutions can have small basins. This re-runs a
/// sample of the failures with a search about twenty times longer (<see cref="LongSearch"/>: 50 long descents,
/// then 50 homotopies from the teacher's weights, each falling back on a long descent). The fraction
/// found estimates how many of the remaining disagreements are search misses rather than students that
/// truly cannot match (no real solution: the student's image covers only part of the teacher manifold).
/// MP itself keeps the study's fixed protocol, so it stays comparable across allocations.
/// </summary>
public static class Recheck
{
    public static MatchOptions LongSearch(double tolerance, bool certify) => new(Restarts: 50, Tolerance: tolerance, ConfirmRestarts: 50,
        Descent: new LevenbergMarquardtOptions(MaxIterations: 2000, TargetRelativeResidual: tolerance * 1e-4, StallWindow: 100, StallFactor: 0.999), Certify: certify);

    /// <summary>Up to <paramref name="perNetwork"/> full-rank failures per network, picked by a seeded shuffle.</summary>
    public static IReadOnlyList<MatchOutcome> Cases(SubsetSpec spec, MatchStudyResult result, int perNetwork)
    {
        var cases = new List<MatchOutcome>();
        foreach (var theory in result.Networks)
        {
            var failures = result.Outcomes
                .Where(o => o.Network == theory.Network && o.Rank == theory.IndependentEquations && !o.Matched)
                .OrderBy(o => o.Allocation, StringComparer.Ordinal).ThenBy(o => o.Budget).ThenBy(o => o.Draw).ToArray();
            var pick = Philox.Permutation(spec.Seed, RngStream.Of(RngStream.Analysis, StableTag.Of(theory.Network, 28), 0), failures.Length);
            cases.AddRange(pick.Take(perNetwork).Order().Select(i => failures[i]));
        }
        return cases;
    }

    /// <summary>The keyed run that searches <paramref name="failure"/> again.</summary>
    public static RecheckJobConfig Job(SubsetSpec spec, MatchOutcome failure)
    {
        var allocation = spec.Allocations.First(a => a.Name == failure.Allocation);
        return new RecheckJobConfig
        {
            Network = failure.Network, Allocation = allocation.Name, Mask = allocation.Mask is { } mask ? [.. mask] : [], Draw = failure.Draw,
            Budget = failure.Budget, Seed = spec.Seed, Tolerance = spec.Match.Tolerance, Certify = spec.Match.Certify,
        };
    }

    public static RecheckRow Row(MatchOutcome failure, MatchOutcome again) =>
        new(failure.Network, failure.Allocation, failure.Budget, failure.Draw, failure.RelativeResidual, again.Matched, again.RelativeResidual, again.Restarts);

    /// <summary>Searches the cases of <see cref="Cases"/> again here, in this process (for tests; the study runs them as keyed runs).</summary>
    public static IReadOnlyList<RecheckRow> Run(SubsetSpec spec, MatchStudyResult result, int perNetwork) =>
        [.. Cases(spec, result, perNetwork).Select(o => Row(o, RecheckJob.Compute(Job(spec, o))))];
}
