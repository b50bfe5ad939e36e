using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>
/// The one driver of every study, used by the command line, the Slurm continuation job and the tests: conduct the
/// study; when it stops on <see cref="RunsPending"/>, run the pending runs with the sweep workers and conduct it
/// again, until it completes. Interrupted (killed, cancelled) it resumes where it was: finished runs are on disk.
/// </summary>
public static class StudyRunner
{
    /// <summary>
    /// Creates or reopens <paramref name="dir"/> (study.json records the study and its spec; another study's
    /// directory is refused; a changed spec replaces the recorded one and reuses every run with an unchanged key)
    /// and runs the study to its report. <see cref="StudyRunOptions.PlanOnly"/>: stop after the first batch of
    /// missing runs is registered. <see cref="StudyRunOptions.AnalyzeOnly"/>: conduct once, registering and running nothing.
    /// </summary>
    /// <exception cref="EumentiaException">Analysing only and runs the study needs are not finished; or runs stay pending that this process cannot run (another process holds them).</exception>
    public static StudyRunResult Run(IStudy study, object spec, string dir, StudyRunOptions options, IStudyProgress? progress = null, TextWriter? log = null)
    {
        if (options.PlanOnly && options.AnalyzeOnly)
            throw new UsageException("plan-only registers runs without running or analysing them, analyze-only analyses without registering: give one");
        if (options.Workers < 1) throw new UsageException($"workers = {options.Workers} must be at least 1");
        if (spec.GetType() != study.SpecType) throw new ArgumentException($"study '{study.Name}' takes a {study.SpecType.Name}", nameof(spec));
        if (!options.AnalyzeOnly) study.Check(spec);
        StudyCatalog.RegisterRunKinds();
        log ??= TextWriter.Null;

        StudyDirectory directory;
        SweepDirectory sweep;
        if (options.AnalyzeOnly)
        {
            // Nothing is written before the analysis: the recorded spec stays the one the runs were planned for.
            directory = StudyDirectory.Open(dir);
            if (directory.Study != study.Name) throw new UsageException($"{directory.Root} is a '{directory.Study}' study's directory, not '{study.Name}'");
            sweep = SweepDirectory.Open(directory.RunsDir, options.Force);
        }
        else
        {
            directory = StudyDirectory.Create(dir, study, spec);
            sweep = directory.Ledger(options.Force);
        }
        var ledger = new RunLedger(sweep, new WorkerOptions().HeartbeatTimeout);
        string stage = study.Name;
        var source = new LedgerRunSource(ledger, options.AnalyzeOnly, () => stage);
        var context = new StudyContext(directory.Root, source, options.AnalyzeOnly, log, s => stage = s, options.DataDir, options.Cancel);

        int executed = 0;
        bool idle = false; // the last pass of the workers found nothing to run
        while (true)
        {
            options.Cancel.ThrowIfCancellationRequested();
            RunsPending pending;
            try
            {
                var outcome = study.Conduct(spec, context);
                return new StudyRunResult(outcome, 0, null, executed, false);
            }
            catch (RunsPending p) { pending = p; }

            if (options.AnalyzeOnly)
                throw new EumentiaException($"{study.Name}: {pending.Count} run{(pending.Count == 1 ? "" : "s")} of stage '{pending.Stage}' not finished in {sweep.Root}; " +
                                            "run the study without --analyze-only to run them");
            var before = SweepSummary.Of(ledger);
            log.WriteLine($"{study.Name}: stage {pending.Stage}: {pending.Count} run{(pending.Count == 1 ? "" : "s")} to go " +
                          $"({before.Count(RunState.Done)} of {before.Runs.Count} in the ledger done){(pending.Cost is { } cost ? $", {cost.Describe()}" : "")}; directory {directory.Root}");
            if (options.PlanOnly) return new StudyRunResult(null, pending.Count, pending.Stage, executed, false, pending.Cost);
            // A pass that ran nothing and left the same runs pending cannot make progress here: they are held by
            // workers of another process (or host), whose results a later call will pick up.
            if (idle)
                throw new EumentiaException($"{study.Name}: {pending.Count} runs of stage '{pending.Stage}' are being run by another process " +
                                            $"(`eumentia sweep status --dir {sweep.Root}`); run the same command again when they finish");
            var counter = new ExecutedCounter();
            void Work(ISweepObserver observer) =>
                ThreadWorkers.Run(ledger, options.Workers, new WorkerOptions(), new Both(observer, counter), options.Cancel);
            string title = $"{study.Name}: {pending.Stage} ({options.Workers} worker{(options.Workers == 1 ? "" : "s")})";
            if (progress is null) Work(counter);
            else progress.RunPass(title, before, Work);
            executed += counter.Count;
            if (options.Cancel.IsCancellationRequested) return new StudyRunResult(null, pending.Count, pending.Stage, executed, true);
            idle = counter.Count == 0;
        }
    }

    sealed class ExecutedCounter : ISweepObserver
    {
        int count;

        public int Count => Volatile.Read(ref count);

        public void OnEvent(SweepEvent e)
        {
            if (e.Type == SweepEventType.Done || (e.Type == SweepEventType.Failed && e.Final)) Interlocked.Increment(ref count);
        }
    }

    sealed class Both(ISweepObserver first, ISweepObserver second) : ISweepObserver
    {
        public void OnEvent(SweepEvent e)
        {
            first.OnEvent(e);
            if (!ReferenceEquals(first, second)) second.OnEvent(e);
        }
    }
}
