using System.Diagnostics;
using System.Text.Json;
using Eumentia.Data;
using Eumentia.IO;
using Eumentia.Nets;

namespace Eumentia.Training;

/// <summary>Where a run finds its data and whom it tells about progress; not part of the run's identity.</summary>
public sealed record TrainRunOptions(string? DataDir = null, Action<EpochMetrics, int>? OnEpoch = null, bool SaveWeights = true);

/// <summary>
/// One complete run of a <see cref="TrainConfig"/>: load data, build and train the network, evaluate it at
/// every p_eval, and write config.json, metrics.csv, weights.safetensors and (last, as the mark of a finished
/// run) result.json into the run directory, each atomically.
/// </summary>
public static class TrainRun
{
    public static TrainResult Execute(TrainConfig config, string runDir, TrainRunOptions? options = null, CancellationToken cancel = default)
    {
        options ??= new TrainRunOptions();
        var errors = config.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        // A user's data and initial weights are recorded by absolute path and content hash (and refused if
        // they changed since a sweep planned the run).
        config = (TrainConfig)config.Pinned();
        var clock = Stopwatch.StartNew();
        var data = DataSources.Load(config.Data, config.TrainSize, config.ValidationSize, config.DataSeed, options.DataDir);
        new ModelSize(data.Train.Features, config.Width, config.Depth, data.Train.Classes).EnsureFits(ModelSize.AvailableBytes());

        var net = Mlp.Create(data.Train.Features, config.Width, config.Depth, data.Train.Classes, ActivationKernels.Parse(config.Activation));
        if (config.InitFrom.Length > 0) MlpWeights.Load(net, config.InitFrom);
        else net.Initialize(Initialization.Parse(config.Init), config.SigmaW, config.SigmaB, config.Seed);

        // Nothing is written before the run is known to be possible. A directory reused from another run stops
        // looking finished at once: its result and weights are removed before this run's config is written.
        Directory.CreateDirectory(runDir);
        foreach (var stale in new[] { "result.json", "weights.safetensors", "metrics.csv" }) File.Delete(Path.Combine(runDir, stale));
        AtomicFile.WriteAllText(Path.Combine(runDir, "config.json"), JsonSerializer.Serialize(config, JsonDefaults.Options));

        var settings = Settings(config);
        int epochsPlanned = TrainConfig.PlannedEpochs(config.Epochs, config.MinSteps, StepsPerEpoch(data.Train.Count, config.BatchSize));

        // metrics.csv grows by one appended line per epoch, flushed but not fsynced: no rewrite and no fsync per
        // epoch for a shared file system's metadata server to absorb. A line torn by a kill is harmless: the
        // run has no result then, and its next attempt starts the file anew.
        var metricsPath = Path.Combine(runDir, "metrics.csv");
        File.WriteAllText(metricsPath, "epoch,steps,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds\n");
        var outcome = Trainer.Train(net, data.Train, data.Validation, settings, m =>
        {
            File.AppendAllText(metricsPath, string.Join(",", new object[] { m.Epoch, m.Steps, m.TrainLoss, m.TrainAccuracy, m.ValidationLoss, m.ValidationAccuracy, m.Seconds }
                .Select(CsvTable.Cell)) + "\n");
            options.OnEpoch?.Invoke(m, epochsPlanned);
        }, cancel);

        var loss = Losses.Parse(config.Loss);
        var mode = EvalModes.Parse(config.EvalMode);
        var evals = Evaluator.EvaluateAll(net, data.Test, loss, config.PEval, mode, config.EvalDraws, config.Seed);
        if (options.SaveWeights && config.SaveWeights == "final") MlpWeights.Save(net, Path.Combine(runDir, "weights.safetensors"));

        var best = outcome.History.First(h => h.Epoch == outcome.BestEpoch);
        var result = new TrainResult("done", data.Train.Count, outcome.Steps, outcome.History.Count, outcome.BestEpoch, outcome.StoppedEarly,
            clock.Elapsed.TotalSeconds, best.TrainLoss, best.ValidationLoss, best.ValidationAccuracy, evals);
        AtomicFile.WriteAllText(Path.Combine(runDir, "result.json"), JsonSerializer.Serialize(result, JsonDefaults.Options));
        return result;
    }

    public static TrainSettings Settings(TrainConfig c) => new(Losses.Parse(c.Loss), Optimizer.Parse(c.Optimizer), c.LearningRate, c.Momentum,
        c.WeightDecay, c.BatchSize, c.Epochs, c.MinSteps, c.Patience, c.PTrain, c.Seed) { Schedule = LearningRateSchedules.Parse(c.LrSchedule), DivergenceFactor = c.DivergenceFactor, ValidationCurve = c.ValidationCurve };

    static int StepsPerEpoch(int n, int batch) => Math.Max(1, (n + Math.Min(batch, n) - 1) / Math.Max(1, Math.Min(batch, n)));
}
