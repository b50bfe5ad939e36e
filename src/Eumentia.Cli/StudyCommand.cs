using System.CommandLine;
using Eumentia.Numerics.Threading;
using Eumentia.Numerics;
using Eumentia.Studies;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;

namespace Eumentia.Cli;

/// <summary>
/// The verbs every study command shares (-j, --plan-only, --analyze-only) and how it runs a study: through
/// <see cref="StudyRunner"/>, with the sweep's progress display for each pass of the workers, then the headline.
/// </summary>
public sealed class StudyCommand
{
    readonly Option<int?> workers = new("--workers", "-j") { Description = "Runs executed side by side (default: the thread budget, EUMENTIA_THREADS or all cores); results do not depend on it." };
    readonly Option<bool> planOnly = new("--plan-only") { Description = "Register the study's next runs and stop (run them with `eumentia sweep slurm --dir DIR/runs` or `eumentia sweep worker`, then run the same command again)." };
    readonly Option<bool> analyzeOnly = new("--analyze-only") { Description = "Run nothing: analyse the finished runs and write the report." };

    public void AddTo(Command cmd)
    {
        foreach (var o in new Option[] { workers, planOnly, analyzeOnly }) cmd.Add(o);
    }

    public bool AnalyzeOnly(ParseResult parse) => parse.GetValue(analyzeOnly);

    /// <summary>
    /// Runs <paramref name="study"/> into <paramref name="dir"/>; prints what it planned, or its headline. Analysing only,
    /// it analyses the study as its directory recorded it, whatever the other options say.
    /// </summary>
    public int Run(ParseResult parse, IStudy study, object spec, string dir, string? dataDir, bool force = false)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        if (parse.GetValue(planOnly) && parse.GetValue(analyzeOnly))
            throw new UsageException("--plan-only registers runs without running or analysing them, --analyze-only analyses without registering: give one");
        int n = parse.GetValue(workers) ?? Parallelism.MaxThreads;
        if (n < 1) throw new UsageException($"--workers {n} must be at least 1");
        // The runs find their data as `train` runs do: through EUMENTIA_DATA.
        if (dataDir is not null) Environment.SetEnvironmentVariable("EUMENTIA_DATA", Path.GetFullPath(dataDir));
        using var stop = new CancellationTokenSource();
        using var signals = Commands.SweepCommand.OnSignals(stop);
        if (parse.GetValue(analyzeOnly)) spec = StudyDirectory.Open(dir).Spec(study);
        var options = new StudyRunOptions(n, parse.GetValue(planOnly), parse.GetValue(analyzeOnly), force, dataDir, Cancel: stop.Token);
        var result = StudyRunner.Run(study, spec, dir, options, new Display(stdout, stderr), stdout);
        if (result.Interrupted)
        {
            stderr.WriteLine("eumentia: interrupted; run the same command again to resume");
            return signals.ExitCode;
        }
        if (result.Outcome is not { } outcome)
        {
            stdout.WriteLine($"planned: {result.Pending} runs of stage '{result.PendingStage}' in {Path.Combine(dir, StudyDirectory.RunsFolder)}; "
                + "run them (e.g. `eumentia sweep slurm --dir " + Path.Combine(dir, StudyDirectory.RunsFolder) + " --submit`), then run this command again without --plan-only");
            return ExitCodes.Ok;
        }
        foreach (var line in outcome.Headline) stdout.WriteLine(line);
        stdout.WriteLine($"wrote {outcome.ReportPath}");
        if (outcome.AnyFailed) stderr.WriteLine($"eumentia: some runs failed for good; the report uses the others (`eumentia sweep status --dir {Path.Combine(dir, StudyDirectory.RunsFolder)}`)");
        return ExitCodes.Ok;
    }

    /// <summary>Each pass of the workers shown as a sweep is.</summary>
    sealed class Display(TextWriter stdout, TextWriter stderr) : IStudyProgress
    {
        public void RunPass(string title, SweepSummary before, Action<ISweepObserver> work)
        {
            var display = new SweepDisplay(stdout, stderr, new SweepProgress(before));
            display.Run(title, () => { work(display); return true; });
        }
    }
}
