using System.Collections.Concurrent;

namespace Eumentia.Data;

/// <summary>
/// The named data sets and the one way to load them: a training subset, the validation set and the test set.
/// Decoded files are cached per (source, location) for the life of the process, because a sweep runs many
/// trainings on the same data; callers always get fresh float arrays, so none can corrupt the cache.
/// </summary>
public static class DataSources
{
    static readonly DataSource[] Sources = [new MnistSource(), new Mnist10kSource(), new FashionMnistSource()];
    static readonly ConcurrentDictionary<(string Source, string Location), Lazy<ImageDataSet>> Cache = new();

    /// <summary>"mnist", "mnist-10k", "fashion-mnist".</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Sources.Select(s => s.Name).ToArray());

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
        var source = Find(name);
        if (trainSize < 0) throw new UsageException($"training set size must be 0 (the whole pool) or positive, got {trainSize}");
        if (validationSize < 0) throw new UsageException($"validation set size must be 0 or positive, got {validationSize}");
        var data = Read(source, dataDir);
        int inFile = data.Train.Count, classes = source.Classes;
        if (validationSize >= inFile)
            throw new UsageException($"validation set size {validationSize} leaves no training examples: '{name}' has {inFile} in its training file ({data.Location})");
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
                Math.Max(0, data.Train.Count - validation), validation, data.Test.Count, source.HowToGet);
        }
        catch (EumentiaException e)
        {
            return new DataSourceInfo(source.Name, source.Description, false, location?.Where,
                source.NominalTrain - validation, validation, source.NominalTest, source.HowToGet, e.Message);
        }
    }).ToArray();

    static DataSource Find(string name) =>
        Sources.FirstOrDefault(s => s.Name == name)
        ?? throw new UsageException($"unknown data set '{name}'; known: {string.Join(", ", Names)}");

    static ImageDataSet Read(DataSource source, string? dataDir)
    {
        var location = source.Locate(dataDir) ?? throw source.NotFound(dataDir);
        var key = (source.Name, location.Where);
        var entry = Cache.GetOrAdd(key, _ => new Lazy<ImageDataSet>(() => location.Read(source.Classes)));
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
