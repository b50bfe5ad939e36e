using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>
/// A study: presets → a spec record → the runs it requires through <see cref="IRunSource"/> → analysis →
/// report.html and summary.json. <see cref="Conduct"/> is a function of the finished runs: it computes what it
/// can, and where it needs runs that are not done it asks for them (they are planned and
/// <see cref="RunsPending"/> ends this pass); <see cref="StudyRunner"/> runs them and calls it again.
/// </summary>
public interface IStudy
{
    /// <summary>"phases": the command-line verb, study.json's "study", and the default directory runs/&lt;name&gt;-&lt;preset&gt;.</summary>
    string Name { get; }

    /// <summary>One line for --help.</summary>
    string Summary { get; }

    /// <summary>Every study has "tiny" (seconds) and "quick", then its larger ones.</summary>
    IReadOnlyList<string> PresetNames { get; }

    /// <summary>A record with init properties (snake_case in JSON and on the command line).</summary>
    Type SpecType { get; }

    /// <summary>The spec record of a preset; a <see cref="UsageException"/> for an unknown name.</summary>
    object Preset(string name);

    /// <summary>Refuses a spec the study cannot conduct: a <see cref="UsageException"/> naming the problems, thrown before anything is written.</summary>
    void Check(object spec);

    /// <summary>The run kinds it plans (registered in <see cref="StudyCatalog"/>).</summary>
    IReadOnlyList<RunKind> RunKinds { get; }

    /// <summary>
    /// Everything from the finished runs to the report. Cheap to repeat up to its first missing run (it reads
    /// finished runs from disk); throws <see cref="RunsPending"/> when runs it needs are not done.
    /// </summary>
    StudyOutcome Conduct(object spec, StudyContext context);
}
