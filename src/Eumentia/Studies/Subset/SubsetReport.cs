using System.Globalization;
using Eumentia.Analysis.Statistics;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Reports;

namespace Eumentia.Studies.Subset;

/// <summary>
/// report.html of the subset study (and each figure as a standalone SVG beside it): MP(A, m) against m per
/// network with Wilson bands and the rank theory's prediction, the transitions' positions and sharpness,
/// the draw-by-draw agreement with theory, and the MNIST accuracy curves when they were run.
/// </summary>
public static class SubsetReport
{
    public static void Write(SubsetResults r, string directory)
    {
        var report = new Report("Subset learning: which m learnable weights let a student match its teacher").Headline(Summary(r));
        report.Section("What was measured",
            "A teacher and a student share an architecture; every weight is i.i.d. Gaussian. The student keeps all but m of its weights frozen at "
            + "random values; an allocation A decides which m are learnable. The student matches when Levenberg–Marquardt with random restarts "
            + $"finds learnable values whose function equals the teacher's to a relative residual below {F(r.Spec.Match.Tolerance)} "
            + "(linear nets: the end-to-end map; linear RNNs: the Markov parameters V W^k U, k < 2 × hidden; shallow ReLU nets: the outputs on "
            + "generic probe inputs). MP(A, m) is the fraction of independent draws (teacher, frozen weights, allocation) that match, with "
            + "Wilson 95 % intervals. For linear RNNs the solver weights each Markov parameter by the teacher's norm of it, so every k counts "
            + "alike. The same draws serve every budget and allocation, and the learnable sets grow nested with m, so each "
            + "draw's curve is monotone.\n\n"
            + "Theory: D, the number of independent equations, is the generic rank of the Jacobian of the function with respect to all weights "
            + "(the dimension of the set of functions the architecture computes). Counting predicts a match once m ≥ D. The rank theory "
            + "predicts a match exactly when the Jacobian with respect to the m learnable weights has rank D at a random point (numerical rank: "
            + $"singular values above {F(JacobianRank.RelativeTolerance)} σ_max after scaling rows and columns to unit norm). Full rank makes a "
            + "match possible for an open set of teachers, not certain: a disagreement of that kind means the student's image covers only part "
            + "of the teacher manifold (no real solution), or that the search missed a solution; the recheck below tells the two apart on a sample.");
        report.Section("What was run");
        report.Code($"networks: {string.Join(", ", r.Spec.Networks)}\nallocations: {string.Join(", ", r.Spec.Allocations.Select(a => a.Name))}\n"
            + $"draws per point: {r.Spec.Draws}, seed: {r.Spec.Seed}, compute time of its runs: {r.Seconds:F0} s\n"
            + $"restarts: {r.Spec.Match.Restarts}, and for full-rank failures {r.Spec.Match.ConfirmRestarts} more (ReLU nets: {r.Spec.Match.RoughConfirmRestarts ?? r.Spec.Match.ConfirmRestarts}): homotopies from the student's own function,\n"
            + "each with a long descent as fallback");

        foreach (var net in r.Matching.Networks)
        {
            report.Figure(NetworkFigure(r, net).File($"mp-{FileName(net.Network)}", 900, 360), $"{net.Network}: {net.Weights} weights, {net.Equations} equations, D = {net.IndependentEquations}. "
                + "MP(A, m) (solid; Wilson 95 % band drawn across the transition only: on the plateaus no draw, or every draw, matched) and the rank theory's prediction, the fraction of draws whose learnable weights' Jacobian "
                + "has rank D (dashed), and where some students are undecided the largest MP their certificates allow (thin dotted: every undecided student counted solvable). The dotted vertical line is the counting threshold m = D.");
        }

        report.Section("Transitions", "m(MP = ½) and the width of the interval where MP rises from 0.1 to 0.9, interpolated on the monotone "
            + "MP curve, with bootstrap errors over draws. A width shown as '< Δm (step)' jumps between neighbouring budgets: it is only bounded "
            + "by the grid there. MP(all) is MP with every weight learnable, 1 in truth: one minus it is the search's miss rate.");
        report.Table(["network", "allocation", "D", "m(MP=½)", "certified bound on m(½)", "width 0.1→0.9", "rank theory m(½)", "MP(all)", "full rank, unmatched", "undecided", "matched below full rank"],
            r.Transitions.Select(t => (IReadOnlyList<string>)[t.Network, t.Allocation, I(t.CountingThreshold), PlusMinus(t.Match.M50, t.Match.M50Se), F1(t.UpperM50),
                Width(t.Match), F1(t.RankM50), F2(t.FullBudgetMatchProbability), I(t.FullRankUnmatched), I(t.Undecided), I(t.DeficientMatched)]),
            "Per network and allocation. The certified bound is where the largest MP the certificates allow crosses ½: the true m(½) lies between it and the measured one.");

        report.Section("Certified match probability", "What is proven beyond the search, student by student. A student affine in its learnable "
            + "weights (all in one layer of a linear net, in U or in V of a linear RNN, in a ReLU net's output layer) is a linear system: decided "
            + "by rank (solvable iff the target lies in the column space of the constant Jacobian, with a tolerance set by its conditioning) and "
            + "solved exactly, no search. Any other student is proven solvable by a solution found, and unsolvable (for a teacher drawn at random) "
            + "by a Jacobian rank below D; a full-rank student whose search failed stays undecided, so MP there is a lower bound and the true MP lies "
            + "in [MP, MP + undecided]. Gap: students proven solvable yet counted unmatched (0 when the exact solve works). At m = D, per allocation:");
        report.Table(["network", "allocation", "m", "MP", "certified solvable", "certified unsolvable", "undecided", "gap", "MP range"],
            r.Probabilities.Where(p => p.Budget == p.IndependentEquations).Select(p => (IReadOnlyList<string>)[p.Network, p.Allocation, I(p.Budget),
                F2(p.MatchProbability), F2(p.CertifiedSolvableFraction), F2((double)p.CertifiedUnsolvable / p.Draws), F2((double)p.Undecided / p.Draws),
                I(p.SolvableUnmatched), $"[{F2(p.MatchProbability)}, {F2(p.MatchProbabilityUpper)}]"]),
            "Fractions of the draws at m = D; every budget is in match_probability.csv (columns certified_solvable, certified_unsolvable, undecided, solvable_unmatched).");

        var masks = r.Probabilities.Where(p => p.Allocation.StartsWith("mask:", StringComparison.Ordinal)).ToArray();
        if (masks.Length > 0)
            report.Table(["network", "mask", "m", "MP", "Wilson 95 %", "full-rank fraction", "verdict"],
                masks.Select(p => (IReadOnlyList<string>)[p.Network, p.Allocation, I(p.Budget), p.MatchProbability.ToString("F2", CultureInfo.InvariantCulture),
                    $"[{p.WilsonLower:F2}, {p.WilsonUpper:F2}]", p.FullRankFraction.ToString("F2", CultureInfo.InvariantCulture), p.Verdict]),
                "User-given masks.");

        var agreement = SubsetOutputs.Agreement(r);
        report.Section("Theory against measurement", Findings(r, agreement));
        report.Table(["network", "full rank & matched", "deficient & unmatched", "full rank & unmatched", "deficient & matched", "counting right (points)", "recheck found"],
            agreement.Select(a => (IReadOnlyList<string>)[a.Network, I(a.FullRankMatched), I(a.DeficientUnmatched), I(a.FullRankUnmatched), I(a.DeficientMatched),
                $"{a.CountingRightPoints}/{a.Points}", a.Rechecked > 0 ? $"{a.RecheckFound}/{a.Rechecked}" : "–"]),
            "Students counted draw by draw over all allocations and budgets. Counting is right at a point when m ≥ D coincides with MP ≥ ½. "
            + "Recheck: sampled full-rank failures searched again about twenty times longer; those found were search misses.");

        if (r.Mnist is not null) MnistSubsetReport.Add(report, r.Mnist);
        report.Write(Path.Combine(directory, "report.html"));
    }

    static Figure NetworkFigure(SubsetResults r, NetworkTheory net)
    {
        // One panel above the other: each needs its legend of up to six allocations beside it.
        var figure = new Figure(1);
        var curves = r.Spec.Allocations.Select((a, i) => (Allocation: a, Colour: Palette.Category(i)))
            .Where(c => c.Allocation.Kind != AllocationKind.Mask && c.Allocation.AppliesTo(SubsetNetwork.Parse(net.Network, r.Spec.Seed))).ToArray();
        foreach (var (title, kinds) in new[] { ("concentrated (and random)", new[] { AllocationKind.Concentrated, AllocationKind.Random }),
                                                ("spread (and random)", new[] { AllocationKind.Spread, AllocationKind.Random }) })
        {
            var plot = new Plot { Title = $"{net.Network}: {title}", XLabel = "learnable weights m", YLabel = "match probability MP", YMin = -0.02, YMax = 1.02, Legend = LegendPosition.Outside };
            var drawn = new List<(string Name, double[] Mp, double[] Rank)>();
            foreach (var (allocation, colour) in curves.Where(c => kinds.Contains(c.Allocation.Kind)))
            {
                var rows = r.Probabilities.Where(p => p.Network == net.Network && p.Allocation == allocation.Name).OrderBy(p => p.Budget).ToArray();
                if (rows.Length == 0) continue;
                var mp = rows.Select(p => p.MatchProbability).ToArray();
                var rank = rows.Select(p => p.FullRankFraction).ToArray();
                // Allocations that pick the same weights (row, column and layer of a one-layer net, say) give identical
                // curves: each later one is drawn smaller on top of the earlier, and its legend entry names its twin.
                var twin = drawn.FirstOrDefault(d => d.Mp.SequenceEqual(mp) && d.Rank.SequenceEqual(rank));
                int layer = drawn.Count(d => d.Mp.SequenceEqual(mp));
                drawn.Add((allocation.Name, mp, rank));
                var m = rows.Select(p => (double)p.Budget).ToArray();
                // The band only across the transition: on the plateaus (MP = 0 or 1) the nine bands would stack
                // into opaque blocks that hide the curves, and say only that MP is within 1/draws of 0 or 1.
                int first = Math.Max(0, Array.FindLastIndex(rows, p => p.Matches == 0)), last = Array.FindIndex(rows, p => p.Matches == p.Draws);
                if (last < 0) last = rows.Length - 1;
                if (last > first)
                    plot.Band(m[first..(last + 1)], rows[first..(last + 1)].Select(p => p.WilsonLower).ToArray(), rows[first..(last + 1)].Select(p => p.WilsonUpper).ToArray(), colour: colour, opacity: 0.1);
                plot.Points(m, mp, label: twin.Name is null ? allocation.Name : $"{allocation.Name} (= {twin.Name})", colour: colour,
                    marker: (MarkerShape)(drawn.Count % 5), line: true, markerSize: Math.Max(3, 9 - 2.5 * layer));
                plot.Line(m, rank, colour: colour, dash: "5 3", width: 1.2);
                var upper = rows.Select(p => p.MatchProbabilityUpper).ToArray();
                if (!upper.SequenceEqual(mp)) plot.Line(m, upper, colour: colour, dash: "1 2", width: 0.8);
            }
            // One legend entry for every dashed curve (no data of its own: the dashed lines above carry the colours).
            plot.Line([], [], "dashed: rank theory", "#555555", "5 3", 1.2);
            if (r.Probabilities.Any(p => p.Network == net.Network && p.MatchProbabilityUpper != p.MatchProbability))
                plot.Line([], [], "thin dotted: certified upper bound on MP", "#555555", "1 2", 0.8);
            plot.VerticalLine(net.IndependentEquations, $"counting: m = D = {net.IndependentEquations}", "#000000", "1 3"); // dotted, unlike the dashed theory
            figure.Add(plot);
        }
        return figure;
    }

    /// <summary>Plain-language findings computed from the tables.</summary>
    static string Findings(SubsetResults r, IReadOnlyList<AgreementRow> agreement)
    {
        var lines = new List<string>();
        foreach (var a in agreement)
        {
            int students = a.FullRankMatched + a.DeficientUnmatched + a.FullRankUnmatched + a.DeficientMatched;
            double agree = students == 0 ? double.NaN : (double)(a.FullRankMatched + a.DeficientUnmatched) / students;
            var t = r.Transitions.Where(x => x.Network == a.Network && double.IsFinite(x.Match.M50)).OrderBy(x => x.Match.M50).ToArray();
            string ranking = t.Length == 0 ? "" : $" Fewest weights needed: {t[0].Allocation} (m(½) = {t[0].Match.M50:F1}); most: {t[^1].Allocation} (m(½) = {t[^1].Match.M50:F1}).";
            string recheck = a.Rechecked == 0 ? "" : $" A twenty-times longer search matched {a.RecheckFound} of {a.Rechecked} sampled full-rank failures"
                + (a.RecheckFound * 2 <= a.Rechecked ? ", so most of them are students that cannot match, not search misses." : ", so many of them are search misses and MP is there a lower bound.");
            lines.Add($"{a.Network}: the rank theory and the measurement agree for {agree:P1} of {students} students; {a.FullRankUnmatched} had full rank "
                + $"but no match was found, {a.DeficientMatched} matched without full rank.{recheck} Counting alone (m ≥ D) is right about MP ≥ ½ at "
                + $"{a.CountingRightPoints} of {a.Points} (allocation, m) points.{ranking}");
        }
        return string.Join("\n\n", lines);
    }

    /// <summary>The headline: m(MP = ½) per allocation against D, per network, and how often the rank theory is right.</summary>
    public static Headline Summary(SubsetResults r)
    {
        var lines = new List<string>();
        foreach (var net in r.Matching.Networks)
        {
            var t = r.Transitions.Where(x => x.Network == net.Network).ToArray();
            lines.Add($"{net.Network} (D = {net.IndependentEquations} of {net.Weights} weights): m(½) = " + string.Join("; ", t.Select(x => $"{x.Allocation} {PlusMinus(x.Match.M50, x.Match.M50Se)}")) + ".");
        }
        foreach (var g in r.Probabilities.Where(p => p.Budget == p.IndependentEquations).GroupBy(p => p.Network))
        {
            int n = g.Sum(p => p.Draws);
            lines.Add($"{g.Key} at m = D: {g.Sum(p => p.Matches)} of {n} students matched, {g.Sum(p => p.CertifiedSolvable)} proven solvable, "
                + $"{g.Sum(p => p.CertifiedUnsolvable)} proven unsolvable, {g.Sum(p => p.Undecided)} undecided (MP a lower bound by that many); "
                + $"{g.Sum(p => p.SolvableUnmatched)} proven solvable yet unmatched.");
        }
        foreach (var a in SubsetOutputs.Agreement(r))
        {
            int students = a.FullRankMatched + a.DeficientUnmatched + a.FullRankUnmatched + a.DeficientMatched;
            lines.Add($"{a.Network}: the rank theory agrees with the measurement for {a.FullRankMatched + a.DeficientUnmatched} of {students} students; counting (m ≥ D) is right at {a.CountingRightPoints} of {a.Points} points.");
        }
        var values = new
        {
            Networks = r.Matching.Networks.Select(n => new { n.Network, n.Weights, D = n.IndependentEquations }).ToArray(),
            Transitions = r.Transitions.Select(x => new { x.Network, x.Allocation, D = x.CountingThreshold, M50 = x.Match.M50, M50Se = x.Match.M50Se, RankTheoryM50 = x.RankM50, CertifiedBoundM50 = x.UpperM50, x.Undecided, x.SolvableUnmatched }).ToArray(),
        };
        return new Headline("subset", lines, values);
    }

    static string FileName(string network) => network.Replace(':', '-');
    static string I(int x) => x.ToString(CultureInfo.InvariantCulture);
    static string F(double x) => NumberText.Short(x);
    static string F2(double x) => double.IsFinite(x) ? x.ToString("F2", CultureInfo.InvariantCulture) : "–";
    static string F1(double x) => double.IsFinite(x) ? x.ToString("F1", CultureInfo.InvariantCulture) : "–";
    static string PlusMinus(double x, double err) => double.IsFinite(x) ? NumberText.WithError(x, err) : "out of range";

    /// <summary>The width with its error, or its grid bound when the transition is a step.</summary>
    public static string Width(Transition t) => !double.IsFinite(t.Width) ? "out of range"
        : t.Resolved ? NumberText.WithError(t.Width, t.WidthSe)
        : string.Create(CultureInfo.InvariantCulture, $"< {t.GridSpacing:F0} (step)");
}
