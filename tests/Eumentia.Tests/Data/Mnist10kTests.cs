using System.Security.Cryptography;
using Eumentia.Data;

namespace Eumentia.Tests.Data;

/// <summary>The data set shipped in data/mnist-10k (see data/README.md).</summary>
[Collection(DataEnvironmentCollection.Name)]
public class Mnist10kTests
{
    // Pinned: a change to the shipped files must be deliberate (and data/README.md updated with it).
    static readonly Dictionary<string, string> Sha256 = new()
    {
        ["train-images-idx3-ubyte.gz"] = "9aff29ba8dec05e8c462c6b86d1dfe8198ca858cb7b508a9d9219da7828d3503",
        ["train-labels-idx1-ubyte.gz"] = "3d558660cce083f94c2358837b925853a883ece53d7583be603f0a61dd1f7c3c",
        ["t10k-images-idx3-ubyte.gz"] = "8026afe8e2a511bff5c50ef3f477f9016b96fcb0527f6bb40aa236c9f0fad716",
        ["t10k-labels-idx1-ubyte.gz"] = "e9e8702dde2239ff95e62324d03b5280831c18da018fda3a24b92477a84f9e64",
    };

    static string Directory_() => DataSources.List().Single(s => s.Name == "mnist-10k").Location
        ?? throw new InvalidOperationException("mnist-10k not found from the test binaries");

    [Fact]
    public void ShippedFilesMatchTheirSha256()
    {
        string dir = Directory_();
        foreach (var (name, hash) in Sha256)
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name)))));
        // The SHA256SUMS file users check with `sha256sum -c` says the same.
        var sums = File.ReadAllLines(Path.Combine(dir, "SHA256SUMS")).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        Assert.Equal(Sha256.OrderBy(p => p.Key), sums.OrderBy(p => p.Key));
    }

    [Fact]
    public void HoldsTenThousandRoughlyBalancedDigits()
    {
        var data = DataSources.Load("mnist-10k", trainSize: 0, validationSize: 0, dataSeed: 1);
        Assert.Equal((8000, 0, 2000), (data.Train.Count, data.Validation.Count, data.Test.Count));
        var all = data.Train.Y.Concat(data.Test.Y).ToArray();
        // The class sizes of the first 10,000 MNIST training images.
        int[] expected = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(c => all.Count(y => y == c)));
        Assert.Equal(StratifiedSplit.Quotas(expected, 2000), Enumerable.Range(0, 10).Select(c => data.Test.Y.Count(y => y == c)));
        Assert.All(new[] { data.Train.X, data.Test.X }, x =>
        {
            Assert.Equal(0f, x.Min());
            Assert.Equal(1f, x.Max());
            float mean = x.Average();
            Assert.InRange(mean, 0.12f, 0.14f); // MNIST's mean grey level is 0.1307
        });
    }

    [Fact]
    public void FirstFiveIsMnistTrainingImageZero()
    {
        // Records are grouped by class in MNIST order; the training file's first 5 (after the 4,106 training
        // examples of classes 0-4) is MNIST's famous first training image, whose row 5 starts like this.
        var images = Idx.Read(Path.Combine(Directory_(), "train-images-idx3-ubyte.gz"));
        var labels = Idx.Read(Path.Combine(Directory_(), "train-labels-idx1-ubyte.gz"));
        int first5 = Array.IndexOf(labels.Data, (byte)5);
        Assert.Equal(4106, first5);
        byte[] row5 = [3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127];
        Assert.Equal(row5, images.Data.AsSpan(first5 * 784 + 5 * 28 + 12, 12).ToArray());
    }

    [Fact]
    public void DefaultSplitIsBalanced()
    {
        int validation = DataSources.DefaultValidationSize("mnist-10k");
        Assert.Equal(1000, validation);
        var data = DataSources.Load("mnist-10k", 1000, validation, 3);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(100, data.Train.Y.Count(y => y == c)));
        var info = DataSources.List().Single(s => s.Name == "mnist-10k");
        Assert.Equal((true, 7000, 1000, 2000), (info.Available, info.TrainPool, info.Validation, info.Test));
    }
}
