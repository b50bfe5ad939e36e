namespace Eumentia.Data;

/// <summary>
/// One named data set: where to look for it, how to get it, and its nominal sizes. An explicit --data-dir is
/// the only place searched when given (a directory that does not hold the data is an error, never a silent
/// fallback); otherwise the environment, then the source's own defaults.
/// </summary>
internal abstract class DataSource
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual int Classes => 10;
    /// <summary>Examples held out of the training file for validation when the caller does not choose.</summary>
    public abstract int DefaultValidationSize { get; }
    public abstract int NominalTrain { get; }
    public abstract int NominalTest { get; }
    /// <summary>One line telling the user exactly how to obtain the data.</summary>
    public abstract string HowToGet { get; }

    /// <summary>
    /// The places this source's files may be, most specific first: directories holding the four IDX files,
    /// or paths of .npz archives.
    /// </summary>
    public abstract IEnumerable<string> Places(string? dataDir);

    /// <summary>The first place the data set is found, or null.</summary>
    /// <exception cref="EumentiaException">A directory holds an incomplete IDX data set.</exception>
    public DataLocation? Locate(string? dataDir)
    {
        foreach (var place in Places(dataDir))
        {
            if (place.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            {
                if (File.Exists(place)) return new NpzLocation(Path.GetFullPath(place));
            }
            else if (IdxLocation.Find(place) is { } idx) return idx;
        }
        return null;
    }

    public EumentiaException NotFound(string? dataDir) => Searched(dataDir) is { Length: > 0 } searched
        ? new($"data set '{Name}' not found (looked in {searched}). To get it: {HowToGet}")
        : new($"data set '{Name}' not found (no --data-dir given and EUMENTIA_DATA not set). To get it: {HowToGet}");

    /// <summary>The places searched, as the "not found" message names them.</summary>
    protected virtual string Searched(string? dataDir) => string.Join(", ", Places(dataDir).Distinct());

    /// <summary>The data root from the environment (EUMENTIA_DATA), if set.</summary>
    protected static string? EnvironmentDataRoot() =>
        Environment.GetEnvironmentVariable("EUMENTIA_DATA") is { Length: > 0 } root ? root : null;
}
