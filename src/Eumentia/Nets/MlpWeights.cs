using System.Globalization;
using System.Text.RegularExpressions;
using Eumentia.IO;

namespace Eumentia.Nets;

/// <summary>One linear layer's parameters as read from a weights file: W [out, in] row-major, b [out], optional masks.</summary>
public sealed record LayerWeights(int Inputs, int Outputs, float[] Weight, float[] Bias, float[]? WeightMask, float[]? LearnableMask);

/// <summary>A weights file's layers in order, the naming it used, and the activation its metadata names (null if none).</summary>
public sealed record MlpWeightsFile(string Path, WeightNames Names, IReadOnlyList<LayerWeights> Layers, string? Activation)
{
    /// <summary>Layer widths from input to output, e.g. [784, 256, 256, 10].</summary>
    public IReadOnlyList<int> Sizes => Layers.Select(l => l.Inputs).Append(Layers[^1].Outputs).ToArray();
}

/// <summary>
/// Saves and loads an MLP's parameters as safetensors with PyTorch nn.Linear layouts under either naming
/// (<see cref="WeightNames"/>); loading detects which one a file uses, so a state_dict saved from a PyTorch
/// <c>nn.Sequential</c> (<c>safetensors.torch.save_file(model.state_dict(), path)</c>) loads as it is.
/// </summary>
public static partial class MlpWeights
{
    public static void Save(Mlp net, string path, IReadOnlyDictionary<string, string>? metadata = null, WeightNames names = WeightNames.Eumentia)
    {
        var tensors = new List<Tensor>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var d = net.Layers[l];
            // Pruned weights are held at zero in Weight itself (ApplyWeightMask), so torch's plain Linear gets the same function.
            string prefix = names == WeightNames.Torch ? $"{2 * l}" : $"layers.{l}";
            tensors.Add(new Tensor($"{prefix}.weight", [d.Outputs, d.Inputs], d.Weight.ToArray()));
            tensors.Add(new Tensor($"{prefix}.bias", [d.Outputs], (float[])d.Bias.Clone()));
            if (names == WeightNames.Torch) continue;
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

    /// <summary>Reads a weights file under either naming (detected); every tensor must belong to a layer.</summary>
    /// <exception cref="EumentiaException">Unreadable, or not a stack of linear layers whose shapes chain.</exception>
    public static MlpWeightsFile Read(string path, WeightNames? names = null)
    {
        if (!File.Exists(path)) throw new EumentiaException($"{path}: weights file not found");
        var (tensors, metadata) = SafeTensors.ReadWithMetadata(path);
        var detected = names ?? (tensors.Keys.Any(k => EumentiaName().IsMatch(k)) ? WeightNames.Eumentia : WeightNames.Torch);
        var pattern = detected == WeightNames.Eumentia ? EumentiaName() : TorchName();
        var byLayer = new SortedDictionary<(string Prefix, int Index), Dictionary<string, Tensor>>();
        foreach (var (name, tensor) in tensors)
        {
            var m = pattern.Match(name);
            if (!m.Success)
                throw new EumentiaException($"{path}: tensor '{name}' is not a linear layer's weight or bias under {WeightNamings.Name(detected)} names "
                                            + (detected == WeightNames.Eumentia ? "(layers.L.weight, layers.L.bias)" : "(e.g. 0.weight, 0.bias, 2.weight as nn.Sequential names them)"));
            var key = (m.Groups["prefix"].Value, int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture));
            if (!byLayer.TryGetValue(key, out var parts)) byLayer[key] = parts = new(StringComparer.Ordinal);
            parts[m.Groups["part"].Value] = tensor;
        }
        if (byLayer.Count == 0) throw new EumentiaException($"{path}: no layers in the file");
        if (byLayer.Keys.Select(k => k.Prefix).Distinct().Count() > 1)
            throw new EumentiaException($"{path}: layers under several prefixes ({string.Join(", ", byLayer.Keys.Select(k => k.Prefix).Distinct().Select(p => $"'{p}'"))}); expected one stack");

        var layers = new List<LayerWeights>();
        foreach (var ((prefix, index), parts) in byLayer)
        {
            string layer = $"{prefix}{index}";
            var w = parts.GetValueOrDefault("weight") ?? throw new EumentiaException($"{path}: layer {layer} has no weight");
            var b = parts.GetValueOrDefault("bias") ?? throw new EumentiaException($"{path}: layer {layer} has no bias (Linear(bias=False) is not supported)");
            if (w.Shape.Length != 2) throw new EumentiaException($"{path}: {layer}.weight has shape [{string.Join(", ", w.Shape)}], expected [out, in]");
            int outputs = w.Shape[0], inputs = w.Shape[1];
            if (b.Shape is not [var bo] || bo != outputs) throw new EumentiaException($"{path}: {layer}.bias has shape [{string.Join(", ", b.Shape)}], expected [{outputs}]");
            if (layers.Count > 0 && layers[^1].Outputs != inputs)
                throw new EumentiaException($"{path}: {layer}.weight takes {inputs} inputs but the layer before gives {layers[^1].Outputs}");
            float[]? Mask(string part) => parts.GetValueOrDefault(part) is { } t
                ? t.Data.Length == w.Data.Length ? t.Data : throw new EumentiaException($"{path}: {layer}.{part} has {t.Data.Length} values, the weight {w.Data.Length}")
                : null;
            layers.Add(new LayerWeights(inputs, outputs, w.Data, b.Data, Mask("weight_mask"), Mask("learnable_mask")));
        }
        return new MlpWeightsFile(path, detected, layers, metadata.GetValueOrDefault("activation"));
    }

    /// <summary>A network built from a weights file; <paramref name="activation"/> overrides (or, for a file without metadata, supplies) the activation.</summary>
    public static Mlp Create(MlpWeightsFile file, string? activation = null)
    {
        string name = activation ?? file.Activation
            ?? throw new UsageException($"{file.Path}: the file does not say which activation the network uses; give --activation");
        var net = new Mlp(file.Sizes, ActivationKernels.Parse(name));
        Load(net, file);
        return net;
    }

    /// <summary>Loads parameters into <paramref name="net"/>; shapes must match.</summary>
    public static void Load(Mlp net, string path) => Load(net, Read(path));

    public static void Load(Mlp net, MlpWeightsFile file)
    {
        if (file.Layers.Count != net.Layers.Count || !file.Sizes.SequenceEqual(new[] { net.Inputs }.Concat(net.Layers.Select(d => d.Outputs))))
            throw new EumentiaException($"{file.Path}: the weights are for layer sizes [{string.Join(", ", file.Sizes)}], the network has [{string.Join(", ", new[] { net.Inputs }.Concat(net.Layers.Select(d => d.Outputs)))}]");
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var d = net.Layers[l];
            var source = file.Layers[l];
            source.Weight.CopyTo(d.Weight.Span);
            source.Bias.CopyTo(d.Bias, 0);
            d.SetWeightMask(source.WeightMask);
            d.SetLearnableMask(source.LearnableMask);
        }
    }

    [GeneratedRegex(@"^(?<prefix>layers\.)(?<index>\d+)\.(?<part>weight|bias|weight_mask|learnable_mask)$")]
    private static partial Regex EumentiaName();

    // nn.Sequential: "0.weight"; a Sequential held as an attribute: "net.0.weight".
    [GeneratedRegex(@"^(?<prefix>(?:[A-Za-z_][A-Za-z0-9_]*\.)*)(?<index>\d+)\.(?<part>weight|bias)$")]
    private static partial Regex TorchName();
}
