using System.Text.Json.Serialization;
using Eumentia.IO;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Studies.Subset;

/// <summary>How an allocation places learnable weights.</summary>
[JsonConverter(typeof(SnakeCaseEnum<AllocationKind>))]
public enum AllocationKind
{
    /// <summary>Fill one unit (row, column, layer, neuron) before starting the next: as few units as possible.</summary>
    Concentrated,
    /// <summary>Deal weights round-robin over all units: as many units as possible, evenly.</summary>
    Spread,
    /// <summary>Uniformly random positions.</summary>
    Random,
    /// <summary>A set given by the user.</summary>
    Mask,
}

/// <summary>The groups of weights an allocation concentrates on or spreads over.</summary>
[JsonConverter(typeof(SnakeCaseEnum<AllocationUnit>))]
public enum AllocationUnit { Row, Column, Layer, Neuron }

/// <summary>
/// An allocation A of learnable weights. <see cref="Order"/> draws one ranking of the weights; the first m
/// of it are the learnable ones at budget m. Sets are therefore nested in m for each draw, so a student that
/// matches with m weights also matches with more (set the extra weights to their frozen values): MP is
/// non-decreasing in m per draw, and the study exploits that constructively.
/// </summary>
/// <param name="Mask">For <see cref="AllocationKind.Mask"/>: the learnable weights' indices in <paramref name="MaskNetwork"/>.</param>
/// <param name="MaskName">Names the mask in tables (its file name).</param>
/// <param name="MaskNetwork">The one network a mask applies to; other allocations apply to every network.</param>
public sealed record Allocation(AllocationKind Kind, AllocationUnit Unit = AllocationUnit.Row, IReadOnlyList<int>? Mask = null,
    string? MaskName = null, string? MaskNetwork = null)
{
    public bool AppliesTo(IWeightLayout network) => MaskNetwork is null || MaskNetwork == network.Name;

    public string Name => Kind switch
    {
        AllocationKind.Random => "random",
        AllocationKind.Mask => "mask:" + (MaskName ?? "given"),
        _ => $"{Kind.ToString().ToLowerInvariant()}-{Unit.ToString().ToLowerInvariant()}",
    };

    /// <summary>A stable 20-bit tag of the name: it separates the random draws of different allocations.</summary>
    public long Tag => StableTag.Of(Name, 20);

    /// <summary>The nine built-in allocations: four concentrated, random, four spread.</summary>
    public static IReadOnlyList<Allocation> BuiltIn { get; } =
    [
        new(AllocationKind.Concentrated, AllocationUnit.Row),
        new(AllocationKind.Concentrated, AllocationUnit.Column),
        new(AllocationKind.Concentrated, AllocationUnit.Layer),
        new(AllocationKind.Concentrated, AllocationUnit.Neuron),
        new(AllocationKind.Random),
        new(AllocationKind.Spread, AllocationUnit.Row),
        new(AllocationKind.Spread, AllocationUnit.Column),
        new(AllocationKind.Spread, AllocationUnit.Layer),
        new(AllocationKind.Spread, AllocationUnit.Neuron),
    ];

    /// <summary>Parses a built-in name ("concentrated-row", "spread-neuron", "random").</summary>
    public static Allocation Parse(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        foreach (var a in BuiltIn)
            if (a.Name == name) return a;
        throw new UsageException($"allocation '{text}': expected one of {string.Join(", ", BuiltIn.Select(a => a.Name))} or mask:FILE");
    }

    /// <summary>The largest budget this allocation can place on <paramref name="network"/>.</summary>
    public int MaxBudget(IWeightLayout network) => Kind == AllocationKind.Mask ? Mask!.Count : network.WeightCount;

    /// <summary>
    /// One random ranking of the weights (for a mask: the mask itself). Randomness: uniform draws of
    /// (seed, stream) at counters from Tag * 2^40 on, so allocations never share draws.
    /// </summary>
    public int[] Order(IWeightLayout network, ulong seed, ulong stream)
    {
        if (Kind == AllocationKind.Mask)
        {
            foreach (int i in Mask!)
                if (i < 0 || i >= network.WeightCount)
                    throw new UsageException($"allocation {Name}: weight {i} outside {network.Name} ({network.WeightCount} weights)");
            return [.. Mask];
        }
        var rng = new Shuffler(seed, stream, (ulong)Tag << 40);
        if (Kind == AllocationKind.Random)
        {
            var all = Enumerable.Range(0, network.WeightCount).ToArray();
            rng.Shuffle(all);
            return all;
        }

        var units = Units(network).Select(u => u.ToArray()).ToArray();
        if (units.Length == 0)
            throw new UsageException($"allocation {Name}: {network.Name} has no {Unit.ToString().ToLowerInvariant()}s");
        rng.Shuffle(units);
        foreach (var u in units) rng.Shuffle(u);

        var order = new List<int>(network.WeightCount);
        var taken = new bool[network.WeightCount];
        void Take(int w) { if (!taken[w]) { taken[w] = true; order.Add(w); } }
        if (Kind == AllocationKind.Concentrated)
        {
            foreach (var u in units)
                foreach (int w in u) Take(w);
        }
        else
        {
            // Round-robin: each pass gives every unit that still has a free weight one more.
            var next = new int[units.Length];
            bool progress = true;
            while (progress)
            {
                progress = false;
                for (int k = 0; k < units.Length; k++)
                {
                    while (next[k] < units[k].Length && taken[units[k][next[k]]]) next[k]++;
                    if (next[k] < units[k].Length) { Take(units[k][next[k]++]); progress = true; }
                }
            }
        }
        // Weights in no unit (none for rows, columns and layers; none for neurons of nets with a hidden
        // layer) come last, so that every budget up to the whole network exists.
        var rest = Enumerable.Range(0, network.WeightCount).Where(w => !taken[w]).ToArray();
        rng.Shuffle(rest);
        order.AddRange(rest);
        return [.. order];
    }

    IEnumerable<IEnumerable<int>> Units(IWeightLayout network) => Unit switch
    {
        AllocationUnit.Row => network.Blocks.SelectMany(b => Enumerable.Range(0, b.Rows).Select(r => Enumerable.Range(0, b.Columns).Select(c => b.Index(r, c)))),
        AllocationUnit.Column => network.Blocks.SelectMany(b => Enumerable.Range(0, b.Columns).Select(c => Enumerable.Range(0, b.Rows).Select(r => b.Index(r, c)))),
        AllocationUnit.Layer => network.Blocks.Select(b => Enumerable.Range(b.Offset, b.Count)),
        _ => network.Neurons,
    };

    /// <summary>Fisher–Yates shuffles driven by consecutive Philox uniforms.</summary>
    sealed class Shuffler(ulong seed, ulong stream, ulong counter)
    {
        ulong next = counter;

        public void Shuffle<T>(T[] items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = (int)(Philox.Uniform(seed, stream, next++) * (i + 1));
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
