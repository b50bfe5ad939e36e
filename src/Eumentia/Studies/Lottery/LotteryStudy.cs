using Eumentia.Data;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// The lottery-ticket study on the study contract. Every (gain, data set, seed) is an IMP trajectory of keyed
/// "lottery-imp" runs, planned one level at a time for all trajectories together (level ℓ + 1 prunes level ℓ), then
/// every baseline as a "lottery-branch" run of the IMP level it matches; then the analysis and report.html (with
/// several gains, one report per gain in gain-{g}/ and the gain scan's beside them). A trajectory whose training
/// diverged stops there, and the analysis uses what finished. Analysed only, it uses every level already finished.
/// </summary>
public sealed class LotteryStudy : Study<LotterySpec>
{
    public override string Name => "lottery";

    public override string Summary =>
        "Iterative magnitude pruning with rewinding on NLGP (and Gaussian-control, MNIST, Fashion-MNIST) inputs: receptive fields, kurtosis and the cavity method per level, against one-shot, random, shuffled and re-initialised baselines.";

    public override IReadOnlyList<string> PresetNames => LotteryPresets.Names;

    public override IReadOnlyList<RunKind> RunKinds { get; } = [LotteryRuns.Imp, LotteryRuns.Branch];

    public override LotterySpec Preset(string name) => LotteryPresets.Get(name);

    /// <summary>One trajectory: its gain, data set, seed and number of IMP levels after the dense one.</summary>
    sealed record Trajectory(double Gain, string Data, ulong Seed, int Levels, LotterySpec Spec)
    {
        public LotteryLevelConfig Level(int level) => LotteryLevelConfig.Of(Spec, Data, Seed, level);
    }

    public override void Check(LotterySpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
    }

    public override StudyOutcome Conduct(LotterySpec spec, StudyContext context)
    {
        // A missing or too small real data set fails here, before any run is planned (loads are cached).
        var shape = spec.Data.ToDictionary(d => d, d =>
        {
            if (spec.IsSynthetic(d)) return (Features: spec.Nlgp(d).Features, Classes: 2);
            var real = DataSources.Load(d, spec.TrainSize, spec.ValidationSize, 0, context.DataDir);
            return (real.Train.Features, real.Train.Classes);
        });
        var trajectories = (from g in spec.GainList()
                            from d in spec.Data
                            from s in Enumerable.Range(0, spec.Seeds)
                            select new Trajectory(g, d, spec.Seed + (ulong)s, LotteryRun.LevelCount(spec, shape[d].Features, shape[d].Classes),
                                spec with { Gain = g, Gains = [] })).ToArray();

        // IMP, one level of every trajectory at a time.
        var levels = trajectories.Select(_ => new List<FinishedRun>()).ToArray();
        var stopped = new bool[trajectories.Length];
        int deepest = trajectories.Max(t => t.Levels);
        for (int level = 0; level <= deepest; level++)
        {
            context.Stage?.Invoke($"IMP level {level} of {deepest}");
            var going = Enumerable.Range(0, trajectories.Length).Where(k => !stopped[k] && trajectories[k].Levels >= level).ToArray();
            var found = Get(context, LotteryRuns.Imp, going.Select(k => trajectories[k].Level(level)));
            foreach (int k in going)
            {
                // A diverged level ends its trajectory; analysed only, so does the first level not finished yet.
                if (found.GetValueOrDefault(CanonicalConfig.Key(LotteryRuns.Imp, trajectories[k].Level(level))) is { Succeeded: true } run) levels[k].Add(run);
                else stopped[k] = true;
            }
        }

        context.Stage?.Invoke("baselines");
        var branches = new List<LotteryBranchConfig>();
        for (int k = 0; k < trajectories.Length; k++)
            foreach (int level in LotteryRun.BaselineLevels(trajectories[k].Levels, spec.BaselineEvery).Where(l => l < levels[k].Count))
                branches.AddRange(spec.Baselines.Select(m => new LotteryBranchConfig { Imp = levels[k][level].Key, Method = m }));
        var baselines = Get(context, LotteryRuns.Branch, branches).Values.Where(r => r.Succeeded);

        var measured = levels.SelectMany(l => l).Concat(baselines).Select(r => (Run: r, Measurement: LotteryRuns.Read(r)))
            // The order of the files of a study directory before the contract: data, seed (as text), method, level.
            .OrderBy(x => $"{x.Measurement.Data}/seed-{x.Measurement.Seed}/{x.Measurement.Method}/level-{x.Measurement.Level:00}", StringComparer.Ordinal).ToArray();
        var gainOfImp = trajectories.SelectMany((t, k) => levels[k].Select(r => (r.Key, t.Gain))).ToDictionary(x => x.Key, x => x.Gain);
        double GainOf(FinishedRun run) => gainOfImp[run.Config is LotteryBranchConfig b ? b.Imp : run.Key];

        var gains = spec.GainList();
        var reports = new List<(double Gain, IReadOnlyList<LevelMeasurement> Levels)>();
        LotteryAnalysisResult? single = null;
        foreach (double g in gains)
        {
            var these = measured.Where(x => GainOf(x.Run) == g).ToArray();
            if (these.Length == 0) throw new EumentiaException($"{context.Directory}: no finished levels to analyse" + (gains.Length > 1 ? $" at gain {g}" : ""));
            string dir = gains.Length == 1 ? context.Directory : GainScan.GainDir(context.Directory, g);
            var analysis = LotteryAnalysis.Analyze([.. these.Select(x => x.Measurement)]);
            var where = these.ToDictionary(x => (x.Measurement.Data, x.Measurement.Seed, x.Measurement.Method, x.Measurement.Level), x => x.Run.Directory);
            LotteryAnalysis.Write(analysis, dir);
            LotteryReport.Write(spec with { Gain = g, Gains = [] }, analysis, dir, (d, s, m, l) => where.GetValueOrDefault((d, s, m, l)));
            reports.Add((g, [.. these.Select(x => x.Measurement)]));
            single = analysis;
        }
        IReadOnlyList<Finding> findings;
        Func<Finding, string> verdict = f => f.Verdict;
        if (gains.Length == 1) (findings, verdict) = (single!.Findings, single.QualifiedVerdict);
        else
        {
            var scan = GainScan.Analyse(reports);
            GainScan.Write(scan, context.Directory);
            GainScanReport.Write(scan, spec, context.Directory);
            findings = scan.Findings;
        }
        bool anyFailed = stopped.Where((s, k) => s && levels[k].Count <= trajectories[k].Levels).Any() && !context.AnalyzeOnly;
        return new StudyOutcome(Path.Combine(context.Directory, "report.html"),
            ["findings (mean ± standard error over seeds):", .. findings.Select(f => $"  {f.Data,-8} {f.Id,-40} {f.Value,-24} {verdict(f)}")], anyFailed);
    }

    /// <summary>
    /// The finished runs of <paramref name="configs"/> by key: all of them (planning the missing ones) when conducting,
    /// the finished ones when analysing only.
    /// </summary>
    static Dictionary<string, FinishedRun> Get(StudyContext context, RunKind kind, IEnumerable<object> configs)
    {
        var list = configs.ToList();
        var runs = context.AnalyzeOnly ? context.Runs.Available(kind, list) : context.Runs.Require(kind, list);
        return runs.DistinctBy(r => r.Key).ToDictionary(r => r.Key);
    }
}
