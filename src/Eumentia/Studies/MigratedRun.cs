using Eumentia.IO;
using Eumentia.Sweeps;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;

namespace Eumentia.Studies;

/// <summary>
/// A finished piece of work of an older study layout, as a finished run of its study's ledger: the config that keys
/// it, the files to copy into its run directory (source path, name there), the files to write there (name, text), and
/// its result.json.
/// </summary>
public sealed record MigratedRun(object Config, IReadOnlyList<(string Source, string Name)> Copies, IReadOnlyList<(string Name, string Text)> Writes, string Result)
{
    /// <summary>
    /// Puts <paramref name="runs"/> of <paramref name="kind"/> into <paramref name="ledger"/>: registers them (run.json),
    /// copies and writes their files, and writes result.json last, so a run reads as done only once it is whole. A run
    /// already done there (a migration interrupted after it) is left alone; an old run's files are copied, not moved,
    /// so that the old layout stays whole until the migration deletes it. Returns the runs' keys, in order.
    /// </summary>
    public static IReadOnlyList<string> AddAll(SweepDirectory ledger, RunKind kind, IReadOnlyList<MigratedRun> runs)
    {
        var planned = runs.Select(r => PlannedRun.Of(kind, r.Config)).ToList();
        var todo = planned.Zip(runs).Where(p => !RunResult.IsValid(Path.Combine(ledger.RunDir(p.First.Key), SweepDirectory.ResultFile))).ToList();
        ledger.Register(kind, [.. todo.Select(p => p.First)]);
        foreach (var (run, old) in todo)
        {
            string dir = ledger.RunDir(run.Key);
            foreach (var (source, name) in old.Copies) File.Copy(source, Path.Combine(dir, name), overwrite: true);
            foreach (var (name, text) in old.Writes) AtomicFile.WriteAllText(Path.Combine(dir, name), text);
            AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), old.Result);
        }
        return [.. planned.Select(p => p.Key)];
    }
}
