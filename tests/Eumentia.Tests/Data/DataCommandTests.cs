using Eumentia.Cli;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Data;

[Collection(DataEnvironmentCollection.Name)]
public class DataCommandTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ListsEverySourceWithCountsAndLocation()
    {
        SyntheticImages.WriteIdx(temp.Path, 6000, 100);
        var (code, output, _) = CliRunner.InProcess("data", "list", "--data-dir", temp.Path);
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" }
                .SelectMany(f => File.ReadAllBytes(temp.File(f))).ToArray()));
        Assert.Matches(@"^mnist +yes +1000 +5000 +100 +10 +28×28 " + sha[..12] + "  " + System.Text.RegularExpressions.Regex.Escape(temp.Path), lines.Single(l => l.StartsWith("mnist ")));
        // --data-dir is the only place looked at: the shipped copy does not stand in for it.
        Assert.Matches(@"^mnist-10k +no +7000 +1000 +2000 +- +- +- +  -", lines.Single(l => l.StartsWith("mnist-10k ")));
        Assert.Single(lines, l => l.StartsWith("fashion-mnist "));
        var (_, shipped, _) = CliRunner.InProcess("data", "list");
        Assert.Matches(@"(?m)^mnist-10k +yes +7000 +1000 +2000 +10 +28×28 [0-9a-f]{12}  \S*mnist-10k", shipped);
    }

    [Fact]
    public void UnavailableSourcesSayHowToGetThem()
    {
        string? before = Environment.GetEnvironmentVariable("EUMENTIA_DATA");
        try
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", null);
            var (code, output, _) = CliRunner.InProcess("data", "list", "--data-dir", temp.Path);
            Assert.Equal(0, code);
            Assert.Matches(@"(?m)^mnist +no +55000 +5000 +10000 +- +- +- +  -\r?$", output);
            Assert.Contains("    to get it: download Keras' mnist.npz", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", before);
        }
    }
}
