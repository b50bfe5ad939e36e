using Eumentia.Studies.Lottery;
using Eumentia.Studies.Phases;
using Eumentia.Studies.Subset;

namespace Eumentia.Studies;

/// <summary>
/// `eumentia study migrate`: brings a study directory made before study.json (git 02a3989 and earlier) up to date
/// with the migration of the study whose old layout it holds.
/// </summary>
public static class StudyMigrations
{
    /// <summary>Every study's migration. Phases last: its old layout (a bare ledger in runs/) is what a half-done migration of the others also shows.</summary>
    public static IReadOnlyList<IStudyMigration> All { get; } = [new LotteryMigration(), new SubsetMigration(), new PhasesMigration()];

    public static StudyMigrationReport Migrate(string dir, MigrationSettings settings)
    {
        string root = Path.GetFullPath(dir);
        if (!Directory.Exists(root)) throw new UsageException($"{root} does not exist");
        if (StudyDirectory.IsStudy(root)) throw new UsageException($"{root} is already a study directory ({StudyDirectory.ManifestFile}); nothing to migrate");
        StudyCatalog.RegisterRunKinds();
        var migration = All.FirstOrDefault(m => m.Recognises(root))
            ?? throw new UsageException($"{root} is not a study directory of an older eumentia (no spec.json of a lottery study, ledger/ of a subset study, " +
                                        $"probes/ or training/ of a criticality study, or runs/sweep.json of a phases study)");
        return migration.Migrate(root, settings);
    }

    /// <summary>What to tell a user who points a study at <paramref name="root"/> when an older eumentia made it; null otherwise.</summary>
    public static string? Hint(string root, string dir) => All.FirstOrDefault(m => m.Recognises(root)) is { } m
        ? $"{root} holds a {m.Study} study of an older eumentia but no {StudyDirectory.ManifestFile} (`eumentia study migrate --dir {dir}` brings it up to date)"
        : null;
}
