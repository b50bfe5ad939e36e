namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// Where a network's weights sit: matrices (blocks) in one flat index space, and the weights touching each
/// hidden unit. Allocations need nothing more, so the same allocations place learnable weights in the
/// teacher–student networks and in the MNIST network.
/// </summary>
public interface IWeightLayout
{
    string Name { get; }
    IReadOnlyList<WeightBlock> Blocks { get; }
    int WeightCount { get; }
    IReadOnlyList<int[]> Neurons { get; }
}

/// <summary>
/// The layout of a fully connected feed-forward net with widths n_0 ... n_L: W_l is n_l x n_(l-1), row-major
/// (the layout of <see cref="Nets.DenseLayer"/>), blocks in layer order; a hidden unit i of layer l owns row
/// i of W_l (its inputs) and column i of W_(l+1) (its outputs). Init scale 1/sqrt(fan-in).
/// </summary>
public sealed class FeedForwardLayout : IWeightLayout
{
    public FeedForwardLayout(string name, IReadOnlyList<int> widths)
    {
        if (widths.Count < 2) throw new ArgumentException("a feed-forward net needs an input and an output width", nameof(widths));
        Name = name;
        var blocks = new WeightBlock[widths.Count - 1];
        int offset = 0;
        for (int l = 1; l < widths.Count; l++)
        {
            blocks[l - 1] = new WeightBlock($"W{l}", l, widths[l], widths[l - 1], offset, 1.0 / Math.Sqrt(widths[l - 1]));
            offset += widths[l] * widths[l - 1];
        }
        Blocks = blocks;
        WeightCount = offset;
        var neurons = new List<int[]>();
        for (int l = 1; l < widths.Count - 1; l++)
        {
            var into = blocks[l - 1];
            var outOf = blocks[l];
            for (int i = 0; i < widths[l]; i++)
                neurons.Add([.. Enumerable.Range(0, into.Columns).Select(j => into.Index(i, j)), .. Enumerable.Range(0, outOf.Rows).Select(k => outOf.Index(k, i))]);
        }
        Neurons = neurons;
    }

    public string Name { get; }
    public IReadOnlyList<WeightBlock> Blocks { get; }
    public int WeightCount { get; }
    public IReadOnlyList<int[]> Neurons { get; }
}
