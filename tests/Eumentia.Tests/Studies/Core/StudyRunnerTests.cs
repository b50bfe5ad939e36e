using System.Globalization;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Studies;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Core;

/// <summary>A branch of a toy run: reads the toy run's result (by key, beside it in the ledger) and scales its loss.</summary>
public sealed record ToyBranchConfig
{
    public string Parent { get; init; } = "";
    public double Scale { get; init; } = 1.0;
}

public sealed record ToyStudySpec
{
    public int[] Widths { get; init; } = [1, 2, 3];
    public double[] Scales { get; init; } = [2.0];
}

/// <summary>
/// A two-stage study on toy runs: trains (toy runs), then evaluates each trained run at every scale (branch
/// runs keyed by the parent's key), then sums the branch results into the headline.
/// </summary>
public sealed class ToyStudy : Study<ToyStudySpec>
{
    public static readonly RunKind<ToyBranchConfig> Branch = RunKind.Create<ToyBranchConfig>("toy-branch", (config, dir, _) =>
    {
        string parent = Path.Combine(Path.GetDirectoryName(dir)!, config.Parent, SweepDirectory.ResultFile);
        double loss = JsonDocument.Parse(File.ReadAllText(parent)).RootElement.GetProperty("evaluations")[0].GetProperty("loss").GetDouble();
        Directory.CreateDirectory(dir);
        File.AppendAllText(Path.Combine(dir, "executions.log"), "x\n");
        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), string.Create(CultureInfo.InvariantCulture, $"{{\"value\": {loss * config.Scale:R}}}"));
    });

    public override string Name => "toy";
    public override string Summary => "toy study";
    public override IReadOnlyList<string> PresetNames => ["tiny"];
    public override IReadOnlyList<RunKind> RunKinds => [ToyKind.Kind, Branch];
    public override ToyStudySpec Preset(string name) => name == "tiny" ? new() : throw new UsageException($"unknown preset '{name}'");

    public override StudyOutcome Conduct(ToyStudySpec spec, StudyContext context)
    {
        context.Stage?.Invoke("training");
        var trained = context.Runs.Require(ToyKind.Kind, spec.Widths.Select(w => (object)new ToyConfig { Width = w }));
        context.Stage?.Invoke("branches");
        var branches = trained.SelectMany(t => spec.Scales.Select(s => (object)new ToyBranchConfig { Parent = t.Key, Scale = s })).ToList();
        var done = context.AnalyzeOnly ? context.Runs.Available(Branch, branches) : context.Runs.Require(Branch, branches);
        double sum = done.Sum(b => JsonDocument.Parse(File.ReadAllText(Path.Combine(b.Directory, SweepDirectory.ResultFile))).RootElement.GetProperty("value").GetDouble());
        string report = Path.Combine(context.Directory, "report.html");
        File.WriteAllText(report, "<html></html>");
        return new StudyOutcome(report, [string.Create(CultureInfo.InvariantCulture, $"{done.Count} branches, sum {sum:F9}")], false);
    }

    /// <summary>The headline's sum computed directly from the toy kind's loss.</summary>
    public static double Expected(ToyStudySpec spec) =>
        spec.Widths.Sum(w => spec.Scales.Sum(s => ToyKind.Loss(new ToyConfig { Width = w }, 2) * s));
}

public sealed class StudyRunnerTests
{
    static StudyRunnerTests()
    {
        ToyKind.Register();
        RunKinds.Register(ToyStudy.Branch);
    }

    static int Executions(SweepDirectory sweep) => SweepTestDirectory.Executions(sweep).Values.Sum();

    [Fact]
    public void A_study_runs_its_stages_reuses_finished_runs_and_grows_without_redoing_them()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("study");
        var study = new ToyStudy();
        var spec = new ToyStudySpec();

        var planned = StudyRunner.Run(study, spec, dir, new StudyRunOptions(2, PlanOnly: true));
        Assert.Null(planned.Outcome);
        Assert.Equal(3, planned.Pending);
        Assert.Equal("training", planned.PendingStage);
        var ledger = SweepDirectory.Open(Path.Combine(dir, "runs"), false);
        Assert.Null(ledger.Kind); // a study's ledger holds several kinds
        Assert.Equal(3, ledger.RunKeys().Count);
        Assert.Equal("toy", StudyDirectory.Open(dir).Study);

        var ran = StudyRunner.Run(study, spec, dir, new StudyRunOptions(2));
        Assert.Equal(6, ran.Executed);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"3 branches, sum {ToyStudy.Expected(spec):F9}"), Assert.Single(ran.Outcome!.Headline));
        Assert.Equal(["toy", "toy", "toy", "toy-branch", "toy-branch", "toy-branch"],
            ledger.RunKeys().Select(k => ledger.LoadRun(k)).OrderBy(r => r.Index).Select(r => r.Kind.Name));
        Assert.Equal(6, Executions(ledger));

        // Again: nothing runs. A new scale runs only its three branches; a new width one training and its branches.
        Assert.Equal(0, StudyRunner.Run(study, spec, dir, new StudyRunOptions(1)).Executed);
        var grown = spec with { Widths = [1, 2, 3, 4], Scales = [2.0, 0.5] };
        var again = StudyRunner.Run(study, grown, dir, new StudyRunOptions(2));
        Assert.Equal(1 + 5, again.Executed);
        Assert.Equal(12, Executions(ledger));
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"8 branches, sum {ToyStudy.Expected(grown):F9}"), again.Outcome!.Headline[0]);
        var recorded = (ToyStudySpec)StudyDirectory.Open(dir).Spec(study);
        Assert.Equal(grown.Widths, recorded.Widths);
        Assert.Equal(grown.Scales, recorded.Scales);
    }

    [Fact]
    public void Analyze_only_registers_nothing_and_names_the_missing_stage()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("study");
        var study = new ToyStudy();
        StudyRunner.Run(study, new ToyStudySpec(), dir, new StudyRunOptions(1, PlanOnly: true));
        var e = Assert.Throws<EumentiaException>(() => StudyRunner.Run(study, new ToyStudySpec(), dir, new StudyRunOptions(1, AnalyzeOnly: true)));
        Assert.Contains("3 runs of stage 'training' not finished", e.Message);
        Assert.Equal(3, SweepDirectory.Open(Path.Combine(dir, "runs"), false).RunKeys().Count);

        // Training done, branches not: analyse what is there (the toy study accepts partial branches), register nothing.
        var sweep = SweepDirectory.Open(Path.Combine(dir, "runs"), false);
        ThreadWorkers.Run(new RunLedger(sweep, TimeSpan.FromMinutes(1)), 1, new WorkerOptions(), new EventLog(), default);
        var partial = StudyRunner.Run(study, new ToyStudySpec(), dir, new StudyRunOptions(1, AnalyzeOnly: true));
        Assert.Equal("0 branches, sum 0.000000000", partial.Outcome!.Headline[0]);
        Assert.Equal(3, sweep.RunKeys().Count);

        Assert.Throws<UsageException>(() => StudyRunner.Run(study, new ToyStudySpec(), temp.Path_("none"), new StudyRunOptions(1, AnalyzeOnly: true)));
        Assert.Throws<UsageException>(() => StudyRunner.Run(study, new ToyStudySpec(), dir, new StudyRunOptions(1, PlanOnly: true, AnalyzeOnly: true)));
    }

    [Fact]
    public void A_directory_of_another_study_or_with_foreign_files_is_refused_before_anything_is_written()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("study");
        StudyRunner.Run(new ToyStudy(), new ToyStudySpec(), dir, new StudyRunOptions(1, PlanOnly: true));
        string manifest = Path.Combine(dir, "study.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"study\": \"toy\"", "\"study\": \"other\""));
        var e = Assert.Throws<UsageException>(() => StudyRunner.Run(new ToyStudy(), new ToyStudySpec(), dir, new StudyRunOptions(1)));
        Assert.Contains("'other' study's directory, not 'toy'", e.Message);

        string foreign = temp.Path_("foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        Assert.Throws<UsageException>(() => StudyRunner.Run(new ToyStudy(), new ToyStudySpec(), foreign, new StudyRunOptions(1)));
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(foreign).Select(Path.GetFileName));
    }

    [Fact]
    public void A_single_kind_sweep_that_receives_another_kind_becomes_a_mixed_ledger_and_collect_takes_a_kind()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("""
            kind: toy
            grid:
              width: [2, 4]
            """);
        var ledger = new RunLedger(sweep, TimeSpan.FromMinutes(1));
        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), new EventLog(), default);
        var before = Collector.Collect(ledger);
        string results = File.ReadAllText(before.ResultsPath);

        var branch = PlannedRun.Of(ToyStudy.Branch, new ToyBranchConfig { Parent = sweep.RunKeys()[0], Scale = 3 });
        Assert.Equal(1, sweep.Register(ToyStudy.Branch, [branch]));
        Assert.Null(sweep.Kind);
        var reopened = SweepDirectory.Open(sweep.Root, false);
        Assert.Null(reopened.Kind);
        Assert.Equal("toy-branch", reopened.LoadRun(branch.Key).Kind.Name);
        Assert.Throws<UsageException>(() => Collector.Collect(new RunLedger(reopened, TimeSpan.FromMinutes(1))));
        var after = Collector.Collect(new RunLedger(reopened, TimeSpan.FromMinutes(1)), kind: ToyKind.Kind);
        Assert.Equal(results, File.ReadAllText(after.ResultsPath)); // the toy rows exactly as before; the branch is not a toy run
        Assert.Throws<UsageException>(() => sweep.Register([branch])); // no kind given: only a single-kind sweep knows it
    }
}
