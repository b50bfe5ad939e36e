namespace Eumentia.Studies;

/// <summary>What a study's <see cref="IStudy.Conduct"/> works with.</summary>
/// <param name="Directory">The study directory: study.json, runs/, report.html, figures and tables.</param>
/// <param name="Runs">Where finished runs come from and missing ones are planned.</param>
/// <param name="AnalyzeOnly">
/// True: <see cref="Runs"/> never registers anything; <see cref="IRunSource.Require"/> throws <see cref="RunsPending"/>
/// when a needed run is missing, and <see cref="IRunSource.Available"/> returns the finished subset (a study that can
/// analyse partial results does so this way).
/// </param>
/// <param name="Log">Lines for the user.</param>
/// <param name="Stage">Names the stage under way ("coarse scan of cnn-1d") for the progress display and <see cref="RunsPending"/>.</param>
/// <param name="DataDir">Where built-in data sets are found (null: the default places).</param>
public sealed record StudyContext(
    string Directory,
    IRunSource Runs,
    bool AnalyzeOnly,
    TextWriter Log,
    Action<string>? Stage,
    string? DataDir,
    CancellationToken Cancel);
