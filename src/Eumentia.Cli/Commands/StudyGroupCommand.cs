using System.CommandLine;
using Eumentia.Studies;

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
            "Bring a study directory made before study.json (git 02a3989 and earlier) up to date without computing anything again: phases, criticality, " +
            "lottery and subset directories. Its finished work becomes finished runs under their new keys and study.json records the spec it was made with; " +
            "then `eumentia STUDY --out DIR` (or --analyze-only) reuses them and computes only what the old run had not finished.");
        var dir = new Option<string>("--dir") { Description = "The old study directory (the --out it was made with).", Required = true };
        cmd.Add(dir);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string path = parse.GetValue(dir)!;
            var report = StudyMigrations.Migrate(path);
            foreach (var line in report.Lines) stdout.WriteLine(line);
            stdout.WriteLine($"next: `eumentia {report.Study} --analyze-only --out {path}` (or the same study command as before with --out {path}: only what was not finished is computed)");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
