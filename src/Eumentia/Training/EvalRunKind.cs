using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json;
using Eumentia.Data;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;

namespace Eumentia.Training;

/// <summary>
/// The run kind "eval": evaluates the saved weights of a finished "train" run of the same ledger
/// (<see cref="EvalConfig"/>) and writes config.json and result.json, whose fields are those of one entry of a
/// training run's "evaluations" (<see cref="EvalResult"/>: p_eval, eval_mode, mask_draws, test_loss, test_loss_se,
/// test_accuracy, test_accuracy_se) plus status, seconds and train_key. The numbers are bit-identical to the training
/// run's own evaluation at the same settings: the same test set, the same weights (float32, saved exactly) and the
/// same mask draws (the training seed).
/// </summary>
public static class EvalRunKind
{
    public static RunKind<EvalConfig> Kind { get; } = RunKind.Create<EvalConfig>("eval", Execute)
        .WithCost(TrainCost.Eval, TrainCost.EvalRate, TrainCost.EvalSecondsPerRun);

    static RunOutcome Execute(EvalConfig config, string dir, CancellationToken cancel)
    {
        string trainDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir))!, config.TrainKey);
        if (!File.Exists(Path.Combine(trainDir, SweepDirectory.ResultFile)))
            return RunOutcome.Failure($"training run {config.TrainKey} is not finished (no {Path.Combine(trainDir, SweepDirectory.ResultFile)})", retryable: true);
        if (!File.Exists(Path.Combine(trainDir, WeightsFile)))
            return RunOutcome.Failure($"training run {config.TrainKey} saved no weights ({Path.Combine(trainDir, WeightsFile)}; save_weights = none?)", retryable: false);
        cancel.ThrowIfCancellationRequested();
        var result = Evaluate(config, trainDir, Environment.GetEnvironmentVariable("EUMENTIA_DATA"), out double seconds);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(config, JsonDefaults.Options));
        var json = JsonSerializer.SerializeToNode(result, JsonDefaults.Options)!.AsObject();
        json.Insert(0, "status", "done");
        json.Insert(1, "train_key", config.TrainKey);
        json["seconds"] = seconds;
        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), json.ToJsonString(JsonDefaults.Options));
        return RunOutcome.Success;
    }

    const string WeightsFile = "weights.safetensors";

    /// <summary>The network of the training run in <paramref name="trainDir"/> evaluated as <paramref name="config"/> says.</summary>
    public static EvalResult Evaluate(EvalConfig config, string trainDir, string? dataDir, out double seconds)
    {
        var errors = config.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        var clock = Stopwatch.StartNew();
        string configPath = Path.Combine(trainDir, "config.json");
        TrainConfig train;
        try { train = JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(configPath), JsonDefaults.Options) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or IOException) { throw new EumentiaException($"{configPath}: unreadable ({e.Message})"); }
        var test = DataSources.LoadTest(train.Data, dataDir);
        var net = Mlp.Create(test.Features, train.Width, train.Depth, test.Classes, ActivationKernels.Parse(train.Activation));
        MlpWeights.Load(net, Path.Combine(trainDir, WeightsFile));
        var result = Evaluator.Evaluate(net, test, Losses.Parse(train.Loss), config.PEval, EvalModes.Parse(config.EvalMode), config.EvalDraws, train.Seed);
        seconds = clock.Elapsed.TotalSeconds;
        return result;
    }

    /// <summary>The evaluation an "eval" run wrote (its result.json).</summary>
    public static EvalResult Read(string runDir)
    {
        string path = Path.Combine(runDir, SweepDirectory.ResultFile);
        try { return JsonSerializer.Deserialize<EvalResult>(File.ReadAllText(path), JsonDefaults.Options) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or IOException) { throw new EumentiaException($"{path}: unreadable ({e.Message}); delete its run directory to run it again"); }
    }
}
