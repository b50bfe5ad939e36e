using System.CommandLine;
using Eumentia.Studies;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia study`: what applies to a study's directory whatever the study.</summary>
public static class StudyGroupCommand
{
    public static Command Create()
    {
        var cmd = new Command("study", "Operations on a study's directory, whatever the study.");
        cmd.Add(Continue());
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
}
