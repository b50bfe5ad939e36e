namespace Eumentia.Training;

/// <summary>One row of metrics.csv: the state after an epoch.</summary>
public sealed record EpochMetrics(int Epoch, long Steps, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds);
