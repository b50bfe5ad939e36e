using System.Collections.Concurrent;
using Eumentia.IO;

namespace Eumentia.Data;

/// <summary>
/// The named data sets, users' own (idx:DIR, npz:FILE, npy:DIR, csv:FILE; see <see cref="UserDataSource"/>),
/// and the one way to load them: a training subset, the validation set and the test set.
/// Decoded files are cached per (source, location) for the life of the process, because a sweep runs many
/// trainings on the same data; callers always get fresh float arrays, so none can corrupt the cache.
/// </summary>
public static class DataSources
{
    static readonly DataSource[] Sources = [new MnistSource(), new Mnist10kSource(), new FashionMnistSource()];
    static readonly ConcurrentDictionary<(string Source, string Location), Lazy<ImageDataSet>> Cache = new();

    /// <summary>"mnist", "mnist-10k", "fashion-mnist".</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Sources.Select(s => s.Name).ToArray());

    /// <summary>
    /// The nominal shape of a built-in data set, known without reading it (every built-in set is 28×28 images of
    /// <see cref="DataSource.Classes"/> classes): features, classes, examples in the training file and in the test set.
    /// Null for a user's data source, whose shape only its files tell.
    /// </summary>
    public static (int Features, int Classes, int Train, int Test)? NominalShape(string name) =>
        Sources.FirstOrDefault(s => s.Name == name) is { } source ? (28 * 28, source.Classes, source.NominalTrain, source.NominalTest) : null;

    /// <summary>Examples of the training file reserved for validation when the user does not say.</summary>
    public static int DefaultValidationSize(string name) => Find(name).DefaultValidationSize;

    /// <summary>
    /// Loads the training subset of size <paramref name="trainSize"/> (0 = the whole pool) for
    /// <paramref name="dataSeed"/>, the fixed validation set of <paramref name="validationSize"/> examples and
    /// the fixed test set. Subsets for one (seed, validation size) are nested prefixes of one
    /// class-interleaved order; validation and test never depend on the seed.
    /// </summary>
    /// <exception cref="UsageException">Unknown name, or sizes that do not fit the data set.</exception>
    /// <exception cref="EumentiaException">The data set is missing (the message says how to get it) or corrupt.</exception>
    public static TrainingData Load(string name, int trainSize, int validationSize, ulong dataSeed, string? dataDir = null)
    {
        if (trainSize < 0) throw new UsageException($"training set size must be 0 (the whole pool) or positive, got {trainSize}");
        if (validationSize < 0) throw new UsageException($"validation set size must be 0 or positive, got {validationSize}");
        var data = Read(name, dataDir);
        int inFile = data.Train.Count, classes = data.Classes;
        if (validationSize >= inFile)
            throw new UsageException($"validation set size {validationSize} leaves no training examples: '{name}' has {inFile} in its training file ({data.Location}); choose a smaller one (--validation)");
        int pool = inFile - validationSize;
        if (trainSize > pool)
            throw new UsageException($"training set size {trainSize} exceeds the pool of {pool} examples of '{name}' ({inFile} in the training file less {validationSize} for validation)");

        var validation = StratifiedSplit.Validation(data.Train.Labels, classes, validationSize);
        var order = StratifiedSplit.TrainingOrder(data.Train.Labels, classes, validation, dataSeed);
        return new TrainingData(
            data.Train.Select($"{name}/train", order.AsSpan(0, trainSize == 0 ? pool : trainSize), classes),
            data.Train.Select($"{name}/validation", validation, classes),
            data.Test.All($"{name}/test", classes));
    }

    /// <summary>The fixed test set of a data source (the same one training runs are evaluated on).</summary>
    public static LabeledData LoadTest(string name, string? dataDir = null)
    {
        var data = Read(name, dataDir);
        return data.Test.All($"{name}/test", data.Classes);
    }

    /// <summary>Every source, available or not: where it is, its counts, how to get it.</summary>
    public static IReadOnlyList<DataSourceInfo> List(string? dataDir = null) => Sources.Select(source =>
    {
        int validation = source.DefaultValidationSize;
        DataLocation? location = null;
        try
        {
            location = source.Locate(dataDir);
            if (location is null)
                return new DataSourceInfo(source.Name, source.Description, false, null,
                    source.NominalTrain - validation, validation, source.NominalTest, source.HowToGet);
            var data = Read(source, dataDir);
            return new DataSourceInfo(source.Name, source.Description, true, data.Location,
                Math.Max(0, data.Train.Count - validation), validation, data.Test.Count, source.HowToGet,
                Classes: data.Classes, Input: $"{data.Train.Rows}×{data.Train.Cols}", Sha256: LocationSha256(location));
        }
        catch (EumentiaException e)
        {
            return new DataSourceInfo(source.Name, source.Description, false, location?.Where,
                source.NominalTrain - validation, validation, source.NominalTest, source.HowToGet, e.Message);
        }
    }).ToArray();

    /// <summary>True for a user's source (scheme:path), false for a built-in name.</summary>
    public static bool IsUserSource(string name) => UserDataSource.TryParse(name) is not null;

    /// <summary>
    /// A user's source with its path made absolute and the SHA-256 of its files' bytes (the run's identity);
    /// a built-in name unchanged, with no hash. Reads the files, so a missing one is a usage error here.
    /// </summary>
    public static (string Data, string Sha256) Pin(string name) =>
        UserDataSource.TryParse(name) is { } user ? (user.Spec, user.Sha256()) : (name, "");

    /// <summary>The scheme of a user's source ("csv"), which the run key holds instead of its path; null for a built-in name.</summary>
    public static string? Scheme(string name) => UserDataSource.TryParse(name)?.Scheme;

    /// <summary>A usage error for a name that is neither built in nor scheme:path; no file is read.</summary>
    public static void CheckName(string name)
    {
        if (UserDataSource.TryParse(name) is null) Find(name);
    }

    /// <summary>
    /// What `eumentia data info` shows: where the data lies, counts, input shape, classes with their counts, and
    /// the SHA-256 of the files (for a user's source the hash its runs record).
    /// </summary>
    public static DataSetSummary Describe(string name, string? dataDir = null)
    {
        var data = Read(name, dataDir);
        var files = UserDataSource.TryParse(name) is { } user ? user : null;
        string sha = files?.Sha256() ?? (Find(name).Locate(dataDir) is { } location ? LocationSha256(location) : "");
        int[] Counts(ImageSet set)
        {
            var counts = new int[data.Classes];
            foreach (byte y in set.Labels) counts[y]++;
            return counts;
        }
        return new DataSetSummary(files?.Spec ?? name, data.Location, data.Train.Count, data.Test.Count, data.Train.Rows, data.Train.Cols,
            data.Classes, Counts(data.Train), Counts(data.Test), sha);
    }

    static string LocationSha256(DataLocation location) => location switch
    {
        IdxLocation idx => FileHash.Sha256(idx.TrainImages, idx.TrainLabels, idx.TestImages, idx.TestLabels),
        _ => FileHash.Sha256(location.Where),
    };

    static DataSource Find(string name) =>
        Sources.FirstOrDefault(s => s.Name == name)
        ?? throw new UsageException($"unknown data set '{name}'; known: {string.Join(", ", Names)}");

    static ImageDataSet Read(string name, string? dataDir) =>
        UserDataSource.TryParse(name) is { } user ? Cached((user.Scheme, user.Spec + "@" + user.Sha256()), user.Read) : Read(Find(name), dataDir);

    static ImageDataSet Read(DataSource source, string? dataDir)
    {
        var location = source.Locate(dataDir) ?? throw source.NotFound(dataDir);
        return Cached((source.Name, location.Where), () => location.Read(source.Classes));
    }

    static ImageDataSet Cached((string Source, string Location) key, Func<ImageDataSet> read)
    {
        var entry = Cache.GetOrAdd(key, _ => new Lazy<ImageDataSet>(read));
        try
        {
            return entry.Value;
        }
        catch
        {
            // Do not cache a failure: the user may fix the files and try again in the same process.
            Cache.TryRemove(new KeyValuePair<(string, string), Lazy<ImageDataSet>>(key, entry));
            throw;
        }
    }
}
