using System.Diagnostics;
using Eumentia.Data;
using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Training;

/// <summary>The training loop's knobs, parsed from a <see cref="TrainConfig"/>.</summary>
/// <param name="StartStep">Resume the schedule at this step: the loop skips the first StartStep minibatches of the data
/// order (and draws the dropout masks of the later steps), as lottery-ticket rewinding to step k needs. The optimizer
/// starts fresh. 0 trains the whole schedule.</param>
public sealed record TrainSettings(LossKind Loss, OptimizerKind Optimizer, double LearningRate, double Momentum, double WeightDecay,
    int BatchSize, int Epochs, int MinSteps, int Patience, double PTrain, ulong Seed, long StartStep = 0)
{
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>See <see cref="TrainConfig.DivergenceFactor"/>.</summary>
    public double DivergenceFactor { get; init; } = Trainer.DefaultDivergenceFactor;

    /// <summary>See <see cref="TrainConfig.ValidationCurve"/>: validate after every epoch even when nothing stops early.</summary>
    public bool ValidationCurve { get; init; }
}

/// <summary>A run whose loss stopped being finite or grew far past its untrained value.</summary>
public sealed class TrainingDivergedException(string message) : EumentiaException(message);

/// <summary>What a finished training returns: the per-epoch history and the epoch whose weights were kept.</summary>
public sealed record TrainOutcome(IReadOnlyList<EpochMetrics> History, int BestEpoch, long Steps, bool StoppedEarly);

/// <summary>
/// Minibatch training with per-epoch shuffling, train-time dropout, validation and early stopping. Every
/// random draw (shuffles, masks) comes from the run seed through Philox, so runs repeat bit for bit.
/// The validation set is evaluated after every epoch when early stopping reads it (patience &gt; 0) or
/// <see cref="TrainSettings.ValidationCurve"/> asks for the curve, otherwise after the last epoch only: a
/// fixed-step protocol on a small N runs hundreds of one-step epochs, and a validation pass per epoch would then
/// cost more than the training itself. Validation draws nothing at random, so skipping it changes no weight.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Far above anything training does by itself: cross-entropy starts near ln(classes) and a learning rate too
    /// high for stable descent takes it to 10³⁰ within a few steps, while healthy runs stay below a few times the start.
    /// </summary>
    public const double DefaultDivergenceFactor = 100;

    /// <param name="onStep">Called after every optimizer step with the number of steps done so far (the weights are then
    /// those "at step k"); e.g. to keep the rewind point of a lottery ticket.</param>
    public static TrainOutcome Train(Mlp net, LabeledData train, LabeledData? validation, TrainSettings s,
        Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default, Action<long>? onStep = null)
    {
        if (train.Count == 0) throw new UsageException("the training set is empty");
        int n = train.Count, f = train.Features, c = train.Classes;
        int batch = Math.Min(s.BatchSize, n);
        int stepsPerEpoch = (n + batch - 1) / batch;
        int epochs = TrainConfig.PlannedEpochs(s.Epochs, s.MinSteps, stepsPerEpoch);
        var optimizer = Optimizer.Create(s.Optimizer, net, s.LearningRate, s.Momentum, s.WeightDecay);
        var xb = new float[batch * f];
        var yb = new byte[batch];
        var grad = new float[batch * c];
        var history = new List<EpochMetrics>();
        var clock = Stopwatch.StartNew();
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, sinceBest = 0;
        float[][]? bestWeights = null;
        if (s.StartStep < 0 || s.StartStep > (long)epochs * stepsPerEpoch)
            throw new UsageException($"start step {s.StartStep} lies outside the schedule's {(long)epochs * stepsPerEpoch} steps");
        long step = s.StartStep;
        bool stoppedEarly = false;
        double divergenceBound = double.NaN; // set from the first minibatch's loss

        for (int epoch = (int)(s.StartStep / stepsPerEpoch) + 1; epoch <= epochs; epoch++)
        {
            var order = Philox.Permutation(s.Seed, RngStream.Of(RngStream.Shuffle, epoch), n);
            double lossSum = 0;
            int correctSum = 0, seen = 0;
            int firstStart = epoch == s.StartStep / stepsPerEpoch + 1 ? (int)(s.StartStep % stepsPerEpoch) * batch : 0;
            for (int start = firstStart; start < n; start += batch)
            {
                cancel.ThrowIfCancellationRequested();
                int b = Math.Min(batch, n - start);
                for (int r = 0; r < b; r++)
                {
                    int idx = order[start + r];
                    train.X.AsSpan(idx * f, f).CopyTo(xb.AsSpan(r * f, f));
                    yb[r] = train.Y[idx];
                }
                var pass = s.PTrain > 0
                    ? new DropoutPass(MaskKind.PerExample, s.PTrain, true, s.Seed, RngStream.Dropout, step, 0)
                    : DropoutPass.Off;
                optimizer.LearningRate = LearningRateSchedules.At(s.Schedule, s.LearningRate, step, (long)epochs * stepsPerEpoch);
                var logits = net.Forward(xb, b, pass);
                double loss = Losses.Evaluate(s.Loss, logits, yb.AsSpan(0, b), b, c, grad.AsSpan(0, b * c), out int correct);
                if (!double.IsFinite(loss))
                    throw new TrainingDivergedException($"diverged: training loss became {loss} at epoch {epoch}, step {step + 1} (learning rate {s.LearningRate} too high?)");
                if (double.IsNaN(divergenceBound)) divergenceBound = s.DivergenceFactor * Math.Max(loss, 1);
                else if (loss > divergenceBound)
                    throw new TrainingDivergedException($"diverged: training loss {loss:G4} at epoch {epoch}, step {step + 1} exceeds {s.DivergenceFactor:G4} x its untrained value " +
                                                        $"(divergence_factor; bound {divergenceBound:G4}); learning rate {s.LearningRate} too high?");
                net.Backward(xb, grad.AsSpan(0, b * c));
                optimizer.Step(net);
                lossSum += loss * b;
                correctSum += correct;
                seen += b;
                step++;
                onStep?.Invoke(step);
            }

            double valLoss = double.NaN, valAcc = double.NaN;
            if (validation is { Count: > 0 } && (s.Patience > 0 || s.ValidationCurve || epoch == epochs))
            {
                var v = Evaluator.Evaluate(net, validation, s.Loss, 0, EvalMode.Mc, 1, s.Seed);
                (valLoss, valAcc) = (v.Loss, v.Accuracy);
            }
            var m = new EpochMetrics(epoch, step, lossSum / seen, (double)correctSum / seen, valLoss, valAcc, clock.Elapsed.TotalSeconds);
            history.Add(m);
            onEpoch?.Invoke(m);

            if (s.Patience > 0 && validation is { Count: > 0 })
            {
                if (valLoss < bestLoss)
                {
                    bestLoss = valLoss;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    bestWeights = Snapshot(net);
                }
                else if (++sinceBest >= s.Patience)
                {
                    stoppedEarly = true;
                    break;
                }
            }
            else bestEpoch = epoch;
        }
        if (bestWeights is not null && bestEpoch != history[^1].Epoch) Restore(net, bestWeights);
        return new TrainOutcome(history, bestEpoch, step, stoppedEarly);
    }

    static float[][] Snapshot(Mlp net) =>
        net.Layers.SelectMany(d => new[] { d.Weight.ToArray(), (float[])d.Bias.Clone() }).ToArray();

    static void Restore(Mlp net, float[][] saved)
    {
        for (int l = 0; l < net.Layers.Count; l++)
        {
            saved[2 * l].CopyTo(net.Layers[l].Weight.Span);
            saved[2 * l + 1].CopyTo(net.Layers[l].Bias, 0);
        }
    }
}
