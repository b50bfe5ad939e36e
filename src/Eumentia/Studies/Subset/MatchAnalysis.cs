using Eumentia.Analysis.Statistics;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Subset;

/// <summary>
/// MP(A, m) at one budget with 95 % intervals, beside the two theories: counting (m ≥ D independent
/// equations) and the Jacobian rank (the fraction of draws whose learnable weights' Jacobian has the full
/// rank D). The four counts cross the rank verdict with the measured match, draw by draw. Then the
/// certificates (<see cref="Certificate"/>): students proven solvable (a linear system decided solvable, or a
/// solution found), proven unsolvable (a linear system decided unsolvable, or a rank below D on a non-affine
/// student), and undecided (full rank, not affine, no solution found); the true MP lies in
/// [MP, <see cref="MatchProbabilityUpper"/>], an interval as wide as the undecided fraction (zero where every
/// student is certified). <see cref="SolvableUnmatched"/> counts students proven solvable that the study still
/// counted unmatched: the gap between MP and the certified-solvable fraction, 0 when the exact solve works.
/// </summary>
public sealed record MatchProbabilityRow(
    string Network, string Allocation, int Budget, int Draws, int Matches,
    double MatchProbability, double WilsonLower, double WilsonUpper, double ClopperPearsonLower, double ClopperPearsonUpper,
    int IndependentEquations, bool CountingPredictsMatch, double FullRankFraction,
    int FullRankMatched, int FullRankUnmatched, int DeficientMatched, int DeficientUnmatched,
    int CertifiedSolvable = 0, int CertifiedUnsolvable = 0, int Undecided = 0, int SolvableUnmatched = 0)
{
    /// <summary>The largest MP the certificates allow: every undecided student counted as solvable.</summary>
    public double MatchProbabilityUpper => (double)(Draws - CertifiedUnsolvable) / Draws;

    /// <summary>The fraction of students proven solvable, by linear algebra or by a solution.</summary>
    public double CertifiedSolvableFraction => (double)CertifiedSolvable / Draws;

    /// <summary>
    /// "agree" when every draw matched exactly when its rank was full; "full rank, unmatched" when some
    /// full-rank student found no match (no real solution, or one the search missed: MP is a lower bound);
    /// "matched below full rank" when a rank-deficient student matched (tolerance or rank threshold wrong).
    /// </summary>
    public string Verdict => DeficientMatched > 0 ? "matched below full rank" : FullRankUnmatched > 0 ? "full rank, unmatched" : "agree";
}

/// <summary>The transition of one allocation on one network, with the theory's prediction beside it.</summary>
/// <param name="CountingThreshold">D: the budget from which counting unknowns against equations allows a match.</param>
/// <param name="RankM50">Where the full-rank fraction crosses 1/2: the rank theory's transition point.</param>
/// <param name="FullBudgetMatchProbability">MP with every weight learnable: 1 in truth, so 1 minus this is the search's miss rate.</param>
/// <param name="MaxMatchedResidual">Largest residual among searched matches.</param>
/// <param name="MinUnmatchedResidual">Smallest residual among failures: far above the tolerance means the verdicts are not borderline.</param>
/// <param name="UpperM50">Where the certified upper bound on MP (1 - the certified-unsolvable fraction) crosses 1/2: the true
/// m(½) lies between this and the measured one.</param>
/// <param name="Undecided">Students (all budgets) neither proven solvable nor proven unsolvable.</param>
/// <param name="SolvableUnmatched">Students proven solvable but counted unmatched (0 when the exact solve works).</param>
public sealed record TransitionRow(
    string Network, string Allocation, int Weights, int CountingThreshold, int Draws,
    Transition Match, double RankM50, double FullBudgetMatchProbability,
    int FullRankUnmatched, int DeficientMatched, int Outcomes,
    double MaxMatchedResidual, double MinUnmatchedResidual,
    double UpperM50 = double.NaN, int Undecided = 0, int SolvableUnmatched = 0);

/// <summary>Turns the raw outcomes into MP tables, transitions and the theory comparison.</summary>
public static class MatchAnalysis
{
    public static IReadOnlyList<MatchProbabilityRow> Probabilities(MatchStudyResult result)
    {
        var d = result.Networks.ToDictionary(n => n.Network, n => n.IndependentEquations);
        return [.. result.Outcomes
            .GroupBy(o => (o.Network, o.Allocation, o.Budget))
            .Select(g =>
            {
                int D = d[g.Key.Network], n = g.Count(), k = g.Count(o => o.Matched);
                var wilson = ProportionInterval.Wilson(k, n);
                var cp = ProportionInterval.ClopperPearson(k, n);
                return new MatchProbabilityRow(g.Key.Network, g.Key.Allocation, g.Key.Budget, n, k, (double)k / n,
                    wilson.Lower, wilson.Upper, cp.Lower, cp.Upper, D, g.Key.Budget >= D,
                    (double)g.Count(o => o.Rank == D) / n,
                    g.Count(o => o.Rank == D && o.Matched), g.Count(o => o.Rank == D && !o.Matched),
                    g.Count(o => o.Rank < D && o.Matched), g.Count(o => o.Rank < D && !o.Matched),
                    g.Count(o => o.Certificate.ProvesSolvable()), g.Count(o => o.Certificate.ProvesUnsolvable()),
                    g.Count(o => o.Certificate == Certificate.None), g.Count(o => o.Certificate.ProvesSolvable() && !o.Matched));
            })];
    }

    public static IReadOnlyList<TransitionRow> Transitions(MatchStudyResult result, int resamples, ulong seed)
    {
        var rows = new List<TransitionRow>();
        foreach (var g in result.Outcomes.GroupBy(o => (o.Network, o.Allocation)))
        {
            var theory = result.Networks.First(n => n.Network == g.Key.Network);
            int D = theory.IndependentEquations;
            var budgets = g.Select(o => o.Budget).Distinct().Order().ToArray();
            if (budgets.Length < 2) continue; // a single mask: a point, not a curve
            var draws = g.GroupBy(o => o.Draw).OrderBy(x => x.Key).ToArray();
            var matched = draws.Select(x => Row(x, budgets, o => o.Matched)).ToArray();
            var fullRank = draws.Select(x => Row(x, budgets, o => o.Rank == D)).ToArray();
            var stream = RngStream.Of(RngStream.Analysis, StableTag.Of(g.Key.Network, 28), StableTag.Of(g.Key.Allocation, 28));
            var transition = TransitionSharpness.Measure(budgets, matched, resamples, seed, stream);
            double rankM50 = TransitionSharpness.Crossing(budgets, TransitionSharpness.Mean(fullRank, budgets.Length, null), 0.5);
            var possible = draws.Select(x => Row(x, budgets, o => !o.Certificate.ProvesUnsolvable())).ToArray();
            double upperM50 = TransitionSharpness.Crossing(budgets, TransitionSharpness.Mean(possible, budgets.Length, null), 0.5);
            var atFull = g.Where(o => o.Budget == theory.Weights).ToArray();
            rows.Add(new TransitionRow(g.Key.Network, g.Key.Allocation, theory.Weights, D, draws.Length, transition, rankM50,
                atFull.Length > 0 ? (double)atFull.Count(o => o.Matched) / atFull.Length : double.NaN,
                g.Count(o => o.Rank == D && !o.Matched), g.Count(o => o.Rank < D && o.Matched), g.Count(),
                g.Where(o => o.Matched && o.Solved).Select(o => o.RelativeResidual).DefaultIfEmpty(double.NaN).Max(),
                g.Where(o => !o.Matched).Select(o => o.RelativeResidual).DefaultIfEmpty(double.NaN).Min(),
                upperM50, g.Count(o => o.Certificate == Certificate.None), g.Count(o => o.Certificate.ProvesSolvable() && !o.Matched)));
        }
        return rows;
    }

    static bool[] Row(IEnumerable<MatchOutcome> draw, int[] budgets, Func<MatchOutcome, bool> predicate)
    {
        var row = new bool[budgets.Length];
        foreach (var o in draw) row[Array.IndexOf(budgets, o.Budget)] = predicate(o);
        return row;
    }
}
