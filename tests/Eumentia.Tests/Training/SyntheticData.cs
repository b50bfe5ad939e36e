using Eumentia.Data;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Tests.Training;

/// <summary>Small labelled sets with a known structure, for training tests that need no files.</summary>
static class SyntheticData
{
    /// <summary>Gaussian blobs: class c centred at a random unit-scale mean, noise σ.</summary>
    public static LabeledData Blobs(int count, int features, int classes, double noise, ulong seed, ulong offset = 0)
    {
        var means = new float[classes * features];
        Philox.FillNormal(seed, 100, 0, means);
        var x = new float[count * features];
        var y = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int c = (int)((i + (long)offset) % classes);
            y[i] = (byte)c;
            for (int j = 0; j < features; j++)
                x[i * features + j] = means[c * features + j] + (float)(noise * Philox.Normal(seed, 101, (ulong)((i + (long)offset) * features + j)));
        }
        return new LabeledData("blobs", count, features, classes, x, y);
    }
}
