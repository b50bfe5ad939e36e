using System.CommandLine;
using Eumentia.Studies;
using Eumentia.Studies.Specs;

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
        var preset = new Option<string?>("--preset")
        {
            Description = "Only for a directory that does not record all its settings (subset): the preset the old study started from (default quick), as `eumentia STUDY --preset` takes it.",
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Only with --preset's directories: KEY=VALUE, a setting of the old run as `eumentia STUDY --set` takes it (e.g. max_budget_points=8, match.restarts=2); repeatable.",
            DefaultValueFactory = _ => [], AllowMultipleArgumentsPerToken = false,
        };
        cmd.Add(dir);
        cmd.Add(preset);
        cmd.Add(set);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string path = parse.GetValue(dir)!;
            var settings = new MigrationSettings(parse.GetValue(preset), [.. parse.GetValue(set)!.Select(s => SpecOverride.Parse(s, "--set"))]);
            var report = StudyMigrations.Migrate(path, settings);
            foreach (var line in report.Lines) stdout.WriteLine(line);
            stdout.WriteLine($"next: `eumentia {report.Study} --analyze-only --out {path}` (or the same study command as before with --out {path}: only what was not finished is computed)");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
