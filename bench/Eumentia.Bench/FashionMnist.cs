using Eumentia.Data;

namespace Eumentia.Bench;

/// <summary>The peer's data: the whole Fashion-MNIST training set (60k, pixels/255) and the 10k test set, loaded once.</summary>
public static class FashionMnist
{
    static TrainingData? data;

    public static TrainingData Load() => data ??= DataSources.Load("fashion-mnist", 0, 0, dataSeed: 0);
}
