using System.CommandLine;
using Eumentia.Studies.Phases;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia study ...`: what applies to a study directory whatever its study (today: migrate).</summary>
public static class StudyCommands
{
    public static Command Create()
    {
        var cmd = new Command("study", "Study directories: bring one made by an older eumentia up to date.");
        cmd.Add(Migrate());
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
