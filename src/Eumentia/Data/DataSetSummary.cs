namespace Eumentia.Data;

/// <summary>
/// One data set as `eumentia data info` shows it: its name (a user's source as scheme:absolute-path), where
/// it was read, the training-file and test counts, the input shape (rows × columns; 1 × features for tables),
/// the number of classes, each class's count in the training and test files, and the SHA-256 of the files.
/// </summary>
public sealed record DataSetSummary(
    string Name,
    string Location,
    int TrainCount,
    int TestCount,
    int Rows,
    int Cols,
    int Classes,
    IReadOnlyList<int> TrainClassCounts,
    IReadOnlyList<int> TestClassCounts,
    string Sha256);
