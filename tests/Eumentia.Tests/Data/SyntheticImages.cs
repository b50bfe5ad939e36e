using Eumentia.Data;

namespace Eumentia.Tests.Data;

/// <summary>
/// Small MNIST-shaped data sets whose every image says who it is: pixel 0 and 1 hold its index (low, high
/// byte), pixel 2 is 1 for the test file and 0 for the training file, pixel 3 repeats the label. Tests can
/// then tell exactly which examples a split picked.
/// </summary>
public static class SyntheticImages
{
    public const int Side = 28, Features = Side * Side;

    /// <summary>Labels with unequal class sizes: class c gets about (c + 1) shares, in a scrambled order.</summary>
    public static byte[] UnbalancedLabels(int count, int classes = 10)
    {
        var weights = Enumerable.Range(1, classes).ToArray();
        int total = weights.Sum();
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int slot = (int)((i * 7919L) % total);
            int c = 0;
            while (slot >= weights[c]) slot -= weights[c++];
            labels[i] = (byte)c;
        }
        return labels;
    }

    public static byte[] Images(byte[] labels, bool test)
    {
        var pixels = new byte[labels.Length * Features];
        for (int i = 0; i < labels.Length; i++)
        {
            var img = pixels.AsSpan(i * Features, Features);
            img[0] = (byte)(i & 0xFF);
            img[1] = (byte)(i >> 8);
            img[2] = (byte)(test ? 1 : 0);
            img[3] = labels[i];
            for (int p = 4; p < Features; p++) img[p] = (byte)((i * 31 + p * 17) & 0xFF);
        }
        return pixels;
    }

    /// <summary>Writes the four IDX files into <paramref name="directory"/> (created if needed).</summary>
    public static void WriteIdx(string directory, int trainCount, int testCount, bool gzip = true, string suffix = "-idx")
    {
        Directory.CreateDirectory(directory);
        string ext = gzip ? ".gz" : "";
        foreach (var (prefix, count, test) in new[] { ("train", trainCount, false), ("t10k", testCount, true) })
        {
            var labels = UnbalancedLabels(count);
            Idx.Write(Path.Combine(directory, $"{prefix}-images{suffix}3-ubyte{ext}"), [count, Side, Side], Images(labels, test), gzip);
            Idx.Write(Path.Combine(directory, $"{prefix}-labels{suffix}1-ubyte{ext}"), [count], labels, gzip);
        }
    }

    /// <summary>The index an image encodes, and whether it came from the test file.</summary>
    public static (int Index, bool Test) Identify(LabeledData data, int row)
    {
        var x = data.X.AsSpan(row * data.Features, data.Features);
        int Byte(float v) => (int)MathF.Round(v * 255f);
        return (Byte(x[0]) | (Byte(x[1]) << 8), Byte(x[2]) == 1);
    }
}
