using Eumentia.Data;

namespace Eumentia.Tests.Data;

/// <summary>Tests that resolve data sources read EUMENTIA_DATA / EUMENTIA_REPO, and some set them: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataEnvironmentCollection
{
    public const string Name = "data environment";
}

[Collection(DataEnvironmentCollection.Name)]
public class DataSourcesTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    static void AssertIdentities(LabeledData data, bool test, ISet<int>? into = null)
    {
        for (int r = 0; r < data.Count; r++)
        {
            var (index, isTest) = SyntheticImages.Identify(data, r);
            Assert.Equal(test, isTest);
            Assert.True(into is null || into.Add(index), $"{data.Name}: example {index} appears twice");
        }
    }

    [Theory]
    [InlineData("plain", true, "-idx")]
    [InlineData("plain", false, "-idx")]
    [InlineData("plain", true, ".idx")]
    [InlineData("torchvision", false, "-idx")]
    public void LoadsMnistFromIdxFiles(string layout, bool gzip, string suffix)
    {
        string dir = layout == "torchvision" ? temp.Sub("MNIST", "raw") : temp.Path;
        SyntheticImages.WriteIdx(dir, 300, 40, gzip, suffix);

        var data = DataSources.Load("mnist", trainSize: 100, validationSize: 50, dataSeed: 1, dataDir: temp.Path);
        Assert.Equal((100, 50, 40), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.All(new[] { data.Train, data.Validation, data.Test }, d =>
        {
            Assert.Equal((784, 10), (d.Features, d.Classes));
            Assert.Equal(d.Count * 784, d.X.Length);
            Assert.Equal(d.Count, d.Y.Length);
        });
        // Pixels are byte / 255 exactly, and each label belongs to its image.
        var labels = SyntheticImages.UnbalancedLabels(300);
        for (int r = 0; r < data.Train.Count; r++)
        {
            var (index, _) = SyntheticImages.Identify(data.Train, r);
            Assert.Equal(labels[index], data.Train.Y[r]);
            Assert.Equal(labels[index] / 255f, data.Train.X[r * 784 + 3]);
            Assert.Equal(((index * 31 + 100 * 17) & 0xFF) / 255f, data.Train.X[r * 784 + 100]);
        }
    }

    [Fact]
    public void LoadsMnistFromKerasNpz()
    {
        NpyWriter.MnistNpz(temp.File("mnist.npz"), 200, 30);
        var data = DataSources.Load("mnist", 0, 20, 1, temp.Path);
        Assert.Equal((180, 20, 30), (data.Train.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal(SyntheticImages.UnbalancedLabels(30), data.Test.Y);
        // The archive itself may be given as the data directory.
        Assert.Equal(180, DataSources.Load("mnist", 0, 20, 1, temp.File("mnist.npz")).Train.Count);
    }

    [Fact]
    public void FindsDataUnderEumentiaData()
    {
        SyntheticImages.WriteIdx(temp.Sub("mnist"), 120, 10);
        SyntheticImages.WriteIdx(temp.Sub("fashion-mnist"), 150, 10);
        string? before = Environment.GetEnvironmentVariable("EUMENTIA_DATA");
        try
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", temp.Path);
            Assert.Equal(100, DataSources.Load("mnist", 0, 20, 1).Train.Count);
            Assert.Equal(130, DataSources.Load("fashion-mnist", 0, 20, 1).Train.Count);
            var listed = DataSources.List().Single(s => s.Name == "mnist");
            Assert.True(listed.Available);
            Assert.Equal(Path.Combine(temp.Path, "mnist"), listed.Location);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", before);
        }
    }

    [Fact]
    public void LoadsFashionMnistFromADirectory()
    {
        SyntheticImages.WriteIdx(temp.Sub("fashion-mnist"), 90, 20);
        var data = DataSources.Load("fashion-mnist", 30, 10, 2, temp.Path);
        Assert.Equal((30, 10, 20), (data.Train.Count, data.Validation.Count, data.Test.Count));
    }

    [Fact]
    public void TrainValidationAndTestAreDisjointAndTrainSubsetsNested()
    {
        SyntheticImages.WriteIdx(temp.Path, 500, 60);
        var seen = new HashSet<int>();
        var full = DataSources.Load("mnist", 0, 100, 7, temp.Path);
        AssertIdentities(full.Train, test: false, seen);
        AssertIdentities(full.Validation, test: false, seen);
        AssertIdentities(full.Test, test: true);
        Assert.Equal(500, seen.Count);

        LabeledData? previous = null;
        foreach (int n in new[] { 10, 20, 40, 80, 160, 320, 400 })
        {
            var data = DataSources.Load("mnist", n, 100, 7, temp.Path);
            Assert.Equal(full.Validation.X, data.Validation.X);
            if (previous is not null)
                Assert.Equal(previous.X, data.Train.X.AsSpan(0, previous.X.Length).ToArray());
            Assert.Equal(full.Train.X.AsSpan(0, data.Train.X.Length).ToArray(), data.Train.X);
            previous = data.Train;
        }
    }

    [Fact]
    public void SeedChangesTheSubsetButNotValidationOrTest()
    {
        SyntheticImages.WriteIdx(temp.Path, 400, 50);
        var a = DataSources.Load("mnist", 50, 40, 1, temp.Path);
        var b = DataSources.Load("mnist", 50, 40, 2, temp.Path);
        var again = DataSources.Load("mnist", 50, 40, 1, temp.Path);
        Assert.Equal(a.Train.X, again.Train.X);
        Assert.Equal(a.Train.Y, again.Train.Y);
        Assert.NotEqual(a.Train.X, b.Train.X);
        Assert.Equal(a.Validation.X, b.Validation.X);
        Assert.Equal(a.Test.X, b.Test.X);
        // 50 from unbalanced classes of at least 7 examples: 5 of each.
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(5, a.Train.Y.Count(y => y == c)));
    }

    [Fact]
    public void CallersCannotCorruptTheCache()
    {
        SyntheticImages.WriteIdx(temp.Path, 100, 10);
        var first = DataSources.Load("mnist", 0, 10, 1, temp.Path);
        var pristine = first.Train.X.ToArray();
        Array.Fill(first.Train.X, 42f);
        Array.Fill(first.Test.Y, (byte)9);
        var second = DataSources.Load("mnist", 0, 10, 1, temp.Path);
        Assert.Equal(pristine, second.Train.X);
        Assert.Equal(SyntheticImages.UnbalancedLabels(10), second.Test.Y);
        Assert.NotSame(first.Test.X, second.Test.X);
    }

    [Fact]
    public void SizesThatDoNotFitAreUsageErrors()
    {
        SyntheticImages.WriteIdx(temp.Path, 100, 10);
        var tooBig = Assert.Throws<UsageException>(() => DataSources.Load("mnist", 91, 10, 1, temp.Path));
        Assert.Equal("training set size 91 exceeds the pool of 90 examples of 'mnist' (100 in the training file less 10 for validation)", tooBig.Message);
        Assert.Equal(90, DataSources.Load("mnist", 90, 10, 1, temp.Path).Train.Count);
        Assert.Throws<UsageException>(() => DataSources.Load("mnist", -1, 10, 1, temp.Path));
        Assert.Throws<UsageException>(() => DataSources.Load("mnist", 0, 100, 1, temp.Path));
        var unknown = Assert.Throws<UsageException>(() => DataSources.Load("cifar", 10, 10, 1));
        Assert.Equal("unknown data set 'cifar'; known: mnist, mnist-10k, fashion-mnist", unknown.Message);
    }

    [Fact]
    public void MissingDataSaysHowToGetIt()
    {
        string? before = Environment.GetEnvironmentVariable("EUMENTIA_DATA");
        try
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", null);
            var e = Assert.Throws<EumentiaException>(() => DataSources.Load("mnist", 10, 10, 1, temp.Path));
            Assert.StartsWith($"data set 'mnist' not found (looked in {temp.Path}, ", e.Message);
            Assert.Contains("mnist.npz", e.Message);
            Assert.Contains("--data-dir DIR or set EUMENTIA_DATA=DIR", e.Message);
            var nowhere = Assert.Throws<EumentiaException>(() => DataSources.Load("mnist", 10, 10, 1));
            Assert.StartsWith("data set 'mnist' not found (no --data-dir given and EUMENTIA_DATA not set). To get it: download", nowhere.Message);
            var listed = DataSources.List(temp.Path).Single(s => s.Name == "mnist");
            Assert.False(listed.Available);
            Assert.Equal((55000, 5000, 10000), (listed.TrainPool, listed.Validation, listed.Test));
        }
        finally
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", before);
        }
        // Fashion-MNIST may be installed on this machine, so ask the source for its message directly.
        var fashion = new FashionMnistSource().NotFound(temp.Path).Message;
        Assert.Contains("'sudo apt-get install dataset-fashion-mnist'", fashion);
        Assert.Contains("--data-dir DIR", fashion);
    }

    [Fact]
    public void IncompleteOrCorruptDataIsReportedNotHidden()
    {
        SyntheticImages.WriteIdx(temp.Path, 50, 10);
        File.Delete(temp.File("t10k-labels-idx1-ubyte.gz"));
        var e = Assert.Throws<EumentiaException>(() => DataSources.Load("mnist", 10, 10, 1, temp.Path));
        Assert.Equal($"{temp.Path}: incomplete IDX data set: missing t10k-labels-idx1-ubyte[.gz]", e.Message);

        Idx.Write(temp.File("t10k-labels-idx1-ubyte.gz"), [11], new byte[11]);
        string images = temp.File("t10k-images-idx3-ubyte.gz");
        var listed = DataSources.List(temp.Path).Single(s => s.Name == "mnist");
        Assert.False(listed.Available);
        Assert.Equal($"{temp.File("t10k-labels-idx1-ubyte.gz")}: 11 labels, but {images} has 10 images", listed.Problem);
    }
}
