using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eumentia.Analysis.Statistics;
using Eumentia.Data;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Sweeps.Collect;
using Eumentia.Training;

namespace Eumentia.Cli.Commands;

/// <summary>
/// `eumentia eval`: saved weights (Eumentia's or a PyTorch nn.Sequential state_dict in safetensors) on a data
/// source's test set or on an inputs file, at any p_eval, eval mode and number of mask draws; metrics to
/// eval.csv and stdout, and per-example logits and probabilities (CSV or NPY) when asked. A config.json beside
/// the weights (a training run's directory) supplies data, loss, activation, seed and evaluation settings
/// that the options do not give.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var cmd = new Command("eval", "Evaluate saved weights on a data set's test split or on an inputs file; write metrics and, if asked, per-example logits and probabilities.");
        var weights = new Option<string>("--weights") { Description = "Weights file (.safetensors): Eumentia's layers.L.* or PyTorch nn.Sequential names (detected).", Required = true };
        var data = new Option<string?>("--data") { Description = "Data source whose test split to evaluate on (default: the run's, from config.json beside the weights)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding a built-in data set's files." };
        var inputs = new Option<string?>("--inputs") { Description = "Inputs to predict instead of a test split: a .npy of examples × features (no labels, so no metrics)." };
        var pEval = new Option<string?>("--p-eval") { Description = "Comma-separated dropout rates (default: the run's, else 0)." };
        var mode = new Option<string?>("--eval-mode") { Description = "mc, mc-noscale or prune (default: the run's, else mc)." };
        var draws = new Option<int?>("--eval-draws") { Description = "Mask draws K averaged per p_eval > 0 (default: the run's, else 4)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the masks (default: the run's, else 0)." };
        var loss = new Option<string?>("--loss") { Description = "cross-entropy or mse (default: the run's, else cross-entropy)." };
        var activation = new Option<string?>("--activation") { Description = "The network's activation when the weights file does not say (PyTorch files)." };
        var names = new Option<string?>("--names") { Description = "Tensor names in the weights file: eumentia or torch (default: detected)." };
        var predictions = new Option<string?>("--predictions") { Description = "Also write per-example logits and probabilities: csv (predictions.csv) or npy (logits.npy, probabilities.npy: p_eval × examples × classes)." };
        var output = new Option<string>("--out") { Description = "Directory to write eval.csv (and predictions) into.", DefaultValueFactory = _ => "runs/eval" };
        foreach (var o in new Option[] { weights, data, dataDir, inputs, pEval, mode, draws, seed, loss, activation, names, predictions, output })
            cmd.Add(o);

        cmd.SetAction(parse =>
        {
            string weightsPath = parse.GetValue(weights)!;
            if (!File.Exists(weightsPath)) throw new UsageException($"--weights {weightsPath}: file not found");
            var run = RunConfig(weightsPath);
            string? format = parse.GetValue(predictions);
            if (format is not (null or "csv" or "npy")) throw new UsageException($"--predictions '{format}': expected csv or npy");
            string? inputsPath = parse.GetValue(inputs);
            string? dataName = parse.GetValue(data) ?? (inputsPath is null ? run?.Data : null);
            if (inputsPath is not null && parse.GetValue(data) is not null) throw new UsageException("--inputs and --data exclude each other");
            if (inputsPath is null && dataName is null) throw new UsageException("say what to evaluate on: --data SOURCE or --inputs FILE.npy (no config.json beside the weights)");
            var rates = parse.GetValue(pEval) is { } text ? TrainCommand.ParseRates(text) : run?.PEval ?? [0.0];
            var evalMode = EvalModes.Parse(parse.GetValue(mode) ?? run?.EvalMode ?? "mc");
            int k = parse.GetValue(draws) ?? run?.EvalDraws ?? 4;
            if (k < 1) throw new UsageException($"--eval-draws {k} must be at least 1");
            ulong maskSeed = parse.GetValue(seed) ?? run?.Seed ?? 0;
            var lossKind = Losses.Parse(parse.GetValue(loss) ?? run?.Loss ?? "cross-entropy");
            var naming = parse.GetValue(names) is { } n ? WeightNamings.Parse(n) : (WeightNames?)null;
            foreach (var p in rates) if (p is < 0 or >= 1) throw new UsageException($"--p-eval {p} is outside [0, 1)");

            var file = MlpWeights.Read(weightsPath, naming);
            var net = MlpWeights.Create(file, parse.GetValue(activation) ?? (file.Activation is null ? run?.Activation : null));
            LabeledData set = inputsPath is not null ? Inputs(inputsPath, net) : DataSources.LoadTest(dataName!, parse.GetValue(dataDir));
            bool labelled = inputsPath is null;

            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            var stdout = parse.InvocationConfiguration.Output;
            var results = new List<(EvalResult Result, ExampleOutputs Outputs)>();
            foreach (var p in rates)
                results.Add(Evaluator.EvaluateWithOutputs(net, set, lossKind, p, evalMode, k, maskSeed));
            stdout.WriteLine($"{Path.GetFileName(weightsPath)} ({file.Names} names, layer sizes {string.Join("-", file.Sizes)}) on {(labelled ? dataName : inputsPath)}: {set.Count} examples");
            if (labelled)
            {
                WriteMetrics(Path.Combine(dir, "eval.csv"), results.Select(r => r.Result), set.Count);
                foreach (var (e, _) in results)
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  p_eval {e.PEval,-5} ({e.Mode}, K={e.Draws}): test loss {NumberText.WithError(e.Loss, e.LossStdErr)}, accuracy {e.Accuracy:P2}"));
            }
            if (format == "csv") WritePredictionsCsv(Path.Combine(dir, "predictions.csv"), results, set, labelled);
            else if (format == "npy")
            {
                int count = set.Count, classes = net.Outputs;
                Npy.Write(Path.Combine(dir, "logits.npy"), [rates.Length, count, classes], results.SelectMany(r => r.Outputs.Logits).ToArray());
                Npy.Write(Path.Combine(dir, "probabilities.npy"), [rates.Length, count, classes], results.SelectMany(r => r.Outputs.Probabilities).ToArray());
                if (labelled) Npy.Write(Path.Combine(dir, "labels.npy"), [count], set.Y);
            }
            stdout.WriteLine($"wrote {dir}/{(labelled ? "eval.csv" : "")}{(format is null ? "" : (labelled ? " and " : "") + (format == "csv" ? "predictions.csv" : "logits.npy, probabilities.npy"))}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The training config in the weights' directory, if there is one.</summary>
    static TrainConfig? RunConfig(string weightsPath)
    {
        string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weightsPath))!, "config.json");
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(path), JsonDefaults.Options); }
        catch (JsonException) { return null; } // not a training run's config (another study's): no defaults from it
    }

    static LabeledData Inputs(string path, Mlp net)
    {
        if (!path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--inputs {path}: expected a .npy file of examples × features");
        var x = Npy.ReadArray(path);
        if (x.Shape.Count < 2) throw new UsageException($"--inputs {path}: shape ({string.Join(", ", x.Shape)}) is not examples × features");
        int count = x.Shape[0], features = (int)(x.Count / Math.Max(1, count));
        if (features != net.Inputs) throw new UsageException($"--inputs {path}: {features} features per example, the network takes {net.Inputs}");
        var values = x.ToFloats();
        if (x.IsBytes) for (int i = 0; i < values.Length; i++) values[i] /= 255f;
        return new LabeledData(path, count, features, net.Outputs, values, new byte[count]);
    }

    /// <summary>eval.csv: one row per p_eval, in the column convention of results.csv (docs/columns.json).</summary>
    static void WriteMetrics(string path, IEnumerable<EvalResult> results, int examples)
    {
        CsvTable.WriteValues(path, ["p_eval", "eval_mode", "eval_draws", "test_examples", "test_loss", "test_loss_se", "test_accuracy", "test_accuracy_se"],
            results.Select(e => new object?[] { e.PEval, e.Mode, e.Draws, examples, e.Loss, e.LossStdErr, e.Accuracy, e.AccuracyStdErr }));
    }

    /// <summary>predictions.csv: one row per p_eval and example with its label, predicted class, logits and probabilities.</summary>
    static void WritePredictionsCsv(string path, List<(EvalResult Result, ExampleOutputs Outputs)> results, LabeledData set, bool labelled)
    {
        int classes = results[0].Outputs.Classes;
        var header = new List<string> { "p_eval", "example" };
        if (labelled) header.Add("label");
        header.Add("predicted");
        header.AddRange(Enumerable.Range(0, classes).Select(c => $"logit_{c}"));
        header.AddRange(Enumerable.Range(0, classes).Select(c => $"probability_{c}"));
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
            CsvTable.WriteRecord(writer, header);
            static string F(float v) => CsvTable.Cell(v);
            foreach (var (result, outputs) in results)
                for (int i = 0; i < set.Count; i++)
                {
                    var logits = outputs.Logits.AsSpan(i * classes, classes);
                    var probs = outputs.Probabilities.AsSpan(i * classes, classes);
                    int predicted = 0;
                    for (int c = 1; c < classes; c++) if (probs[c] > probs[predicted]) predicted = c;
                    var row = new List<string> { CsvTable.Format(result.PEval), i.ToString(CultureInfo.InvariantCulture) };
                    if (labelled) row.Add(set.Y[i].ToString(CultureInfo.InvariantCulture));
                    row.Add(predicted.ToString(CultureInfo.InvariantCulture));
                    foreach (float v in logits) row.Add(F(v));
                    foreach (float v in probs) row.Add(F(v));
                    CsvTable.WriteRecord(writer, row);
                }
        });
    }
}
