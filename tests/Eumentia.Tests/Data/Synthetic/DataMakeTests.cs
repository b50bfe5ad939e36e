using System.Globalization;
using Eumentia.Data;
using Eumentia.Data.Synthetic;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Data.Synthetic;

/// <summary>`eumentia data make nlgp|gp`: the lottery study's inputs on disk, and the theory printed beside them.</summary>
public class DataMakeTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void WritesTheStudysImagesAsNpyThatLoadAsAUserSource()
    {
        string dir = Path.Combine(temp.Path, "nlgp");
        var (code, stdout, err) = CliRunner.InProcess("data", "make", "nlgp", "--gain", "10", "--xi0", "1", "--xi1", "3", "--size", "16", "--dim", "2",
            "--n", "40", "--test", "10", "--seed", "5", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Matches(@"excess_kurtosis +-1\.9336 ", stdout); // NlgpTheory.ExcessKurtosis(10), printed beside the sample
        var generator = new NlgpGenerator(new NlgpSpec { Gain = 10, Xi0 = 1, Xi1 = 3, Side = 16, Dimension = 2 });
        var expected = generator.Load(40, 0, 10, 5);
        var info = DataSources.Describe($"npy:{dir}");
        Assert.Equal((40, 10, 16, 16, 2), (info.TrainCount, info.TestCount, info.Rows, info.Cols, info.Classes));
        Assert.Equal(expected.Test.X, DataSources.LoadTest($"npy:{dir}").X); // exactly the study's draw
        Assert.Equal(expected.Test.Y, DataSources.LoadTest($"npy:{dir}").Y);
        Assert.True(File.Exists(Path.Combine(dir, "theory.json")));

        var bad = CliRunner.InProcess("data", "make", "nlgpp", "--out", dir);
        Assert.Equal((2, "eumentia: data make: unknown kind 'nlgpp' (expected nlgp or gp)"), (bad.Code, bad.Err.Trim()));
    }

    /// <summary>
    /// The printed standard errors are honest: over independent draws, (measured − theory)/se behaves like a standard
    /// normal for every statistic (coverage of ±2 se measured, not assumed).
    /// </summary>
    [Theory]
    [InlineData(NlgpKind.Nlgp, 3.0)]
    [InlineData(NlgpKind.Gaussian, 10.0)]
    public void MeasuredStatisticsAgreeWithTheoryWithinTheirErrors(NlgpKind kind, double gain)
    {
        var generator = new NlgpGenerator(new NlgpSpec { Kind = kind, Gain = gain, Side = 16 });
        var z = Enumerable.Range(0, 30).SelectMany(seed => NlgpStatistics.Compare(generator, generator.Generate(300, (ulong)seed, NlgpGenerator.TrainSplit, "x")))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.Select(c => c.Z).ToArray());
        Assert.Equal(4, z.Count);
        foreach (var (name, values) in z)
        {
            double covered = values.Count(v => Math.Abs(v) < 2) / (double)values.Length;
            Assert.True(covered >= 0.8, string.Create(CultureInfo.InvariantCulture, $"{name}: ±2 se covers {covered:P0} of 30 draws"));
            Assert.True(Math.Abs(values.Average()) < 0.7, string.Create(CultureInfo.InvariantCulture, $"{name}: mean z {values.Average():F2}"));
        }
    }
}
