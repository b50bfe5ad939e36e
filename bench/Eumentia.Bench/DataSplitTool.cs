using System.Text.Json;
using Eumentia.Data;

namespace Eumentia.Bench;

/// <summary>
/// Writes Eumentia's split of a training file (the class-stratified validation block and the class-interleaved
/// order of the rest, whose first N examples are a run's training set) as JSON {"validation": [...], "order": [...]}
/// of indices into the file, for a peer script to train on exactly the examples Eumentia trains on.
/// </summary>
public sealed class DataSplitTool : IBenchTool
{
    public string Name => "data-split";
    public string Description => "Eumentia's validation block and training order of an IDX training file, as JSON for a peer";
    public string Usage => "--labels data/mnist-10k/train-labels-idx1-ubyte.gz --validation 1000 --data-seed 0 --out split.json";

    public int Run(BenchArgs args)
    {
        string labelsPath = args.String("labels", Path.Combine("data", "mnist-10k", "train-labels-idx1-ubyte.gz"));
        int validationSize = args.Int("validation", 1000);
        ulong dataSeed = (ulong)args.Int("data_seed", 0);
        string outPath = args.String("out", "");
        args.RejectUnknown();
        if (outPath.Length == 0) throw new ArgumentException("--out FILE is required");
        if (!File.Exists(labelsPath)) throw new ArgumentException($"--labels {labelsPath}: no such file");
        var labels = Idx.Read(labelsPath).Data;
        int classes = labels.Max() + 1;
        if (validationSize < 0 || validationSize >= labels.Length)
            throw new ArgumentException($"--validation {validationSize} must lie in [0, {labels.Length})");
        var validation = StratifiedSplit.Validation(labels, classes, validationSize);
        var order = StratifiedSplit.TrainingOrder(labels, classes, validation, dataSeed);
        File.WriteAllText(outPath, JsonSerializer.Serialize(new { validation, order }));
        Console.WriteLine($"data-split: {validation.Length} validation and {order.Length} training examples of {labelsPath} (data seed {dataSeed}) in {outPath}");
        return 0;
    }
}
