using System.Text.Json.Nodes;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Training;

/// <summary>
/// The names result.json used before the column convention (python/eumentia/columns.json): `eumentia collect` and the
/// studies that reuse finished runs read old run directories through this map.
/// </summary>
public static class TrainResultNames
{
    /// <summary>Old name → current name (top level and evaluation entries).</summary>
    public static readonly IReadOnlyDictionary<string, string> Legacy = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["train_size"] = "train_examples",
        ["loss"] = "test_loss",
        ["loss_std_err"] = "test_loss_se",
        ["accuracy"] = "test_accuracy",
        ["accuracy_std_err"] = "test_accuracy_se",
        ["mode"] = "eval_mode",
        ["draws"] = "mask_draws",
    };

    /// <summary>Reads a result.json written under either naming.</summary>
    public static TrainResult? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Rename(root);
        if (root["evaluations"] is JsonArray evaluations)
            foreach (var entry in evaluations.OfType<JsonObject>()) Rename(entry);
        return root.Deserialize<TrainResult>(JsonDefaults.Options);
    }

    static void Rename(JsonObject node)
    {
        foreach (var (old, current) in Legacy)
            if (node[old] is { } value && !node.ContainsKey(current))
            {
                node.Remove(old);
                node[current] = value;
            }
    }
}
