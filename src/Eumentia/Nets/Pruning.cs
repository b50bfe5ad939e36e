using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Nets;

/// <summary>How magnitude pruning ranks weights: within each pruned layer, or all pruned layers together.</summary>
public enum PruneScope { LayerWise, Global }

/// <summary>
/// Weight masks (1 = kept, 0 = pruned), one per layer of an MLP; null for a layer that is never pruned. Counts are
/// exact: a level removes round(fraction · remaining) weights (half away from zero), ties in magnitude are broken
/// by the lower flat index, so a mask is a pure function of the weights.
/// </summary>
public static class Pruning
{
    public static PruneScope ParseScope(string name) => name.ToLowerInvariant() switch
    {
        "layer" or "layerwise" or "layer-wise" => PruneScope.LayerWise,
        "global" => PruneScope.Global,
        _ => throw new UsageException($"unknown prune scope '{name}' (expected layer or global)"),
    };

    /// <summary>The weights that survive at one level when <paramref name="fraction"/> of <paramref name="remaining"/> are removed.</summary>
    public static long Survivors(long remaining, double fraction) => remaining - (long)Math.Round(fraction * remaining, MidpointRounding.AwayFromZero);

    /// <summary>The current masks of <paramref name="net"/> (all ones where a pruned layer is still dense).</summary>
    public static float[]?[] CurrentMasks(Mlp net, IReadOnlyList<int> layers)
    {
        var masks = new float[]?[net.Layers.Count];
        foreach (int l in layers)
        {
            var d = net.Layers[l];
            masks[l] = d.WeightMask is { } m ? (float[])m.Clone() : Enumerable.Repeat(1f, d.Inputs * d.Outputs).ToArray();
        }
        return masks;
    }

    /// <summary>Kept weights per layer of a mask set (0 for layers without a mask).</summary>
    public static long[] Counts(float[]?[] masks) => masks.Select(m => m is null ? 0L : m.LongCount(v => v != 0)).ToArray();

    /// <summary>One IMP step: removes the smallest-magnitude <paramref name="fraction"/> of the surviving weights of <paramref name="layers"/>.</summary>
    public static float[]?[] PruneByMagnitude(Mlp net, IReadOnlyList<int> layers, double fraction, PruneScope scope)
    {
        if (fraction is <= 0 or >= 1) throw new UsageException($"prune fraction {fraction} is outside (0, 1)");
        var current = CurrentMasks(net, layers);
        var counts = Counts(current);
        if (scope == PruneScope.LayerWise)
            return KeepLargest(net, current, layers.ToDictionary(l => l, l => Survivors(counts[l], fraction)));
        return KeepLargestGlobally(net, current, layers, Survivors(layers.Sum(l => counts[l]), fraction));
    }

    /// <summary>
    /// Keeps, in each layer l of <paramref name="keep"/>, the keep[l] largest-magnitude weights among those
    /// <paramref name="candidates"/> allows (all weights when a candidate mask is null).
    /// </summary>
    public static float[]?[] KeepLargest(Mlp net, float[]?[] candidates, IReadOnlyDictionary<int, long> keep)
    {
        var masks = new float[]?[net.Layers.Count];
        foreach (var (l, k) in keep)
        {
            var w = net.Layers[l].Weight.Span;
            var ranked = Ranked(w, candidates[l], l).ToList();
            if (k < 0 || k > ranked.Count) throw new ArgumentException($"layer {l}: cannot keep {k} of {ranked.Count} candidate weights");
            var mask = new float[w.Length];
            foreach (var (_, _, i) in ranked.Take((int)k)) mask[i] = 1;
            masks[l] = mask;
        }
        return masks;
    }

    /// <summary>Keeps the <paramref name="keep"/> largest-magnitude candidate weights over all <paramref name="layers"/> together.</summary>
    public static float[]?[] KeepLargestGlobally(Mlp net, float[]?[] candidates, IReadOnlyList<int> layers, long keep)
    {
        var ranked = layers.SelectMany(l => Ranked(net.Layers[l].Weight.Span, candidates[l], l)).ToList();
        ranked.Sort((a, b) => b.Magnitude != a.Magnitude ? b.Magnitude.CompareTo(a.Magnitude) : a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Index.CompareTo(b.Index));
        if (keep < 0 || keep > ranked.Count) throw new ArgumentException($"cannot keep {keep} of {ranked.Count} candidate weights");
        var masks = new float[]?[net.Layers.Count];
        foreach (int l in layers) masks[l] = new float[net.Layers[l].Inputs * net.Layers[l].Outputs];
        foreach (var (_, l, i) in ranked.Take((int)keep)) masks[l]![i] = 1;
        return masks;
    }

    /// <summary>Masks with keep[l] weights per layer chosen uniformly at random (Philox, Prune stream of (level, layer)).</summary>
    public static float[]?[] Random(Mlp net, IReadOnlyDictionary<int, long> keep, ulong seed, int level)
    {
        var masks = new float[]?[net.Layers.Count];
        foreach (var (l, k) in keep)
        {
            int n = net.Layers[l].Inputs * net.Layers[l].Outputs;
            var order = Philox.Permutation(seed, RngStream.Of(RngStream.Prune, level, l), n);
            var mask = new float[n];
            for (int i = 0; i < k; i++) mask[order[i]] = 1;
            masks[l] = mask;
        }
        return masks;
    }

    /// <summary>
    /// The masks of <paramref name="ticket"/> with each unit's kept inputs moved to sites drawn uniformly at random
    /// (Philox, PruneShuffle stream of (level, layer·units + unit)): every unit keeps exactly its number of survivors,
    /// and an emptied unit stays empty, so only where the survivors sit differs from the ticket.
    /// </summary>
    public static float[]?[] ShuffleWithinUnits(Mlp net, float[]?[] ticket, ulong seed, int level)
    {
        var masks = new float[]?[ticket.Length];
        for (int l = 0; l < ticket.Length; l++)
        {
            if (ticket[l] is not { } t) continue;
            int inputs = net.Layers[l].Inputs, units = net.Layers[l].Outputs;
            var mask = new float[t.Length];
            for (int i = 0; i < units; i++)
            {
                int kept = 0;
                for (int j = 0; j < inputs; j++) if (t[i * inputs + j] != 0) kept++;
                var order = Philox.Permutation(seed, RngStream.Of(RngStream.PruneShuffle, level, (long)l * units + i), inputs);
                for (int k = 0; k < kept; k++) mask[i * inputs + order[k]] = 1;
            }
            masks[l] = mask;
        }
        return masks;
    }

    /// <summary>Installs <paramref name="masks"/> in the layers they name (pruned weights become zero and stay zero).</summary>
    public static void Apply(Mlp net, float[]?[] masks)
    {
        for (int l = 0; l < masks.Length; l++)
            if (masks[l] is { } m) net.Layers[l].SetWeightMask(m);
    }

    /// <summary>Candidate weights of one layer sorted by decreasing magnitude, ties by increasing index.</summary>
    static List<(float Magnitude, int Layer, int Index)> Ranked(ReadOnlySpan<float> w, float[]? candidates, int layer)
    {
        var list = new List<(float, int, int)>(w.Length);
        for (int i = 0; i < w.Length; i++)
            if (candidates is null || candidates[i] != 0) list.Add((Math.Abs(w[i]), layer, i));
        list.Sort((a, b) => b.Item1 != a.Item1 ? b.Item1.CompareTo(a.Item1) : a.Item3.CompareTo(b.Item3));
        return list;
    }
}
