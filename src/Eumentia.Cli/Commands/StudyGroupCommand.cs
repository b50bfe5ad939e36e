using System.CommandLine;
using Eumentia.Studies;
using Eumentia.Studies.Phases;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia study`: what applies to a study's directory whatever the study.</summary>
public static class StudyGroupCommand
{
    public static Command Create()
    {
        var cmd = new Command("study", "Operations on a study's directory, whatever the study: carry it on after a Slurm stage, bring an old one up to date.");
        cmd.Add(Continue());
        cmd.Add(Migrate());
        return cmd;
    }

    /// <summary>The continuation job of a study on Slurm (see <see cref="StudyOnSlurm"/>); also safe to run by hand.</summary>
    static Command Continue()
    {
        var cmd = new Command("continue", "Carry a study submitted with `eumentia sweep slurm --dir DIR --submit` on: submit its next stage (with the same sbatch settings) or, when every run it needs is finished, analyse it and write its report. Slurm runs this after each stage's array.");
        var dir = new Option<string>("--dir") { Description = "The study's directory.", Required = true };
        cmd.Add(dir);
        cmd.SetAction(parse =>
        {
            string path = parse.GetValue(dir)!;
            var stdout = parse.InvocationConfiguration.Output;
            return StudyCommand.Report(StudyOnSlurm.Continue(path, stdout), path, stdout);
        });
        return cmd;
    }

    static Command Migrate()
    {
        var cmd = new Command("migrate",
            "Bring a phases directory made before study.json up to date without training anything: its training runs move to their new keys " +
            "(evaluation settings are no longer part of them) and their evaluations become finished eval runs; then `eumentia phases --out DIR` reuses them.");
        var dir = new Option<string>("--dir") { Description = "The old study directory (it holds runs/sweep.json but no study.json).", Required = true };
        cmd.Add(dir);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var report = PhasesMigration.Migrate(parse.GetValue(dir)!);
            stdout.WriteLine($"migrated {report.Directory}: {report.TrainingRuns} training runs kept under their new keys, {report.Evaluations} evaluations converted into eval runs");
            stdout.WriteLine($"spec inferred from the runs (study.json): {report.Spec.Grid.Count} grid axes ({string.Join(", ", report.Spec.Grid.Keys)}), {report.Spec.Seeds} seeds, " +
                             $"p_eval {string.Join(",", report.Spec.PEval)} ({report.Spec.EvalMode}, {report.Spec.EvalDraws} draws)");
            if (report.Missing > 0) stdout.WriteLine($"the inferred grid has {report.Missing} training runs the old directory did not hold; `eumentia phases --out DIR` would train them");
            stdout.WriteLine($"next: `eumentia phases --analyze-only --out {parse.GetValue(dir)}` (or the same study command as before with --out {parse.GetValue(dir)}: nothing is trained again)");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
