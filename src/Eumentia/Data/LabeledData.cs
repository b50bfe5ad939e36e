namespace Eumentia.Data;

// TEMPORARY placeholder until the data branch lands (it owns these types).
public sealed record LabeledData(string Name, int Count, int Features, int Classes, float[] X, byte[] Y);
public sealed record TrainingData(LabeledData Train, LabeledData Validation, LabeledData Test);
public static class DataSources
{
    public static TrainingData Load(string name, int trainSize, int validationSize, ulong dataSeed, string? dataDir = null) =>
        throw new NotImplementedException("data branch");
}
