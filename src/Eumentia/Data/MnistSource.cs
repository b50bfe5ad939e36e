namespace Eumentia.Data;

/// <summary>
/// The full MNIST (60,000 training + 10,000 test images) from a directory the user names: the four IDX files
/// (raw or gzip), torchvision's layout (ROOT/MNIST/raw) or Keras' mnist.npz.
/// </summary>
internal sealed class MnistSource : DataSource
{
    public override string Name => "mnist";
    public override string Description => "MNIST handwritten digits, 60k train + 10k test";
    public override int DefaultValidationSize => 5000;
    public override int NominalTrain => 60000;
    public override int NominalTest => 10000;
    public override string HowToGet =>
        "download Keras' mnist.npz (https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz) or the four "
        + "*-ubyte.gz IDX files (e.g. torchvision.datasets.MNIST(DIR, download=True), which writes DIR/MNIST/raw) "
        + "into a directory DIR, then pass --data-dir DIR or set EUMENTIA_DATA=DIR";

    public override IEnumerable<string> Places(string? dataDir)
    {
        // An explicit --data-dir is the only place looked at: data elsewhere must not stand in for it silently.
        foreach (var root in dataDir is not null ? [dataDir] : new[] { EnvironmentDataRoot() })
        {
            if (root is null) continue;
            if (root.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)) { yield return root; continue; }
            yield return root;
            yield return Path.Combine(root, "MNIST", "raw");
            yield return Path.Combine(root, "mnist");
            yield return Path.Combine(root, "mnist.npz");
            yield return Path.Combine(root, "mnist", "mnist.npz");
        }
    }
}
