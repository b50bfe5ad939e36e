using Eumentia.Studies.Specs;

namespace Eumentia.Studies;

/// <summary>
/// The settings an old study was run with, as `eumentia STUDY` takes them (a preset and --set changes), for a migration
/// whose old directory does not record every one of them; a migration of a directory that records its spec refuses them.
/// </summary>
/// <param name="Preset">The preset, or null for the study command's default (quick).</param>
public sealed record MigrationSettings(string? Preset, IReadOnlyList<SpecOverride> Overrides)
{
    public static MigrationSettings None { get; } = new(null, []);

    public bool Given => Preset is not null || Overrides.Count > 0;

    /// <summary>The spec these settings make for <paramref name="study"/>.</summary>
    public object Spec(IStudy study) => SpecOverrides.Apply(study.SpecType, study.Preset(Preset ?? "quick"), Overrides);

    /// <summary>Refuses settings given for a directory that records its spec itself.</summary>
    public void RefuseFor(string root, string records)
    {
        if (Given) throw new UsageException($"{root} records its spec ({records}); give no --preset or --set to migrate it");
    }
}
