namespace Eumentia.Studies;

/// <summary>What a migration did (<see cref="IStudyMigration.Migrate"/>).</summary>
/// <param name="Directory">The study directory, now with study.json.</param>
/// <param name="Study">The study's name: `eumentia {Study} --out {Directory}` carries it on.</param>
/// <param name="Lines">What the user should know, one line each: what was kept, what the study will still compute.</param>
public sealed record StudyMigrationReport(string Directory, string Study, IReadOnlyList<string> Lines);
