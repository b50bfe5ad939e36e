using System.Text.Json;
using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Studies.Subset;

/// <summary>What the subset study found, ready to write: raw outcomes, MP tables, transitions, theory.</summary>
public sealed record SubsetResults(
    SubsetSpec Spec,
    MatchStudyResult Matching,
    IReadOnlyList<MatchProbabilityRow> Probabilities,
    IReadOnlyList<TransitionRow> Transitions,
    IReadOnlyList<RecheckRow> Rechecks,
    MnistSubsetResult? Mnist,
    double Seconds);

/// <summary>
/// Writes the study's tables into its output directory, each atomically: theory.csv (weights, equations,
/// independent equations D per network), outcomes.csv (one row per network x allocation x budget x draw),
/// match_probability.csv (MP(A, m) with Wilson and Clopper–Pearson 95 % intervals and the theory beside
/// it), transitions.csv (m_0.1, m_0.5, m_0.9 and width with bootstrap errors), rechecks.csv (full-rank
/// failures searched again far longer), with the MNIST case mnist_runs.csv and mnist_accuracy.csv, and
/// subset.json (the spec and the summaries).
/// </summary>
public static class SubsetOutputs
{
    public static SubsetResults Analyse(SubsetSpec spec, MatchStudyResult matching, IReadOnlyList<RecheckRow> rechecks, MnistSubsetResult? mnist, double seconds) =>
        new(spec, matching, MatchAnalysis.Probabilities(matching), MatchAnalysis.Transitions(matching, spec.Bootstrap, spec.Seed), rechecks, mnist, seconds);

    public static void Write(SubsetResults r, string directory)
    {
        Directory.CreateDirectory(directory);
        RecordCsv.Write(Path.Combine(directory, "theory.csv"), r.Matching.Networks);
        RecordCsv.Write(Path.Combine(directory, "outcomes.csv"), r.Matching.Outcomes);
        RecordCsv.Write(Path.Combine(directory, "match_probability.csv"), r.Probabilities);
        RecordCsv.Write(Path.Combine(directory, "transitions.csv"), r.Transitions);
        RecordCsv.Write(Path.Combine(directory, "rechecks.csv"), r.Rechecks);
        if (r.Mnist is not null)
        {
            RecordCsv.Write(Path.Combine(directory, "mnist_runs.csv"), r.Mnist.Runs);
            RecordCsv.Write(Path.Combine(directory, "mnist_accuracy.csv"), r.Mnist.Curves);
        }
        var summary = new
        {
            study = "subset",
            networks = r.Spec.Networks,
            allocations = r.Spec.Allocations.Select(a => a.Name),
            draws = r.Spec.Draws,
            restarts = r.Spec.Match.Restarts,
            confirm_restarts = r.Spec.Match.ConfirmRestarts,
            rough_confirm_restarts = r.Spec.Match.RoughConfirmRestarts ?? r.Spec.Match.ConfirmRestarts,
            tolerance = r.Spec.Match.Tolerance,
            certify = r.Spec.Match.Certify,
            rank_relative_tolerance = JacobianRank.RelativeTolerance,
            seed = r.Spec.Seed,
            seconds = r.Seconds,
            theory = r.Matching.Networks,
            agreement = Agreement(r),
            transitions = r.Transitions,
            mnist = r.Mnist is null ? null : new
            {
                network = r.Mnist.Network,
                weights = r.Mnist.Weights,
                data = r.Mnist.Spec.Data,
                epochs = r.Mnist.Spec.Epochs,
                seeds = r.Mnist.Spec.Seeds,
                curves = r.Mnist.Curves,
            },
        };
        AtomicFile.WriteAllText(Path.Combine(directory, "subset.json"), JsonSerializer.Serialize(summary, JsonDefaults.Options));
    }

    /// <summary>Draw-by-draw agreement of the rank theory with the measurement, per network.</summary>
    public static IReadOnlyList<AgreementRow> Agreement(SubsetResults r) =>
        [.. r.Probabilities.GroupBy(p => p.Network).Select(g => new AgreementRow(g.Key,
            g.Sum(p => p.FullRankMatched), g.Sum(p => p.DeficientUnmatched), g.Sum(p => p.FullRankUnmatched), g.Sum(p => p.DeficientMatched),
            g.Count(p => p.CountingPredictsMatch == (p.MatchProbability >= 0.5)), g.Count(),
            r.Rechecks.Count(x => x.Network == g.Key), r.Rechecks.Count(x => x.Network == g.Key && x.Found)))];
}

/// <summary>
/// Per network: students where rank theory and measurement agree (full rank and matched; deficient and
/// unmatched), where they do not (full rank yet unmatched; matched while deficient), how many
/// (allocation, budget) points counting alone (m ≥ D) gets right about MP ≥ 1/2, and how many of the
/// rechecked full-rank failures a far longer search matched after all.
/// </summary>
public sealed record AgreementRow(string Network, int FullRankMatched, int DeficientUnmatched, int FullRankUnmatched, int DeficientMatched,
    int CountingRightPoints, int Points, int Rechecked, int RecheckFound);
