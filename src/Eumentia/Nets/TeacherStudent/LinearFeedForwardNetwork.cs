namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// A deep linear network y = W_L ... W_1 x with widths n_0 (input) ... n_L (output); W_l is n_l x n_(l-1).
/// Its function is the end-to-end product map (n_L x n_0 numbers), the only thing a linear network computes.
/// </summary>
public sealed class LinearFeedForwardNetwork : SubsetNetwork
{
    readonly int[] widths;
    readonly IReadOnlyList<int[]> neurons;

    public LinearFeedForwardNetwork(IReadOnlyList<int> widths) : this(new FeedForwardLayout("ff:" + string.Join('-', widths), widths)) { }

    LinearFeedForwardNetwork(FeedForwardLayout layout) : base(layout.Name, layout.Blocks)
    {
        widths = [.. layout.Blocks.Select(b => b.Columns), layout.Blocks[^1].Rows];
        neurons = layout.Neurons;
    }

    public IReadOnlyList<int> Widths => widths;

    public int Depth => widths.Length - 1;

    public override int EquationCount => widths[^1] * widths[0];

    public override IReadOnlyList<int[]> Neurons => neurons;

    ReadOnlySpan<double> Layer(ReadOnlySpan<double> weights, int l) => weights.Slice(Blocks[l - 1].Offset, Blocks[l - 1].Count);

    public override void Function(ReadOnlySpan<double> weights, Span<double> output)
    {
        var product = Layer(weights, 1).ToArray(); // n_1 x n_0
        for (int l = 2; l <= Depth; l++)
            product = DenseProducts.Multiply(Layer(weights, l), product, widths[l], widths[l - 1], widths[0]);
        product.CopyTo(output);
    }

    public override void Jacobian(ReadOnlySpan<double> weights, ReadOnlySpan<int> columns, Span<double> jacobian)
    {
        int n0 = widths[0], nL = widths[^1], e = EquationCount;
        // right[l] = W_(l-1) ... W_1 (n_(l-1) x n_0), left[l] = W_L ... W_(l+1) (n_L x n_l), so that
        // d(product)[p, q] / dW_l[a, b] = left[l][p, a] * right[l][b, q].
        var right = new double[Depth + 1][];
        var left = new double[Depth + 1][];
        right[1] = DenseProducts.Identity(n0);
        for (int l = 2; l <= Depth; l++)
            right[l] = DenseProducts.Multiply(Layer(weights, l - 1), right[l - 1], widths[l - 1], widths[l - 2], n0);
        left[Depth] = DenseProducts.Identity(nL);
        for (int l = Depth - 1; l >= 1; l--)
            left[l] = DenseProducts.Multiply(left[l + 1], Layer(weights, l + 1), nL, widths[l + 1], widths[l]);

        for (int c = 0; c < columns.Length; c++)
        {
            var block = BlockOf(columns[c]);
            int l = block.Layer, local = columns[c] - block.Offset, a = local / block.Columns, b = local % block.Columns;
            var col = jacobian.Slice(c * e, e);
            var L = left[l];
            var R = right[l];
            int nl = widths[l];
            for (int p = 0; p < nL; p++)
            {
                double lpa = L[p * nl + a];
                for (int q = 0; q < n0; q++) col[p * n0 + q] = lpa * R[b * n0 + q];
            }
        }
    }

    /// <summary>W_l → G_l W_l and W_(l+1) → W_(l+1) G_l^(-1) for a random invertible G_l on each hidden layer.</summary>
    public override double[] Reparameterise(ReadOnlySpan<double> weights, ulong seed, ulong stream)
    {
        var w = weights.ToArray();
        for (int l = 1; l < Depth; l++)
        {
            var (g, inverse) = RandomBasisChange(widths[l], seed, stream, (ulong)l << 32);
            var into = Blocks[l - 1];
            var outOf = Blocks[l];
            DenseProducts.Multiply(g, w.AsSpan(into.Offset, into.Count), widths[l], widths[l], widths[l - 1]).CopyTo(w, into.Offset);
            DenseProducts.Multiply(w.AsSpan(outOf.Offset, outOf.Count), inverse, widths[l + 1], widths[l], widths[l]).CopyTo(w, outOf.Offset);
        }
        return w;
    }
}
