namespace Eumentia.Studies;

/// <summary>A conducted study: its report, the lines the command prints, and whether any run failed.</summary>
public sealed record StudyOutcome(string ReportPath, IReadOnlyList<string> Headline, bool AnyFailed);
