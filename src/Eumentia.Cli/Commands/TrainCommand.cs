using System.CommandLine;
using System.Globalization;
using Eumentia.Analysis.Statistics;
using Eumentia.Training;
using Spectre.Console;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia train`: one training run, evaluated at every p_eval.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var d = new TrainConfig();
        var cmd = new Command("train", "Train one MLP and evaluate it at every p_eval; writes config.json, metrics.csv, weights.safetensors, result.json.");
        var data = Opt("--data", d.Data, "Data set: mnist-10k (shipped), mnist, fashion-mnist, or your own: csv:FILE, npz:FILE, npy:DIR, idx:DIR.");
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the data set's files (else EUMENTIA_DATA or the default place)." };
        var n = Opt("--n", d.TrainSize, "Training-set size N (nested class-stratified subset); 0 = the whole pool.");
        var validation = Opt("--validation", d.ValidationSize, "Examples held out of the pool for validation.");
        var dataSeed = Opt("--data-seed", d.DataSeed, "Seed of the subset ordering.");
        var width = Opt("--width", d.Width, "Hidden-layer width.");
        var depth = Opt("--depth", d.Depth, "Number of hidden layers.");
        var activation = Opt("--activation", d.Activation, "relu, tanh, erf, hardtanh or linear.");
        var init = Opt("--init", d.Init, "Initialisation: he, glorot, pytorch or sigma (uses --sigma-w, --sigma-b).");
        var initFrom = Opt("--init-from", d.InitFrom, "Start from these weights (safetensors, Eumentia's or PyTorch nn.Sequential names) instead of --init.");
        var sigmaW = Opt("--sigma-w", d.SigmaW, "σ_w for --init sigma: W ~ N(0, σ_w²/fan_in).");
        var sigmaB = Opt("--sigma-b", d.SigmaB, "σ_b for --init sigma: b ~ N(0, σ_b²).");
        var pTrain = Opt("--p-train", d.PTrain, "Dropout rate on hidden units during training.");
        var pEval = new Option<string>("--p-eval") { Description = "Comma-separated dropout rates to evaluate at.", DefaultValueFactory = _ => "0" };
        var evalMode = Opt("--eval-mode", d.EvalMode, "mc (per-example masks, 1/(1-p) scaling), mc-noscale, or prune (fixed neuron mask).");
        var draws = Opt("--eval-draws", d.EvalDraws, "Mask draws K averaged per p_eval > 0.");
        var loss = Opt("--loss", d.Loss, "cross-entropy or mse.");
        var optimizer = Opt("--optimizer", d.Optimizer, "sgd or adam.");
        var lr = Opt("--lr", d.LearningRate, "Learning rate.");
        var momentum = Opt("--momentum", d.Momentum, "SGD momentum.");
        var wd = Opt("--weight-decay", d.WeightDecay, "L2 weight decay.");
        var schedule = Opt("--lr-schedule", d.LrSchedule, "constant, or cosine (decay to zero over the planned steps).");
        var batch = Opt("--batch", d.BatchSize, "Minibatch size.");
        var epochs = Opt("--epochs", d.Epochs, "Epochs (at least; see --min-steps).");
        var minSteps = Opt("--min-steps", d.MinSteps, "Lower bound on optimizer steps (more epochs for small N).");
        var patience = Opt("--patience", d.Patience, "Early stopping after this many epochs without a better validation loss (0 = off).");
        var validationCurve = Opt("--validation-curve", d.ValidationCurve, "Validate after every epoch even with --patience 0 (else only after the last).");
        var seed = Opt("--seed", d.Seed, "Seed of initialisation, data order and masks.");
        var saveWeights = Opt("--save-weights", d.SaveWeights, "final: write weights.safetensors; none: skip it.");
        saveWeights.AcceptOnlyFromAmong("final", "none");
        var divergence = Opt("--divergence-factor", d.DivergenceFactor, "Stop as diverged when a minibatch loss exceeds this many times its untrained value.");
        var threads = new Option<int?>("--threads") { Description = "Threads for the numeric kernels (default: all cores)." };
        var output = new Option<string>("--out") { Description = "Run directory to write.", DefaultValueFactory = _ => "runs/train" };
        foreach (var o in new Option[] { data, dataDir, n, validation, dataSeed, width, depth, activation, init, initFrom, sigmaW, sigmaB, pTrain, pEval, evalMode, draws,
                     loss, optimizer, lr, momentum, wd, schedule, batch, epochs, minSteps, patience, validationCurve, seed, divergence, saveWeights, threads, output })
            cmd.Add(o);

        cmd.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t) Numerics.Threading.Parallelism.MaxThreads = t >= 1 ? t : throw new UsageException($"--threads {t} must be at least 1");
            var config = new TrainConfig
            {
                Data = parse.GetValue(data)!, TrainSize = parse.GetValue(n), ValidationSize = parse.GetValue(validation), DataSeed = parse.GetValue(dataSeed),
                Width = parse.GetValue(width), Depth = parse.GetValue(depth), Activation = parse.GetValue(activation)!, Init = parse.GetValue(init)!, InitFrom = parse.GetValue(initFrom)!,
                SigmaW = parse.GetValue(sigmaW), SigmaB = parse.GetValue(sigmaB), PTrain = parse.GetValue(pTrain), PEval = ParseRates(parse.GetValue(pEval)!),
                EvalMode = parse.GetValue(evalMode)!, EvalDraws = parse.GetValue(draws), Loss = parse.GetValue(loss)!, Optimizer = parse.GetValue(optimizer)!,
                LearningRate = parse.GetValue(lr), Momentum = parse.GetValue(momentum), WeightDecay = parse.GetValue(wd), LrSchedule = parse.GetValue(schedule)!, BatchSize = parse.GetValue(batch),
                Epochs = parse.GetValue(epochs), MinSteps = parse.GetValue(minSteps), Patience = parse.GetValue(patience), ValidationCurve = parse.GetValue(validationCurve), Seed = parse.GetValue(seed),
                DivergenceFactor = parse.GetValue(divergence), SaveWeights = parse.GetValue(saveWeights)!,
            };
            var errors = config.Validate();
            if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
            var dir = parse.GetValue(output)!;
            if (string.IsNullOrWhiteSpace(dir)) throw new UsageException("--out '': give the run directory to write");
            var stdout = parse.InvocationConfiguration.Output;
            var result = ProgressOutput.Run(stdout, $"train {config.Width}x{config.Depth} N={config.TrainSize}", report =>
                TrainRun.Execute(config, dir, new TrainRunOptions(parse.GetValue(dataDir), (m, planned) =>
                    report(m.Epoch, planned, $"epoch {m.Epoch}/{planned}  train loss {m.TrainLoss:F4}" +
                        (double.IsNaN(m.ValidationLoss) ? "" : $"  val loss {m.ValidationLoss:F4}  val acc {m.ValidationAccuracy:P2}")))));
            stdout.WriteLine($"done in {result.Seconds:F1} s, {result.Steps} steps, best epoch {result.BestEpoch}; wrote {dir}/result.json");
            foreach (var e in result.Evaluations)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p_eval {e.PEval,-5} ({e.Mode}, K={e.Draws}): test loss {NumberText.WithError(e.Loss, e.LossStdErr)}, accuracy {e.Accuracy:P2}"));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static Option<T> Opt<T>(string name, T defaultValue, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    internal static double[] ParseRates(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p
            : throw new UsageException($"--p-eval: '{s}' is not a number")).ToArray();
}
