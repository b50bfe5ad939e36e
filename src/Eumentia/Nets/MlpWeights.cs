using Eumentia.IO;

namespace Eumentia.Nets;

/// <summary>
/// Saves and loads an MLP's parameters as safetensors with PyTorch nn.Linear names and layouts:
/// "layers.{l}.weight" [out, in], "layers.{l}.bias" [out], and, where present, "layers.{l}.weight_mask"
/// (pruning, 0/1) and "layers.{l}.learnable_mask" (0/1).
/// </summary>
public static class MlpWeights
{
    public static void Save(Mlp net, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = new List<Tensor>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var d = net.Layers[l];
            tensors.Add(new Tensor($"layers.{l}.weight", [d.Outputs, d.Inputs], d.Weight.ToArray()));
            tensors.Add(new Tensor($"layers.{l}.bias", [d.Outputs], (float[])d.Bias.Clone()));
            if (d.WeightMask is not null) tensors.Add(new Tensor($"layers.{l}.weight_mask", [d.Outputs, d.Inputs], d.WeightMask));
            if (d.LearnableMask is not null) tensors.Add(new Tensor($"layers.{l}.learnable_mask", [d.Outputs, d.Inputs], d.LearnableMask));
        }
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["activation"] = ActivationKernels.Name(net.Activation),
            ["sizes"] = string.Join(",", new[] { net.Inputs }.Concat(net.Layers.Select(d => d.Outputs))),
        };
        SafeTensors.Write(path, tensors, meta);
    }

    /// <summary>Loads parameters into <paramref name="net"/>; shapes must match.</summary>
    public static void Load(Mlp net, string path)
    {
        var t = SafeTensors.Read(path);
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var d = net.Layers[l];
            var w = Get(t, path, $"layers.{l}.weight", d.Outputs * d.Inputs);
            var b = Get(t, path, $"layers.{l}.bias", d.Outputs);
            w.CopyTo(d.Weight.Span);
            b.CopyTo(d.Bias, 0);
            d.SetWeightMask(t.TryGetValue($"layers.{l}.weight_mask", out var wm) ? wm.Data : null);
            d.SetLearnableMask(t.TryGetValue($"layers.{l}.learnable_mask", out var lm) ? lm.Data : null);
        }
    }

    static float[] Get(IReadOnlyDictionary<string, Tensor> t, string path, string name, int count)
    {
        if (!t.TryGetValue(name, out var tensor)) throw new EumentiaException($"{path}: missing tensor {name}");
        if (tensor.Data.Length != count) throw new EumentiaException($"{path}: tensor {name} has {tensor.Data.Length} values, the network needs {count}");
        return tensor.Data;
    }
}
