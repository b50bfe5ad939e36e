namespace Eumentia.Data;

/// <summary>
/// What `eumentia data list` shows for one source. Counts are the actual ones when the data set is available
/// (training pool = training file less the default validation set) and the nominal ones otherwise.
/// <see cref="Problem"/> says why an available-looking location could not be used (corrupt or incomplete files).
/// Classes, input shape and the SHA-256 of the files are known only for an available data set.
/// </summary>
public sealed record DataSourceInfo(
    string Name,
    string Description,
    bool Available,
    string? Location,
    int TrainPool,
    int Validation,
    int Test,
    string HowToGet,
    string? Problem = null,
    int? Classes = null,
    string? Input = null,
    string? Sha256 = null);
