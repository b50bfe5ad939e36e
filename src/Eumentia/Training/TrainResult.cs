using System.Text.Json.Serialization;

namespace Eumentia.Training;

/// <summary>The content of a run's result.json: how training went and the test metrics at every p_eval.</summary>
public sealed record TrainResult(
    string Status,
    [property: JsonPropertyName("train_examples")] int TrainSize,
    long Steps,
    int EpochsRun,
    int BestEpoch,
    bool StoppedEarly,
    double Seconds,
    double TrainLoss,
    double ValidationLoss,
    double ValidationAccuracy,
    IReadOnlyList<EvalResult> Evaluations);
