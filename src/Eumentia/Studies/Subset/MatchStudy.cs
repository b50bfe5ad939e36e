using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Studies.Subset;

/// <summary>Everything the match-probability experiment measured.</summary>
public sealed record MatchStudyResult(IReadOnlyList<NetworkTheory> Networks, IReadOnlyList<MatchOutcome> Outcomes);

/// <summary>
/// The match-probability experiment: for every network, allocation and draw, a teacher and a student with
/// random frozen weights, and for every budget m a search for learnable values that reproduce the teacher.
/// Draw d uses the same teacher and frozen student for every allocation and budget (common random numbers:
/// differences between allocations are not blurred by different teachers). Each (network, allocation, draw)
/// is one keyed run (<see cref="MatchJob"/>) whose random draws depend only on its config.
/// </summary>
public static class MatchStudy
{
    /// <summary>The networks of <paramref name="spec"/> with their counts and D, the generic rank of the full Jacobian.</summary>
    public static IReadOnlyList<NetworkTheory> Theory(SubsetSpec spec)
    {
        var networks = spec.Networks.Select(n => SubsetNetwork.Parse(n, spec.Seed)).ToArray();
        if (networks.Select(n => n.Name).Distinct().Count() != networks.Length)
            throw new UsageException("subset: a network is listed twice");
        return [.. networks.Select(n => new NetworkTheory(n.Name, n.WeightCount, n.EquationCount, JacobianRank.Generic(n, spec.Seed)))];
    }

    /// <summary>Every (network, allocation, draw) job of <paramref name="spec"/>, in the order of outcomes.csv.</summary>
    public static IReadOnlyList<MatchJobConfig> Jobs(SubsetSpec spec)
    {
        var jobs = new List<MatchJobConfig>();
        foreach (var name in spec.Networks)
        {
            var network = SubsetNetwork.Parse(name, spec.Seed);
            foreach (var allocation in spec.Allocations.Where(a => a.AppliesTo(network)))
                for (int d = 0; d < spec.Draws; d++) jobs.Add(MatchJobConfig.Of(spec, network.Name, allocation, d));
        }
        return jobs;
    }

    /// <summary>Runs every job here, in this process (for tests and small checks; the study runs them as keyed runs).</summary>
    public static MatchStudyResult Run(SubsetSpec spec)
    {
        spec.Validate();
        var theory = Theory(spec);
        return new MatchStudyResult(theory, [.. Jobs(spec).SelectMany(MatchJob.Compute)]);
    }

    /// <summary>One draw of one allocation on one network, at every budget the allocation can place.</summary>
    public static MatchOutcome[] RunDraw(SubsetNetwork network, int independentEquations, Allocation allocation, int draw, IReadOnlyList<int> budgets,
        MatchOptions options, ulong seed)
    {
        var teacher = network.DrawWeights(seed, RngStream.Of(RngStream.Teacher, network.Tag, draw));
        var target = network.Function(teacher);
        var studentStream = RngStream.Of(RngStream.Student, network.Tag, draw);
        var frozen = network.DrawWeights(seed, studentStream);
        var order = allocation.Order(network, seed, RngStream.Of(RngStream.Subset, network.Tag, draw));
        IEnumerable<int> feasible = allocation.Kind == AllocationKind.Mask ? [order.Length] : budgets.Where(m => m <= order.Length);

        var outcomes = new List<MatchOutcome>();
        MatchResult? matchedAt = null;
        int rankSoFar = 0;
        var start = new double[frozen.Length];
        foreach (int m in feasible)
        {
            var learnable = order.AsSpan(0, m);
            frozen.CopyTo(start, 0);
            network.RedrawWeights(start, learnable, seed, studentStream, Matcher.RestartCounter(0));
            // The generic rank of a nested set can only grow with it; a random point's numerical rank can
            // only fall short of it (round-off at an ill-conditioned point), so keep the running maximum.
            var rank = JacobianRank.Of(network, start, learnable);
            rank = rank with { Rank = rankSoFar = Math.Max(rankSoFar, rank.Rank) };
            if (matchedAt is { } earlier)
            {
                // Nested sets: the smaller budget's solution, with the extra weights at their frozen values, is a match here.
                outcomes.Add(new(network.Name, allocation.Name, m, draw, true, false, earlier.RelativeResidual, rank.Rank, rank.Gap, 0, 0,
                    options.Certify ? Certificate.FoundSolution : Certificate.None, SolutionRank(network, earlier, learnable, options)));
                continue;
            }
            var (o, solution) = Decide(network, allocation.Name, draw, independentEquations, frozen, learnable, target, teacher, rank, options, seed, studentStream);
            if (o.Matched) matchedAt = new MatchResult(true, o.RelativeResidual, o.Restarts, o.Iterations, solution);
            outcomes.Add(o);
        }
        return [.. outcomes];
    }

    /// <summary>One student's verdict, and the weights of its solution when it matched.</summary>
    public sealed record Decision(MatchOutcome Outcome, double[]? Weights);

    /// <summary>
    /// One student: with <see cref="MatchOptions.Certify"/>, decided and solved exactly when it is affine in its learnable
    /// weights (<see cref="LinearMatch"/>); otherwise searched (<see cref="Search"/>), its certificate a found solution,
    /// a rank below D, or none. <paramref name="solvable"/>: the teacher is known to be in the student's image (a
    /// planted problem), so a rank-deficient student is searched fully too.
    /// </summary>
    public static Decision Decide(SubsetNetwork network, string allocation, int draw, int independentEquations, ReadOnlySpan<double> frozen, ReadOnlySpan<int> learnable,
        ReadOnlySpan<double> target, ReadOnlySpan<double> teacherWeights, RankResult rank, MatchOptions options, ulong seed, ulong studentStream, bool solvable = false)
    {
        if (options.Certify && network.IsAffineIn(learnable))
        {
            var exact = LinearMatch.Solve(network, frozen, learnable, target);
            bool matched = exact.RelativeResidual < options.Tolerance;
            return new(new(network.Name, allocation, learnable.Length, draw, matched, true, exact.RelativeResidual, rank.Rank, rank.Gap, 0, 0,
                exact.Certificate, matched ? exact.Rank : -1, exact.Conditioning), matched ? exact.Weights : null);
        }
        var r = Search(network, independentEquations, frozen, learnable, target, teacherWeights, rank.Rank, options, seed, studentStream, solvable);
        var certificate = !options.Certify ? Certificate.None
            : r.Matched ? Certificate.FoundSolution : rank.Rank < independentEquations && !solvable ? Certificate.RankDeficient : Certificate.None;
        return new(new(network.Name, allocation, learnable.Length, draw, r.Matched, true, r.RelativeResidual, rank.Rank, rank.Gap, r.RestartsUsed, r.Iterations,
            certificate, r.Matched ? SolutionRank(network, r, learnable, options) : -1), r.Matched ? r.Weights : null);
    }

    /// <summary>The Jacobian rank at a found solution (with <see cref="MatchOptions.Certify"/>; -1 otherwise).</summary>
    static int SolutionRank(SubsetNetwork network, MatchResult found, ReadOnlySpan<int> learnable, MatchOptions options) =>
        options.Certify && found.Weights is { } w ? JacobianRank.Of(network, w, learnable).Rank : -1;

    /// <summary>
    /// The study's search protocol for one student: the short restarts, then, if they failed and the
    /// student's Jacobian has the full rank D (theory expects a match) or the teacher is known to be in the student's
    /// image (<paramref name="solvable"/>: a planted problem), the long confirming restarts.
    /// </summary>
    public static MatchResult Search(SubsetNetwork network, int independentEquations, ReadOnlySpan<double> frozen, ReadOnlySpan<int> learnable,
        ReadOnlySpan<double> target, ReadOnlySpan<double> teacherWeights, int rank, MatchOptions options, ulong seed, ulong studentStream, bool solvable = false)
    {
        var r = Matcher.Match(network, frozen, learnable, target, options, seed, studentStream);
        if (r.Matched || (rank != independentEquations && !solvable) || options.ConfirmRestartsFor(network) <= 0) return r;
        var more = Matcher.Match(network, frozen, learnable, target, options, seed, studentStream, confirm: true, teacherWeights);
        return new MatchResult(more.Matched, Math.Min(r.RelativeResidual, more.RelativeResidual), r.RestartsUsed + more.RestartsUsed, r.Iterations + more.Iterations, more.Weights);
    }
}
