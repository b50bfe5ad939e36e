using System.Globalization;
using System.Text.Json;
using Eumentia.Data;
using Eumentia.Tests.Data;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Interop;

/// <summary>`eumentia eval` and `train --init-from` on a user's CSV.</summary>
public class EvalCommandTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    (string Csv, string Run) TrainOnCsv(params string[] extra)
    {
        string csv = UserDataTests.WriteClusters(temp.File("mine.csv"), 300, 5, 20, split: true);
        string run = Path.Combine(temp.Path, "run");
        var (code, _, err) = CliRunner.InProcess(["train", "--data", $"csv:{csv}", "--validation", "25", "--width", "16", "--epochs", "3",
            "--p-eval", "0,0.3", "--eval-draws", "3", "--seed", "4", "--out", run, .. extra]);
        Assert.True(code == 0, err);
        return (csv, run);
    }

    static double[] ResultLosses(string run) => JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json"))).RootElement
        .GetProperty("evaluations").EnumerateArray().Select(e => e.GetProperty("test_loss").GetDouble()).ToArray();

    [Fact]
    public void EvalReproducesTheRunsTestLossesAndWritesPredictions()
    {
        var (_, run) = TrainOnCsv();
        string outDir = Path.Combine(temp.Path, "eval");
        var (code, stdout, err) = CliRunner.InProcess("eval", "--weights", Path.Combine(run, "weights.safetensors"), "--predictions", "csv", "--out", outDir);
        Assert.True(code == 0, err);
        var rows = File.ReadAllLines(Path.Combine(outDir, "eval.csv"));
        Assert.Equal("p_eval,eval_mode,eval_draws,test_examples,test_loss,test_loss_se,test_accuracy,test_accuracy_se", rows[0]);
        // Same weights, data, seed, masks: the numbers of result.json to the last bit.
        var losses = rows.Skip(1).Select(r => double.Parse(r.Split(',')[4], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ResultLosses(run), losses);

        ColumnDictionary.AssertDescribes(outDir);
        ColumnDictionary.AssertDescribes(run);
        var predictions = File.ReadAllLines(Path.Combine(outDir, "predictions.csv"));
        Assert.Equal(1 + 2 * 75, predictions.Length);
        foreach (var line in predictions.Skip(1))
        {
            var cells = line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, cells[^5..].Sum(), 1e-5);
        }

        Assert.Equal(0, CliRunner.InProcess("eval", "--weights", Path.Combine(run, "weights.safetensors"), "--predictions", "npy", "--p-eval", "0.1", "--out", outDir).Code);
        var logits = Npy.ReadArray(Path.Combine(outDir, "logits.npy"));
        Assert.Equal([1, 75, 5], logits.Shape);
    }

    [Fact]
    public void EvalPredictsAnInputsFileWithoutLabels()
    {
        var (_, run) = TrainOnCsv();
        string inputs = temp.File("x.npy");
        Npy.Write(inputs, [3, 20], new float[60]);
        string outDir = Path.Combine(temp.Path, "pred");
        var (code, _, err) = CliRunner.InProcess("eval", "--weights", Path.Combine(run, "weights.safetensors"), "--inputs", inputs, "--predictions", "csv", "--out", outDir);
        Assert.True(code == 0, err);
        Assert.False(File.Exists(Path.Combine(outDir, "eval.csv")));
        Assert.StartsWith("p_eval,example,predicted,logit_0", File.ReadAllLines(Path.Combine(outDir, "predictions.csv"))[0]);

        Npy.Write(inputs, [3, 7], new float[21]);
        var bad = CliRunner.InProcess("eval", "--weights", Path.Combine(run, "weights.safetensors"), "--inputs", inputs, "--out", outDir);
        Assert.Equal((2, $"eumentia: --inputs {inputs}: 7 features per example, the network takes 20"), (bad.Code, bad.Err.Trim()));
    }

    [Fact]
    public void InitFromStartsAtTheGivenWeightsAndRecordsTheirHash()
    {
        var (csv, run) = TrainOnCsv();
        string weights = Path.Combine(run, "weights.safetensors");
        string next = Path.Combine(temp.Path, "next");
        // One step at a tiny learning rate from the trained weights stays near their loss; from scratch it would not.
        var (code, _, err) = CliRunner.InProcess("train", "--data", $"csv:{csv}", "--validation", "25", "--width", "16", "--epochs", "1",
            "--lr", "1e-9", "--init-from", weights, "--out", next);
        Assert.True(code == 0, err);
        Assert.Equal(ResultLosses(run)[0], ResultLosses(next)[0], 1e-6);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(next, "config.json"))).RootElement;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(weights))), config.GetProperty("init_sha256").GetString());

        var mismatch = CliRunner.InProcess("train", "--data", $"csv:{csv}", "--validation", "25", "--width", "8", "--init-from", weights, "--out", next);
        Assert.Equal(1, mismatch.Code);
        Assert.Contains("the weights are for layer sizes [20, 16, 16, 5], the network has [20, 8, 8, 5]", mismatch.Err);
    }

    [Fact]
    public void ADataDirThatDoesNotHoldTheDataIsAnError()
    {
        var (code, _, err) = CliRunner.InProcess("train", "--data", "mnist-10k", "--data-dir", temp.Path, "--epochs", "1", "--out", Path.Combine(temp.Path, "r"));
        Assert.Equal(1, code);
        Assert.StartsWith($"eumentia: data set 'mnist-10k' not found (looked in {temp.Path}", err);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "r", "result.json")));
    }
}
