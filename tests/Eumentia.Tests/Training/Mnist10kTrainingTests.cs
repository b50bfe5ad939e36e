using System.Text.Json.Nodes;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

public class Mnist10kTrainingTests
{
    /// <summary>The engine end to end on real digits: the shipped mnist-10k, a 784-512-512-10 MLP, 96 % (≥ 95 % required).</summary>
    [Fact]
    public void MlpReaches95PercentOnShippedDigits()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"eumentia-mnist-{Guid.NewGuid():N}");
        try
        {
            var config = new TrainConfig
            {
                Data = "mnist-10k", ValidationSize = 0, Width = 512, Depth = 2, PTrain = 0.2, PEval = [0, 0.5],
                Epochs = 12, LrSchedule = "cosine", Seed = 0,
            };
            var result = TrainRun.Execute(config, dir);
            var clean = result.Evaluations.Single(e => e.PEval == 0);
            Assert.True(clean.Accuracy >= 0.95, $"test accuracy {clean.Accuracy:P2}");
            // Eval-time dropout well above the training rate costs accuracy and raises the loss.
            var dropped = result.Evaluations.Single(e => e.PEval == 0.5);
            Assert.True(dropped.Loss > clean.Loss && dropped.Accuracy < clean.Accuracy);

            foreach (var file in new[] { "config.json", "metrics.csv", "result.json", "weights.safetensors" })
                Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} missing");
            Assert.Equal(13, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "result.json")))!;
            Assert.Equal("done", json["status"]!.GetValue<string>());
            Assert.Equal(2, json["evaluations"]!.AsArray().Count);
            Assert.Equal(0.5, json["evaluations"]![1]!["p_eval"]!.GetValue<double>());
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
