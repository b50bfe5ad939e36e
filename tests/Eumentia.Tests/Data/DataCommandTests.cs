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
        Assert.Matches(@"^mnist +yes +1000 +5000 +100  " + System.Text.RegularExpressions.Regex.Escape(temp.Path), lines.Single(l => l.StartsWith("mnist ")));
        Assert.Matches(@"^mnist-10k +yes +7000 +1000 +2000  \S*mnist-10k", lines.Single(l => l.StartsWith("mnist-10k ")));
        Assert.Single(lines, l => l.StartsWith("fashion-mnist "));
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
            Assert.Matches(@"(?m)^mnist +no +55000 +5000 +10000  -\r?$", output);
            Assert.Contains("    to get it: download Keras' mnist.npz", output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EUMENTIA_DATA", before);
        }
    }
}
