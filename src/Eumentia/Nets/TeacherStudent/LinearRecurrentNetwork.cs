namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// A linear recurrent network h_t = W h_(t-1) + U x_t, y_t = V h_t with U (hidden x in), W (hidden x hidden),
/// V (out x hidden). Its input–output map is fixed by the Markov parameters M_k = V W^k U; by the Hankel
/// realisation theorem two systems of order n whose first 2n Markov parameters agree agree for every k, so
/// the function vector is M_0 ... M_(2n-1), each out x in, k-major.
/// </summary>
public sealed class LinearRecurrentNetwork : SubsetNetwork
{
    readonly int[][] neurons;

    public LinearRecurrentNetwork(int inputs, int hidden, int outputs)
        : base($"rnn:{inputs}-{hidden}-{outputs}", MakeBlocks(inputs, hidden, outputs))
    {
        Inputs = inputs;
        Hidden = hidden;
        Outputs = outputs;
        Horizon = 2 * hidden;
        neurons = new int[hidden][];
        for (int i = 0; i < hidden; i++)
        {
            var unit = new List<int>();
            for (int j = 0; j < inputs; j++) unit.Add(U.Index(i, j));
            for (int j = 0; j < hidden; j++) unit.Add(W.Index(i, j));
            for (int j = 0; j < hidden; j++) if (j != i) unit.Add(W.Index(j, i));
            for (int k = 0; k < outputs; k++) unit.Add(V.Index(k, i));
            neurons[i] = [.. unit];
        }
    }

    public int Inputs { get; }
    public int Hidden { get; }
    public int Outputs { get; }

    /// <summary>Number of Markov parameters matched: twice the hidden size.</summary>
    public int Horizon { get; }

    WeightBlock U => Blocks[0];
    WeightBlock W => Blocks[1];
    WeightBlock V => Blocks[2];

    public override int EquationCount => Horizon * Outputs * Inputs;

    public override IReadOnlyList<int[]> Neurons => neurons;

    static WeightBlock[] MakeBlocks(int inputs, int hidden, int outputs) =>
    [
        new WeightBlock("U", 1, hidden, inputs, 0, 1.0 / Math.Sqrt(inputs)),
        new WeightBlock("W", 2, hidden, hidden, hidden * inputs, 1.0 / Math.Sqrt(hidden)),
        new WeightBlock("V", 3, outputs, hidden, hidden * inputs + hidden * hidden, 1.0 / Math.Sqrt(hidden)),
    ];

    /// <summary>R_k = W^k U (hidden x in) for k = 0 .. Horizon-1.</summary>
    double[][] Right(ReadOnlySpan<double> weights)
    {
        var r = new double[Horizon][];
        r[0] = weights.Slice(U.Offset, U.Count).ToArray();
        var w = weights.Slice(W.Offset, W.Count);
        for (int k = 1; k < Horizon; k++) r[k] = DenseProducts.Multiply(w, r[k - 1], Hidden, Hidden, Inputs);
        return r;
    }

    /// <summary>L_k = V W^k (out x hidden) for k = 0 .. Horizon-1.</summary>
    double[][] Left(ReadOnlySpan<double> weights)
    {
        var l = new double[Horizon][];
        l[0] = weights.Slice(V.Offset, V.Count).ToArray();
        var w = weights.Slice(W.Offset, W.Count);
        for (int k = 1; k < Horizon; k++) l[k] = DenseProducts.Multiply(l[k - 1], w, Outputs, Hidden, Hidden);
        return l;
    }

    /// <summary>
    /// Each Markov parameter M_k weighted by 1 / ||M_k of the teacher||: the M_k grow or shrink like ||W||^k, so
    /// unweighted the solver would fit the largest powers first and the small ones only to their absolute
    /// round-off. Weighted, every k counts alike, and the unweighted relative residual is still at most
    /// sqrt(2n) times the weighted one. A block that vanishes is weighted by 1 / (1e-8 ||target||) at most.
    /// </summary>
    public override double[] ResidualWeights(ReadOnlySpan<double> target)
    {
        int block = Outputs * Inputs;
        double total = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(target, target));
        var s = new double[EquationCount];
        for (int k = 0; k < Horizon; k++)
        {
            var t = target.Slice(k * block, block);
            double norm = Math.Max(Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(t, t)), 1e-8 * total);
            s.AsSpan(k * block, block).Fill(norm > 0 ? 1 / norm : 1);
        }
        return s;
    }

    public override void Function(ReadOnlySpan<double> weights, Span<double> output)
    {
        var right = Right(weights);
        var v = weights.Slice(V.Offset, V.Count);
        int block = Outputs * Inputs;
        for (int k = 0; k < Horizon; k++)
            DenseProducts.Multiply(v, right[k], Outputs, Hidden, Inputs).CopyTo(output.Slice(k * block, block));
    }

    public override void Jacobian(ReadOnlySpan<double> weights, ReadOnlySpan<int> columns, Span<double> jacobian)
    {
        var right = Right(weights);
        var left = Left(weights);
        int e = EquationCount, block = Outputs * Inputs, n = Hidden;
        for (int c = 0; c < columns.Length; c++)
        {
            var col = jacobian.Slice(c * e, e);
            col.Clear();
            int idx = columns[c];
            if (U.Contains(idx))
            {
                // dM_k[p, q] / dU[b, j] = L_k[p, b] [q = j]
                int b = (idx - U.Offset) / Inputs, j = (idx - U.Offset) % Inputs;
                for (int k = 0; k < Horizon; k++)
                    for (int p = 0; p < Outputs; p++) col[k * block + p * Inputs + j] = left[k][p * n + b];
            }
            else if (V.Contains(idx))
            {
                // dM_k[p, q] / dV[o, a] = [p = o] R_k[a, q]
                int o = (idx - V.Offset) / n, a = (idx - V.Offset) % n;
                for (int k = 0; k < Horizon; k++)
                    for (int q = 0; q < Inputs; q++) col[k * block + o * Inputs + q] = right[k][a * Inputs + q];
            }
            else
            {
                // dM_k / dW[a, b] = sum_{j < k} (V W^j)[:, a] (W^(k-1-j) U)[b, :]
                int a = (idx - W.Offset) / n, b = (idx - W.Offset) % n;
                for (int k = 1; k < Horizon; k++)
                    for (int j = 0; j < k; j++)
                    {
                        var lj = left[j];
                        var rk = right[k - 1 - j];
                        for (int p = 0; p < Outputs; p++)
                        {
                            double lpa = lj[p * n + a];
                            for (int q = 0; q < Inputs; q++) col[k * block + p * Inputs + q] += lpa * rk[b * Inputs + q];
                        }
                    }
            }
        }
    }

    /// <summary>U is read once and V once per Markov parameter (affine in each alone); W enters through its powers.</summary>
    protected override IEnumerable<WeightBlock> AffineBlocks => [U, V];

    /// <summary>A similarity transform: U → S U, W → S W S^(-1), V → V S^(-1) for a random invertible S.</summary>
    public override double[] Reparameterise(ReadOnlySpan<double> weights, ulong seed, ulong stream)
    {
        var w = weights.ToArray();
        var (s, inverse) = RandomBasisChange(Hidden, seed, stream, 0);
        DenseProducts.Multiply(s, w.AsSpan(U.Offset, U.Count), Hidden, Hidden, Inputs).CopyTo(w, U.Offset);
        var sw = DenseProducts.Multiply(s, w.AsSpan(W.Offset, W.Count), Hidden, Hidden, Hidden);
        DenseProducts.Multiply(sw, inverse, Hidden, Hidden, Hidden).CopyTo(w, W.Offset);
        DenseProducts.Multiply(w.AsSpan(V.Offset, V.Count), inverse, Outputs, Hidden, Hidden).CopyTo(w, V.Offset);
        return w;
    }
}
