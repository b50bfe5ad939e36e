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
/// The evaluation branches of one trained net form a batch (<see cref="RunKind.BatchKey"/>: the training key): a
/// worker executes them together, loading the net and its test set once and evaluating every p_eval of one mode and
/// draw count in one pass (<see cref="Evaluator.EvaluateAll"/>, bit for bit what separate evaluations give), and
/// each run still writes its own files; its "seconds" is then its share of the batch's time.
/// </summary>
public static class EvalRunKind
{
    public static RunKind<EvalConfig> Kind { get; } = RunKind.Create<EvalConfig>("eval", Execute)
        .WithBatches(config => config.TrainKey, ExecuteBatch)
        .WithCost(TrainCost.Eval, TrainCost.EvalRate, TrainCost.EvalSecondsPerRun);

    static RunOutcome Execute(EvalConfig config, string dir, CancellationToken cancel)
    {
        RunOutcome? outcome = null;
        ExecuteBatch([new BatchedRun<EvalConfig>(config, dir)], (_, o) => outcome = o, cancel);
        return outcome!;
    }

    static void ExecuteBatch(IReadOnlyList<BatchedRun<EvalConfig>> runs, Action<int, RunOutcome> finished, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        double reported = 0;
        var valid = new List<int>();
        for (int i = 0; i < runs.Count; i++)
        {
            var errors = runs[i].Config.Validate();
            if (errors.Count > 0) finished(i, RunOutcome.Failure(string.Join("; ", errors), retryable: false)); // fails the same way every time
            else valid.Add(i);
        }
        foreach (var net in valid.GroupBy(i => runs[i].Config.TrainKey))
        {
            string trainKey = net.Key;
            string trainDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runs[net.First()].RunDirectory))!, trainKey);
            RunOutcome? refused = !File.Exists(Path.Combine(trainDir, SweepDirectory.ResultFile))
                ? RunOutcome.Failure($"training run {trainKey} is not finished (no {Path.Combine(trainDir, SweepDirectory.ResultFile)})", retryable: true)
                : !File.Exists(Path.Combine(trainDir, WeightsFile))
                    ? RunOutcome.Failure($"training run {trainKey} saved no weights ({Path.Combine(trainDir, WeightsFile)}; save_weights = none?)", retryable: false)
                    : null;
            if (refused is not null)
            {
                foreach (int i in net) finished(i, refused);
                continue;
            }
            cancel.ThrowIfCancellationRequested();
            var (mlp, test, train) = Load(trainDir, Environment.GetEnvironmentVariable("EUMENTIA_DATA"));
            foreach (var settings in net.GroupBy(i => (runs[i].Config.EvalMode, runs[i].Config.EvalDraws)))
            {
                cancel.ThrowIfCancellationRequested();
                var members = settings.ToList();
                var results = Evaluator.EvaluateAll(mlp, test, Losses.Parse(train.Loss), [.. members.Select(i => runs[i].Config.PEval)],
                    EvalModes.Parse(settings.Key.EvalMode), settings.Key.EvalDraws, train.Seed);
                double now = clock.Elapsed.TotalSeconds, share = (now - reported) / members.Count;
                reported = now;
                foreach (var (i, result) in members.Zip(results))
                {
                    Write(runs[i], result, share);
                    finished(i, RunOutcome.Success);
                }
            }
        }
    }

    // config.json, then result.json last and atomically: a run killed between the two has no result and runs again.
    static void Write(BatchedRun<EvalConfig> run, EvalResult result, double seconds)
    {
        Directory.CreateDirectory(run.RunDirectory);
        AtomicFile.WriteAllText(Path.Combine(run.RunDirectory, "config.json"), JsonSerializer.Serialize(run.Config, JsonDefaults.Options));
        var json = JsonSerializer.SerializeToNode(result, JsonDefaults.Options)!.AsObject();
        json.Insert(0, "status", "done");
        json.Insert(1, "train_key", run.Config.TrainKey);
        json["seconds"] = seconds;
        AtomicFile.WriteAllText(Path.Combine(run.RunDirectory, SweepDirectory.ResultFile), json.ToJsonString(JsonDefaults.Options));
    }

    const string WeightsFile = "weights.safetensors";

    /// <summary>The network of the training run in <paramref name="trainDir"/>, its test set and its training config.</summary>
    static (Mlp Net, LabeledData Test, TrainConfig Train) Load(string trainDir, string? dataDir)
    {
        string configPath = Path.Combine(trainDir, "config.json");
        TrainConfig train;
        try { train = JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(configPath), JsonDefaults.Options) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or IOException) { throw new EumentiaException($"{configPath}: unreadable ({e.Message})"); }
        var test = DataSources.LoadTest(train.Data, dataDir);
        var net = Mlp.Create(test.Features, train.Width, train.Depth, test.Classes, ActivationKernels.Parse(train.Activation));
        MlpWeights.Load(net, Path.Combine(trainDir, WeightsFile));
        return (net, test, train);
    }

    /// <summary>The evaluation an "eval" run wrote (its result.json).</summary>
    public static EvalResult Read(string runDir)
    {
        string path = Path.Combine(runDir, SweepDirectory.ResultFile);
        try { return JsonSerializer.Deserialize<EvalResult>(File.ReadAllText(path), JsonDefaults.Options) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or IOException) { throw new EumentiaException($"{path}: unreadable ({e.Message}); delete its run directory to run it again"); }
    }
}
