using System.Globalization;
using System.Text.Json;
using Eumentia.Data;
using Eumentia.Nets;
using Eumentia.Numerics;
using Eumentia.Tests.Data;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Interop;

/// <summary>
/// The "done when" path end to end: train on a user's CSV of 5 classes and 20 features, find its hash in
/// config.json, evaluate with `eumentia eval`, load the weights in PyTorch with strict names and get the same test
/// loss to 1e-6 (python/tests/torch_roundtrip.py), and carry torch's weights back into Eumentia.
/// </summary>
public class TorchPythonTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [PythonFact("torch")]
    public void ACsvRunLoadsInTorchWithTheSameTestLossAndComesBack()
    {
        string csv = UserDataTests.WriteClusters(temp.File("mine.csv"), 400, 5, 20, split: true);
        string run = temp.Sub("run"), torchDir = temp.Sub("torch");
        var (code, _, err) = CliRunner.InProcess("train", "--data", $"csv:{csv}", "--validation", "30", "--width", "24", "--epochs", "4", "--out", run);
        Assert.True(code == 0, err);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json"))).RootElement;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(csv))), config.GetProperty("data_sha256").GetString());

        var (pyCode, output) = PythonPackage.Run("tests/torch_roundtrip.py", run, torchDir);
        Assert.True(pyCode == 0, output);
        Assert.Contains("ok", output);

        // Torch's weights back in Eumentia: the same logits as torch computed.
        var net = MlpWeights.Create(MlpWeights.Read(Path.Combine(torchDir, "from_torch.safetensors")));
        Assert.Equal(WeightNames.Torch, MlpWeights.Read(Path.Combine(torchDir, "from_torch.safetensors")).Names);
        var inputs = Npy.ReadArray(Path.Combine(torchDir, "test_inputs.npy"));
        var expected = Npy.ReadArray(Path.Combine(torchDir, "torch_logits.npy")).ToFloats();
        var logits = net.Infer(inputs.ToFloats(), inputs.Shape[0], DropoutPass.Off).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], logits[i], 1e-5f);

        // ... and `eumentia eval` on them gives the run's test loss.
        string evalDir = temp.Sub("eval");
        (code, _, err) = CliRunner.InProcess("eval", "--weights", Path.Combine(torchDir, "from_torch.safetensors"), "--data", $"csv:{csv}", "--p-eval", "0", "--out", evalDir);
        Assert.True(code == 0, err);
        double evalLoss = double.Parse(File.ReadAllLines(Path.Combine(evalDir, "eval.csv"))[1].Split(',')[4], CultureInfo.InvariantCulture);
        double runLoss = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json"))).RootElement.GetProperty("evaluations")[0].GetProperty("test_loss").GetDouble();
        Assert.Equal(runLoss, evalLoss, 1e-6);
    }

    [PythonFact]
    public void TheNotebookLoaderDescribesARunsColumns()
    {
        string csv = UserDataTests.WriteClusters(temp.File("mine.csv"), 200, 5, 20, split: true);
        string run = temp.Sub("run");
        Assert.Equal(0, CliRunner.InProcess("train", "--data", $"csv:{csv}", "--validation", "20", "--width", "8", "--epochs", "2", "--out", run).Code);
        var (code, output) = PythonPackage.Run("-c", $"import eumentia; m = eumentia.load_run({JsonSerializer.Serialize(run)})['metrics']; " +
            "d = eumentia.columns(m); print(len(m), d.set_index('column').loc['validation_loss', 'unit'])");
        Assert.True(code == 0, output);
        Assert.StartsWith("2 loss units: nats for cross-entropy", output.Trim());
    }
}
