using System.Globalization;
using Eumentia.Sweeps;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The whole subset-learning study on the study contract: the match-probability experiment on every network and
/// allocation (one keyed "subset-match" run per network, allocation and draw) and the MNIST case (one "subset-mnist"
/// run per training) as the first stage, then a longer second search of a sample of the disagreements with theory
/// ("subset-recheck" runs, chosen from the first stage's outcomes), then the analysis, the tables and report.html.
/// A study that grows (more draws, networks, allocations) reuses every finished run.
/// </summary>
public sealed class SubsetStudy : Study<SubsetSpec>
{
    public override string Name => "subset";

    public override string Summary =>
        "Subset learning (Schlisselberg & Darshan 2025): match probability MP(A, m) of students with m learnable weights placed by allocation A, against the Jacobian-rank theory.";

    public override IReadOnlyList<string> PresetNames => SubsetSpec.PresetNames;

    public override IReadOnlyList<RunKind> RunKinds { get; } = [MatchJob.Kind, RecheckJob.Kind, MnistJob.Kind];

    public override SubsetSpec Preset(string name) => SubsetSpec.Preset(name);

    public override void Check(SubsetSpec spec) => spec.Validate();

    public override StudyOutcome Conduct(SubsetSpec spec, StudyContext context)
    {
        var theory = MatchStudy.Theory(spec);
        var mnistSpec = spec.Mnist;
        var layout = mnistSpec is null ? null : MnistSubsetStudy.Layout(mnistSpec, spec.Seed, context.DataDir);

        context.Stage?.Invoke(mnistSpec is null ? "matching" : "matching and MNIST trainings");
        var batch = new RunBatch(context.Runs);
        var matchRuns = batch.Require(MatchJob.Kind, MatchStudy.Jobs(spec));
        var mnistRuns = layout is null ? [] : batch.Require(MnistJob.Kind, MnistSubsetStudy.Jobs(mnistSpec!, spec.Seed, layout));
        batch.Complete();
        var matching = new MatchStudyResult(theory, [.. StudyFiles.Succeeded(matchRuns, "matching").SelectMany(MatchJob.Read)]);

        context.Stage?.Invoke("rechecking full-rank failures with a longer search");
        var cases = Recheck.Cases(spec, matching, spec.Rechecks);
        var rechecked = StudyFiles.Succeeded(context.Runs.Require(RecheckJob.Kind, cases.Select(c => Recheck.Job(spec, c))), "recheck");
        var rechecks = cases.Zip(rechecked, (c, run) => Recheck.Row(c, RecheckJob.Read(run))).ToArray();

        var mnist = layout is null ? null
            : MnistSubsetStudy.Summarise(mnistSpec!, layout, [.. StudyFiles.Succeeded(mnistRuns, "MNIST training").Select(MnistJob.Read)]);
        double seconds = matchRuns.Concat(rechecked).Concat(mnistRuns).Sum(StudyFiles.Seconds);
        var results = SubsetOutputs.Analyse(spec, matching, rechecks, mnist, seconds);
        SubsetOutputs.Write(results, context.Directory);
        SubsetReport.Write(results, context.Directory);
        return new StudyOutcome(Path.Combine(context.Directory, "report.html"), Headline(results), AnyFailed: false);
    }

    /// <summary>
    /// The report's headline; per network, the recheck's outcome and the match probability of every user-given mask;
    /// with the MNIST case, its mean test accuracy at every budget.
    /// </summary>
    static IReadOnlyList<string> Headline(SubsetResults r)
    {
        var lines = SubsetReport.Summary(r).Lines.ToList();
        foreach (var a in SubsetOutputs.Agreement(r).Where(a => a.Rechecked > 0))
            lines.Add($"{a.Network}: recheck: a 20x longer search matched {a.RecheckFound} of {a.Rechecked} sampled full-rank failures (of {a.FullRankUnmatched})");
        foreach (var p in r.Probabilities.Where(p => p.Allocation.StartsWith("mask:", StringComparison.Ordinal)))
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{p.Network} {p.Allocation} m = {p.Budget}: MP = {p.MatchProbability:F2} [{p.WilsonLower:F2}, {p.WilsonUpper:F2}], full rank in {p.FullRankFraction:P0} of draws ({p.Verdict})"));
        if (r.Mnist is { } m)
        {
            lines.Add($"MNIST, {m.Network} ({m.Weights} weights), mean test accuracy over {m.Spec.Seeds} seed{(m.Spec.Seeds == 1 ? "" : "s")}:");
            foreach (var a in m.Spec.Allocations)
                lines.Add($"  {a.Name}: " + string.Join(", ", m.Curves.Where(c => c.Allocation == a.Name)
                    .Select(c => string.Create(CultureInfo.InvariantCulture, $"m = {c.Budget}: {c.TestAccuracy:P1}"))));
        }
        return lines;
    }
}
