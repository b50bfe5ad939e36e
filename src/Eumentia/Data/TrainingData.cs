namespace Eumentia.Data;

/// <summary>A training subset, the fixed validation set and the fixed test set of one data source; pairwise disjoint.</summary>
public sealed record TrainingData(LabeledData Train, LabeledData Validation, LabeledData Test);
