using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Eumentia.Data;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Tests.Data;

/// <summary>Users' own data: csv:, npz:, npy:, idx: sources, their content hashes and the run keys built on them.</summary>
public class UserDataTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// A CSV of <paramref name="classes"/> Gaussian clusters in <paramref name="features"/> dimensions (label, x0..x{f-1}
    /// and, if asked, a split column putting every fourth row in the test set).
    /// </summary>
    public static string WriteClusters(string path, int count, int classes, int features, bool split, int seed = 1)
    {
        var rng = new Random(seed);
        var centers = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, features).Select(_ => 3 * (rng.NextDouble() - 0.5)).ToArray()).ToArray();
        var text = new StringBuilder("label," + string.Join(",", Enumerable.Range(0, features).Select(j => $"x{j}")) + (split ? ",split" : "") + "\n");
        for (int i = 0; i < count; i++)
        {
            int y = i % classes;
            text.Append(y.ToString(CultureInfo.InvariantCulture));
            foreach (double c in centers[y]) text.Append(',').Append((c + 0.5 * (rng.NextDouble() - 0.5)).ToString("R", CultureInfo.InvariantCulture));
            if (split) text.Append(i % 4 == 3 ? ",test" : ",train");
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void ACsvWithASplitColumnLoadsItsClassesFeaturesAndHash()
    {
        string csv = WriteClusters(temp.File("mine.csv"), 200, 5, 20, split: true);
        var info = DataSources.Describe($"csv:{csv}");
        Assert.Equal((150, 50, 1, 20, 5), (info.TrainCount, info.TestCount, info.Rows, info.Cols, info.Classes));
        Assert.Equal([30, 30, 30, 30, 30], info.TrainClassCounts);
        Assert.Equal(Sha256Of(csv), info.Sha256);

        var data = DataSources.Load($"csv:{csv}", 0, 20, 0);
        Assert.Equal((20, 5), (data.Train.Features, data.Train.Classes));
        // Features come through as written (not scaled): the first test row is file row 4 (i = 3).
        var row = File.ReadAllLines(csv)[4].Split(',');
        Assert.Equal(float.Parse(row[1], CultureInfo.InvariantCulture), data.Test.X[0]);
        Assert.Equal(byte.Parse(row[0], CultureInfo.InvariantCulture), data.Test.Y[0]);
    }

    [Fact]
    public void ACsvWithoutASplitHoldsOutAFixedStratifiedFifth()
    {
        string csv = WriteClusters(temp.File("pool.csv"), 250, 5, 3, split: false);
        var info = DataSources.Describe($"csv:{csv}");
        Assert.Equal((200, 50), (info.TrainCount, info.TestCount));
        Assert.Equal([10, 10, 10, 10, 10], info.TestClassCounts);
        var a = DataSources.Load($"csv:{csv}", 0, 10, 0);
        var b = DataSources.Load($"csv:{csv}", 0, 10, 5);
        Assert.Equal(a.Test.X, b.Test.X); // the test set does not depend on the data seed
        // Training pool, validation and test are disjoint and together the whole file.
        var rows = new[] { a.Train, a.Validation, a.Test }.SelectMany(d => Enumerable.Range(0, d.Count).Select(i => d.X[i * 3])).ToList();
        Assert.Equal(250, rows.Distinct().Count());
    }

    [Fact]
    public void NpzAndNpyDirectoriesOfFloatsAndIntegerLabelsLoad()
    {
        var x = Enumerable.Range(0, 40 * 6).Select(i => (float)Math.Sin(i)).ToArray();
        var y = Enumerable.Range(0, 40).Select(i => (float)(i % 3)).ToArray();
        string dir = temp.Sub("arrays");
        Npy.Write(Path.Combine(dir, "x.npy"), [40, 6], x);
        File.WriteAllBytes(Path.Combine(dir, "y.npy"), NpyWriter.Npy([40], y.SelectMany(v => BitConverter.GetBytes((long)v)).ToArray(), "<i8"));
        var info = DataSources.Describe($"npy:{dir}");
        Assert.Equal((32, 8, 6, 3), (info.TrainCount, info.TestCount, info.Cols, info.Classes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "x.npy")).Concat(File.ReadAllBytes(Path.Combine(dir, "y.npy"))).ToArray())), info.Sha256);

        string npz = temp.File("d.npz");
        NpyWriter.Npz(npz, [("x_train", File.ReadAllBytes(Path.Combine(dir, "x.npy"))), ("y_train", File.ReadAllBytes(Path.Combine(dir, "y.npy"))),
            ("x_test", File.ReadAllBytes(Path.Combine(dir, "x.npy"))), ("y_test", File.ReadAllBytes(Path.Combine(dir, "y.npy")))]);
        var test = DataSources.LoadTest($"npz:{npz}");
        Assert.Equal(x, test.X); // float features as they are, in file order
        Assert.Equal(3, test.Classes);
    }

    [Fact]
    public void AnIdxDirectoryOfAnyClassCountLoads()
    {
        string dir = temp.Sub("idx");
        var labels = Enumerable.Range(0, 60).Select(i => (byte)(i % 4)).ToArray();
        Idx.Write(Path.Combine(dir, "train-images-idx3-ubyte"), [60, 2, 3], Enumerable.Range(0, 360).Select(i => (byte)i).ToArray(), gzip: false);
        Idx.Write(Path.Combine(dir, "train-labels-idx1-ubyte"), [60], labels, gzip: false);
        Idx.Write(Path.Combine(dir, "t10k-images-idx3-ubyte"), [10, 2, 3], new byte[60], gzip: false);
        Idx.Write(Path.Combine(dir, "t10k-labels-idx1-ubyte"), [10], labels[..10], gzip: false);
        var info = DataSources.Describe($"idx:{dir}");
        Assert.Equal((60, 10, 2, 3, 4), (info.TrainCount, info.TestCount, info.Rows, info.Cols, info.Classes));
    }

    [Theory]
    [InlineData("label,a,b\n0,1,x\n", "mine.csv:2: column 'b' holds 'x', not a finite number")]
    [InlineData("a,b\n0,1\n", "mine.csv: no 'label' column in the header (a,b)")]
    [InlineData("label,a\n1.5,1\n", "mine.csv:2: label '1.5' is not a class 0..255")]
    [InlineData("label,a,split\n0,1,train\n0,2,valid\n", "mine.csv:3: split 'valid' is neither 'train' nor 'test'")]
    [InlineData("label,a\n0,1,2\n", "mine.csv: line 2: 3 fields where the header has 2")]
    public void BadCsvsAreRefusedNamingLineAndColumn(string text, string message)
    {
        File.WriteAllText(temp.File("mine.csv"), text);
        var e = Assert.Throws<EumentiaException>(() => DataSources.Describe($"csv:{temp.File("mine.csv")}"));
        Assert.EndsWith(message, e.Message);
    }

    [Fact]
    public void UnknownSchemesAndMissingFilesAreUsageErrors()
    {
        Assert.Contains("unknown kind 'tsv'", Assert.Throws<UsageException>(() => DataSources.CheckName("tsv:x")).Message);
        Assert.Contains("not found", Assert.Throws<UsageException>(() => DataSources.Pin($"csv:{temp.File("none.csv")}")).Message);
        Assert.Contains("unknown data set 'mnistt'", Assert.Throws<UsageException>(() => DataSources.CheckName("mnistt")).Message);
    }

    [Fact]
    public void TheRunKeyHashesTheContentNotThePath()
    {
        var kind = RunKind.Create<TrainConfig>("train", (_, _, _) => RunOutcome.Success);
        string a = WriteClusters(temp.File("a.csv"), 50, 5, 4, split: true);
        string moved = temp.File("elsewhere.csv");
        File.Copy(a, moved);
        string other = WriteClusters(temp.File("b.csv"), 50, 5, 4, split: true, seed: 2);
        string Key(string path) => CanonicalConfig.Key(kind, new TrainConfig { Data = $"csv:{path}", Seed = 1 });

        Assert.Equal(Key(a), Key(moved));
        Assert.NotEqual(Key(a), Key(other));
        Assert.Equal($"{{\"config\":{{\"data\":\"csv\",\"data_sha256\":\"{Sha256Of(a)}\",\"seed\":1}},\"kind\":\"train\"}}",
            CanonicalConfig.Json(kind, new TrainConfig { Data = $"csv:{a}", Seed = 1 }));
        // A built-in data set hashes as before (pinned keys in RunIdentityTests stay valid).
        Assert.Equal("{\"config\":{\"data\":\"mnist\"},\"kind\":\"train\"}", CanonicalConfig.Json(kind, new TrainConfig { Data = "mnist" }));
    }

    [Fact]
    public void ASweepHashesTheDataWhenItPlansTheRuns()
    {
        Sweeps.CliRunner.RegisterKinds();
        string csv = WriteClusters(temp.File("sweep.csv"), 50, 5, 4, split: true);
        var run = SpecParser.Parse($"kind: train\nfixed: {{ data: \"csv:{csv}\", width: 8 }}\n", "spec.yaml").Expand().Single();
        var config = (TrainConfig)run.Config;
        Assert.Equal(($"csv:{csv}", Sha256Of(csv)), (config.Data, config.DataSha256)); // run.json records both
        Assert.Equal($"{{\"config\":{{\"data\":\"csv\",\"data_sha256\":\"{Sha256Of(csv)}\",\"width\":8}},\"kind\":\"train\"}}", run.Canonical);
    }

    [Fact]
    public void ARunRecordsPathAndHashAndAdaptsTheNetworkToTheData()
    {
        string csv = WriteClusters(temp.File("mine.csv"), 200, 5, 20, split: true);
        string dir = temp.Sub("run");
        var config = new TrainConfig { Data = $"csv:{csv}", ValidationSize = 20, Width = 16, Epochs = 3, BatchSize = 32 };
        var result = TrainRun.Execute(config, dir);
        var recorded = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json"))).RootElement;
        Assert.Equal($"csv:{csv}", recorded.GetProperty("data").GetString());
        Assert.Equal(Sha256Of(csv), recorded.GetProperty("data_sha256").GetString());
        var weights = Eumentia.Nets.MlpWeights.Read(Path.Combine(dir, "weights.safetensors"));
        Assert.Equal([20, 16, 16, 5], weights.Sizes);
        Assert.True(result.Evaluations[0].Accuracy > 0.9, $"accuracy {result.Evaluations[0].Accuracy} on separable clusters");

        // A sweep planned the run on this content: a changed file is refused, not silently trained on.
        var planned = (TrainConfig)config.Pinned();
        File.AppendAllText(csv, "0" + string.Concat(Enumerable.Repeat(",0", 20)) + ",train\n");
        var e = Assert.Throws<EumentiaException>(() => TrainRun.Execute(planned, temp.Sub("run2")));
        Assert.Contains("the file changed", e.Message);
    }
}
