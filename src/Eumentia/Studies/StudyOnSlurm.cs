using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Slurm;

namespace Eumentia.Studies;

/// <summary>What one submission of a study to Slurm did.</summary>
/// <param name="Outcome">The study's report when every run it needs was already finished (nothing submitted).</param>
/// <param name="Pending">Runs of the stage submitted.</param>
/// <param name="Stage">That stage's name.</param>
/// <param name="ArrayScript">The job array's script (null when nothing was pending).</param>
/// <param name="ContinuationScript">The continuation job's script.</param>
/// <param name="ArrayJob">The array's job id when submitted.</param>
/// <param name="ContinuationJob">The continuation's job id when submitted.</param>
public sealed record StudySubmission(StudyOutcome? Outcome, int Pending, string? Stage, string? ArrayScript, string? ContinuationScript,
    string? ArrayJob, string? ContinuationJob);

/// <summary>
/// A study run on a Slurm cluster, stage by stage, with nothing for the user to do between the stages: each
/// submission is a job array of sweep workers over the stage's pending runs plus a continuation job that starts
/// when the array ends (however it ends) and runs `eumentia study continue`, which conducts the study again: if it
/// needs more runs (the next stage: criticality's fine scans, lottery's next IMP level, phases' evaluation
/// branches) it submits them the same way; when it needs none it writes the report. The sbatch settings are kept in
/// &lt;study&gt;/runs/slurm/slurm.json so that every stage runs as the first was asked to. A stage that finished no
/// run (every task failed, the time limit too short for one run) stops the chain with a message instead of
/// resubmitting it for ever.
/// </summary>
public static class StudyOnSlurm
{
    const string SettingsFile = "slurm.json";

    /// <summary>The sbatch settings of a study and the state of its chain of jobs (runs/slurm/slurm.json).</summary>
    /// <param name="Tasks">The tasks asked for; each stage uses at most as many as it has pending runs (null: up to 100).</param>
    /// <param name="Finished">Runs finished (done or failed for good) when the last stage was submitted: a stage must add to it.</param>
    /// <param name="Submissions">Stages submitted so far.</param>
    public sealed record Settings(SlurmOptions Options, int? Tasks, IReadOnlyList<string> Eumentia, double HeartbeatSeconds, int Finished = 0, int Submissions = 0);

    /// <summary>
    /// Plans the study's next stage in <paramref name="dir"/> (as its study.json records the study) and writes its
    /// array and continuation scripts; submits both when <paramref name="submit"/>. When the study needs no run, it
    /// is analysed and reported here instead.
    /// </summary>
    public static StudySubmission Submit(string dir, Settings settings, bool submit, TextWriter log)
    {
        settings.Options.Validate();
        var (study, spec, runs) = Open(dir);
        var result = StudyRunner.Run(study, spec, dir, new StudyRunOptions(1, PlanOnly: true), log: log);
        if (result.Outcome is { } outcome) return new StudySubmission(outcome, 0, null, null, null, null, null);

        var ledger = new RunLedger(SweepDirectory.Open(runs, force: false), TimeSpan.FromSeconds(settings.HeartbeatSeconds));
        var summary = SweepSummary.Of(ledger);
        int pending = summary.Count(RunState.Pending);
        string name = Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar));
        var options = settings.Options with
        {
            Tasks = Math.Clamp(pending, 1, settings.Tasks ?? 100),
            JobName = settings.Options.JobName ?? "eumentia-" + name,
        };
        string logs = Path.Combine(runs, "slurm");
        string array = SlurmScript.Write(options, ledger.Sweep, settings.Eumentia, TimeSpan.FromSeconds(settings.HeartbeatSeconds));
        string continuation = SlurmScript.WriteScript(logs, "continue.sbatch", SlurmScript.RenderContinuation(options, dir, logs, settings.Eumentia));
        var recorded = settings with { Finished = summary.Count(RunState.Done) + summary.Count(RunState.Failed), Submissions = settings.Submissions + (submit ? 1 : 0) };
        AtomicFile.WriteAllText(Path.Combine(logs, SettingsFile), JsonSerializer.Serialize(recorded, JsonDefaults.Options) + "\n");
        if (!submit) return new StudySubmission(null, result.Pending, result.PendingStage, array, continuation, null, null);
        string arrayJob = SlurmScript.Submit(array);
        string continuationJob = SlurmScript.Submit(continuation, afterJob: arrayJob);
        return new StudySubmission(null, result.Pending, result.PendingStage, array, continuation, arrayJob, continuationJob);
    }

    /// <summary>
    /// The continuation job's work: the next stage submitted with the recorded settings, or the report written.
    /// Refuses to resubmit a stage that finished no run since the last submission.
    /// </summary>
    public static StudySubmission Continue(string dir, TextWriter log)
    {
        var (_, _, runs) = Open(dir);
        string path = Path.Combine(runs, "slurm", SettingsFile);
        Settings settings;
        try { settings = JsonSerializer.Deserialize<Settings>(File.ReadAllText(path), JsonDefaults.Options) ?? throw new JsonException("null"); }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new EumentiaException($"{path}: no Slurm settings of this study ({e.Message}); submit it with `eumentia sweep slurm --dir {dir} --submit`");
        }
        var summary = SweepSummary.Of(new RunLedger(SweepDirectory.Open(runs, force: false), TimeSpan.FromSeconds(settings.HeartbeatSeconds)));
        int finished = summary.Count(RunState.Done) + summary.Count(RunState.Failed);
        if (finished == settings.Finished && summary.Count(RunState.Pending) > 0)
            throw new EumentiaException($"{dir}: the last Slurm stage finished no run ({summary.Count(RunState.Pending)} pending); see the task logs in {Path.Combine(runs, "slurm")}, " +
                                        $"then submit again with `eumentia sweep slurm --dir {dir} --submit` (e.g. with a longer --time)");
        return Submit(dir, settings, submit: true, log);
    }

    static (IStudy Study, object Spec, string Runs) Open(string dir)
    {
        var directory = StudyDirectory.Open(dir);
        var study = StudyCatalog.Get(directory.Study);
        return (study, directory.Spec(study), directory.RunsDir);
    }
}
