namespace Eumentia.Studies;

/// <summary>
/// Brings one study's directory made by an older eumentia (before study.json) up to date: its finished work becomes
/// finished runs of the study's ledger under their keys, study.json records the spec the old run was made with, and
/// nothing is computed again. One per study; <see cref="StudyMigrations"/> picks the one that recognises a directory.
/// </summary>
public interface IStudyMigration
{
    /// <summary>The study's name (study.json's "study").</summary>
    string Study { get; }

    /// <summary>True when <paramref name="root"/> (a directory without study.json) holds this study's old layout, or what a migration of it left half done.</summary>
    bool Recognises(string root);

    /// <summary>
    /// Migrates <paramref name="root"/>, with <paramref name="settings"/> where the old directory does not record its
    /// spec (refused where it does): everything is read and checked before anything changes (a usage error, and no
    /// change, for what cannot be migrated), and study.json is written last, so a directory whose migration was
    /// interrupted never reads as a study, and running the migration again finishes it.
    /// </summary>
    StudyMigrationReport Migrate(string root, MigrationSettings settings);
}
