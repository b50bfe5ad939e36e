namespace Eumentia.Data;

/// <summary>
/// The four MNIST-style IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
/// t10k-labels-idx1-ubyte), each raw or gzip-compressed, in one directory.
/// </summary>
internal sealed record IdxLocation(string Where, string TrainImages, string TrainLabels, string TestImages, string TestLabels) : DataLocation(Where)
{
    static readonly string[] Stems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>
    /// The IDX files in <paramref name="directory"/>, or null if it holds none of them. Accepts each stem
    /// as is, with ".gz", and with the dot spelling some mirrors use (train-images.idx3-ubyte).
    /// </summary>
    /// <exception cref="EumentiaException">Some but not all four files are there.</exception>
    public static IdxLocation? Find(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        var found = Stems.Select(stem => FindFile(directory, stem)).ToArray();
        if (found.All(f => f is null)) return null;
        if (found.Any(f => f is null))
        {
            var missing = Stems.Where((_, i) => found[i] is null).Select(s => s + "[.gz]");
            throw new EumentiaException($"{directory}: incomplete IDX data set: missing {string.Join(", ", missing)}");
        }
        return new IdxLocation(Path.GetFullPath(directory), found[0]!, found[1]!, found[2]!, found[3]!);
    }

    static string? FindFile(string directory, string stem)
    {
        string dotted = stem.Replace("-idx", ".idx", StringComparison.Ordinal);
        foreach (var name in new[] { stem + ".gz", stem, dotted + ".gz", dotted })
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    public override ImageDataSet Read(int classes) => ImageDataSet.Create(
        ImageSet.ReadIdx(TrainImages, TrainLabels, classes),
        ImageSet.ReadIdx(TestImages, TestLabels, classes),
        Where, classes);
}
