using System.Globalization;
using Eumentia.IO;
using Eumentia.Sweeps.Collect;

namespace Eumentia.Data;

/// <summary>
/// A user's own data set, named by a scheme and a path: <c>idx:DIR</c> (the four MNIST-style IDX files),
/// <c>npz:FILE</c> (an .npz archive), <c>npy:DIR</c> (a directory of .npy files) or <c>csv:FILE</c> (a header row,
/// a <c>label</c> column, every other column a feature, and optionally a <c>split</c> column of train/test).
/// Arrays are x_train, y_train, x_test, y_test, or x and y for one pool from which a fixed class-stratified
/// fifth is held out as the test set (as for a CSV without a split column). Labels are integers 0..C-1 and C is
/// the largest label plus one (at most 256); features of any count and shape. Unsigned-byte features are
/// grey levels and scaled to byte/255 as for the built-in sets; every other dtype is used as it is.
/// </summary>
internal sealed record UserDataSource(string Scheme, string Path)
{
    public static readonly string[] Schemes = ["idx", "npz", "npy", "csv"];

    /// <summary>The source's canonical name: the scheme and the absolute path.</summary>
    public string Spec => $"{Scheme}:{Path}";

    /// <summary>"csv:data.csv" → (csv, /abs/data.csv); null for a built-in name (no scheme); a usage error for an unknown scheme.</summary>
    public static UserDataSource? TryParse(string data)
    {
        int colon = data.IndexOf(':');
        if (colon < 0) return null;
        string scheme = data[..colon], path = data[(colon + 1)..];
        if (!Schemes.Contains(scheme))
            throw new UsageException($"data source '{data}': unknown kind '{scheme}'; own data is {string.Join(", ", Schemes.Select(s => s + ":PATH"))}");
        if (path.Length == 0) throw new UsageException($"data source '{data}': no path after '{scheme}:'");
        return new UserDataSource(scheme, System.IO.Path.GetFullPath(path));
    }

    /// <summary>
    /// The files whose bytes identify the data, in a fixed order; a usage error naming the path when they are not there.
    /// </summary>
    public IReadOnlyList<string> Files()
    {
        switch (Scheme)
        {
            case "idx":
                var idx = IdxLocation.Find(Path) ?? throw new UsageException($"{Spec}: no IDX files (train-images-idx3-ubyte[.gz] and the other three) in {Path}");
                return [idx.TrainImages, idx.TrainLabels, idx.TestImages, idx.TestLabels];
            case "npy":
                if (!Directory.Exists(Path)) throw new UsageException($"{Spec}: directory {Path} not found");
                var split = NpyMembers.Select(m => System.IO.Path.Combine(Path, m + ".npy")).ToArray();
                var pool = PoolMembers.Select(m => System.IO.Path.Combine(Path, m + ".npy")).ToArray();
                if (split.All(File.Exists)) return split;
                if (pool.All(File.Exists)) return pool;
                throw new UsageException($"{Spec}: {Path} holds neither x_train.npy, y_train.npy, x_test.npy, y_test.npy nor x.npy, y.npy");
            default:
                if (!File.Exists(Path)) throw new UsageException($"{Spec}: file {Path} not found");
                return [Path];
        }
    }

    static readonly string[] NpyMembers = ["x_train", "y_train", "x_test", "y_test"];
    static readonly string[] PoolMembers = ["x", "y"];

    /// <summary>SHA-256 of the bytes of <see cref="Files"/> in order: for a single file what <c>sha256sum FILE</c> prints.</summary>
    public string Sha256() => FileHash.Sha256(Files());

    public ImageDataSet Read()
    {
        var files = Files();
        var (train, test) = Scheme switch
        {
            "idx" => (ImageSet.ReadIdx(files[0], files[1], 256), ImageSet.ReadIdx(files[2], files[3], 256)),
            "npz" => FromArrays(Npy.ReadNpzArrays(Path), name => $"{Path}: {name}.npy"),
            "npy" => FromArrays(files.ToDictionary(f => System.IO.Path.GetFileNameWithoutExtension(f), Npy.ReadArray), name => System.IO.Path.Combine(Path, name + ".npy")),
            _ => ReadCsv(),
        };
        if (train.Rows != test.Rows || train.Cols != test.Cols)
            throw new EumentiaException($"{Spec}: training examples are {train.Rows}×{train.Cols} but test examples are {test.Rows}×{test.Cols}");
        return new ImageDataSet(train, test, Spec, Math.Max(train.ImpliedClasses, test.ImpliedClasses));
    }

    (ImageSet Train, ImageSet Test) FromArrays(IReadOnlyDictionary<string, NpyArray> arrays, Func<string, string> where)
    {
        NpyArray Member(string name) => arrays.TryGetValue(name, out var a) ? a
            : throw new EumentiaException($"{Spec}: no {name}.npy (has {string.Join(", ", arrays.Keys.Order().Select(k => k + ".npy"))})");
        if (arrays.ContainsKey("x_train") || !arrays.ContainsKey("x"))
            return (Examples(Member("x_train"), Member("y_train"), where("x_train"), where("y_train")),
                    Examples(Member("x_test"), Member("y_test"), where("x_test"), where("y_test")));
        return HoldOutTest(Examples(Member("x"), Member("y"), where("x"), where("y")));
    }

    static ImageSet Examples(NpyArray x, NpyArray y, string xWhere, string yWhere)
    {
        if (x.Shape.Count < 2) throw new EumentiaException($"{xWhere}: expected examples × features, found shape ({string.Join(", ", x.Shape)})");
        if (y.Shape.Count != 1 && !(y.Shape.Count == 2 && y.Shape[1] == 1))
            throw new EumentiaException($"{yWhere}: expected one label per example, found shape ({string.Join(", ", y.Shape)})");
        int count = x.Shape[0];
        if (y.Shape[0] != count) throw new EumentiaException($"{yWhere}: {y.Shape[0]} labels, but {xWhere} has {count} examples");
        // Images keep their rows × columns; anything else is one row of features.
        int rows = x.Shape.Count == 3 ? x.Shape[1] : 1;
        int cols = (int)(x.Count / Math.Max(1, count) / rows);
        var features = x.ToFloats();
        if (x.IsBytes) for (int i = 0; i < features.Length; i++) features[i] /= 255f;
        return ImageSet.FromFeatures(count, rows, cols, features, y.ToLabels(yWhere), xWhere);
    }

    (ImageSet Train, ImageSet Test) HoldOutTest(ImageSet pool)
    {
        int classes = pool.ImpliedClasses, testSize = pool.Count / 5;
        if (testSize == 0) throw new EumentiaException($"{Spec}: {pool.Count} examples are too few to hold out a test set (a fifth of them)");
        var test = StratifiedSplit.Validation(pool.Labels, classes, testSize);
        var inTest = new bool[pool.Count];
        foreach (int i in test) inTest[i] = true;
        var train = Enumerable.Range(0, pool.Count).Where(i => !inTest[i]).ToArray();
        return (pool.Subset(train), pool.Subset(test));
    }

    (ImageSet Train, ImageSet Test) ReadCsv()
    {
        CsvTable table;
        // A malformed data file fails the run that reads it (exit 1), as the other data formats do.
        try { table = CsvTable.Read(Path); }
        catch (UsageException e) { throw new EumentiaException(e.Message); }
        if (table.Rows.Count == 0) throw new EumentiaException($"{Path}: expected a header row and at least one example");
        var header = table.Headers.ToArray();
        int label = Array.IndexOf(header, "label");
        if (label < 0) throw new EumentiaException($"{Path}: no 'label' column in the header ({string.Join(",", header)})");
        int split = Array.IndexOf(header, "split");
        var featureColumns = Enumerable.Range(0, header.Length).Where(c => c != label && c != split).ToArray();
        if (featureColumns.Length == 0) throw new EumentiaException($"{Path}: no feature columns besides 'label'{(split >= 0 ? " and 'split'" : "")}");

        int count = table.Rows.Count, f = featureColumns.Length;
        var features = new float[(long)count * f];
        var labels = new byte[count];
        var isTest = new bool[count];
        for (int r = 0; r < count; r++)
        {
            var row = table.Rows[r];
            int line = table.Lines[r];
            if (!int.TryParse(row[label], NumberStyles.Integer, CultureInfo.InvariantCulture, out int y) || y is < 0 or > 255)
                throw new EumentiaException($"{Path}:{line}: label '{row[label]}' is not a class 0..255");
            labels[r] = (byte)y;
            if (split >= 0)
                isTest[r] = row[split].Trim() switch
                {
                    "train" => false,
                    "test" => true,
                    var other => throw new EumentiaException($"{Path}:{line}: split '{other}' is neither 'train' nor 'test'"),
                };
            for (int j = 0; j < f; j++)
            {
                string cell = row[featureColumns[j]];
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new EumentiaException($"{Path}:{line}: column '{header[featureColumns[j]]}' holds '{cell}', not a finite number");
                features[(long)r * f + j] = v;
            }
        }
        var all = ImageSet.FromFeatures(count, 1, f, features, labels, Path);
        if (split < 0) return HoldOutTest(all);
        var trainRows = Enumerable.Range(0, count).Where(i => !isTest[i]).ToArray();
        var testRows = Enumerable.Range(0, count).Where(i => isTest[i]).ToArray();
        if (trainRows.Length == 0 || testRows.Length == 0)
            throw new EumentiaException($"{Path}: the split column has no '{(trainRows.Length == 0 ? "train" : "test")}' rows");
        return (all.Subset(trainRows), all.Subset(testRows));
    }
}
