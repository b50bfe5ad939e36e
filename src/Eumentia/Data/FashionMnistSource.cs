namespace Eumentia.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; 60,000 + 10,000 28×28 images of clothing, MIT licence), as
/// Debian's dataset-fashion-mnist package installs it or from a directory of the four IDX files.
/// </summary>
internal sealed class FashionMnistSource : DataSource
{
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    public override string Name => "fashion-mnist";
    public override string Description => "Fashion-MNIST clothing images, 60k train + 10k test";
    public override int DefaultValidationSize => 5000;
    public override int NominalTrain => 60000;
    public override int NominalTest => 10000;
    public override string HowToGet =>
        $"on Debian/Ubuntu run 'sudo apt-get install dataset-fashion-mnist' (installs {DebianDirectory}); otherwise download "
        + "the four *-ubyte.gz files from https://github.com/zalandoresearch/fashion-mnist (data/fashion) into a directory DIR "
        + "and pass --data-dir DIR";

    public override IEnumerable<string> Places(string? dataDir)
    {
        // An explicit --data-dir may hold the files itself; the shared EUMENTIA_DATA root only through a
        // named subdirectory, because plain IDX files there are MNIST's.
        if (dataDir is not null)
        {
            yield return dataDir;
            yield return Path.Combine(dataDir, "fashion-mnist");
            yield return Path.Combine(dataDir, "FashionMNIST", "raw");
            yield break; // the named directory only: data elsewhere must not stand in for it silently
        }
        if (EnvironmentDataRoot() is { } root)
        {
            yield return Path.Combine(root, "fashion-mnist");
            yield return Path.Combine(root, "FashionMNIST", "raw");
        }
        yield return DebianDirectory;
    }
}
