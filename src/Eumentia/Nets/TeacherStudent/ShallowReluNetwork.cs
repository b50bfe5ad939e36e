using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// A shallow ReLU network y = W2 relu(W1 x) with W1 (hidden x in) and W2 (out x hidden), no biases. Its
/// function vector is the outputs on a fixed set of generic (Gaussian) probe inputs, out-major.
/// How many probes: agreeing on them must mean agreeing as functions, and the Jacobian on them must see
/// every hidden unit separately. Two units whose hyperplanes separate fewer than `in` probes act on the
/// probes as one unit seen through a restricted linear map, which lowers the Jacobian rank although the
/// functions differ (at 2 x weights probes this hit a third of random relu:3-4-1 draws). The chance that a
/// pair's wedge holds so few of P probes falls like 1/P^2, so the default is at least 500 probes (and at
/// least four equations per weight).
/// </summary>
public sealed class ShallowReluNetwork : SubsetNetwork
{
    readonly double[] probes; // in x P, row-major
    readonly int[][] neurons;

    public ShallowReluNetwork(int inputs, int hidden, int outputs, ulong seed, int probeCount = 0)
        : base($"relu:{inputs}-{hidden}-{outputs}", MakeBlocks(inputs, hidden, outputs))
    {
        Inputs = inputs;
        Hidden = hidden;
        Outputs = outputs;
        ProbeCount = probeCount > 0 ? probeCount : Math.Max(500, (4 * WeightCount + outputs - 1) / outputs);
        probes = new double[inputs * ProbeCount];
        var stream = RngStream.Of(RngStream.Data, Tag);
        for (int i = 0; i < probes.Length; i++) probes[i] = Philox.Normal(seed, stream, (ulong)i);
        neurons = new int[hidden][];
        for (int i = 0; i < hidden; i++)
        {
            var unit = new List<int>();
            for (int j = 0; j < inputs; j++) unit.Add(Blocks[0].Index(i, j));
            for (int k = 0; k < outputs; k++) unit.Add(Blocks[1].Index(k, i));
            neurons[i] = [.. unit];
        }
    }

    public int Inputs { get; }
    public int Hidden { get; }
    public int Outputs { get; }
    public int ProbeCount { get; }

    public override bool IsSmooth => false;

    public override int EquationCount => Outputs * ProbeCount;

    public override IReadOnlyList<int[]> Neurons => neurons;

    static WeightBlock[] MakeBlocks(int inputs, int hidden, int outputs) =>
    [
        new WeightBlock("W1", 1, hidden, inputs, 0, 1.0 / Math.Sqrt(inputs)),
        new WeightBlock("W2", 2, outputs, hidden, hidden * inputs, 1.0 / Math.Sqrt(hidden)),
    ];

    /// <summary>Pre-activations W1 X (hidden x P).</summary>
    double[] PreActivations(ReadOnlySpan<double> weights) =>
        DenseProducts.Multiply(weights.Slice(0, Blocks[0].Count), probes, Hidden, Inputs, ProbeCount);

    public override void Function(ReadOnlySpan<double> weights, Span<double> output)
    {
        var h = PreActivations(weights);
        for (int i = 0; i < h.Length; i++) h[i] = Math.Max(h[i], 0);
        DenseProducts.Multiply(weights.Slice(Blocks[1].Offset, Blocks[1].Count), h, Outputs, Hidden, ProbeCount).CopyTo(output);
    }

    public override void Jacobian(ReadOnlySpan<double> weights, ReadOnlySpan<int> columns, Span<double> jacobian)
    {
        var h = PreActivations(weights);
        var w2 = weights.Slice(Blocks[1].Offset, Blocks[1].Count);
        int e = EquationCount, p = ProbeCount;
        for (int c = 0; c < columns.Length; c++)
        {
            var col = jacobian.Slice(c * e, e);
            col.Clear();
            int idx = columns[c];
            if (idx < Blocks[1].Offset)
            {
                // dy[o, t] / dW1[i, j] = W2[o, i] relu'(h[i, t]) x[j, t]; relu'(0) = 0 (a measure-zero set).
                int i = idx / Inputs, j = idx % Inputs;
                for (int o = 0; o < Outputs; o++)
                {
                    double w = w2[o * Hidden + i];
                    for (int t = 0; t < p; t++)
                        col[o * p + t] = h[i * p + t] > 0 ? w * probes[j * p + t] : 0;
                }
            }
            else
            {
                // dy[o, t] / dW2[o, i] = relu(h[i, t])
                int local = idx - Blocks[1].Offset, o = local / Hidden, i = local % Hidden;
                for (int t = 0; t < p; t++) col[o * p + t] = Math.Max(h[i * p + t], 0);
            }
        }
    }

    /// <summary>Only the output layer is affine: the input weights sit inside the ReLU.</summary>
    protected override IEnumerable<WeightBlock> AffineBlocks => [Blocks[1]];

    /// <summary>relu(c x) = c relu(x) for c > 0: unit i's input weights times c_i, its output weights divided by it, c_i in [1/2, 2].</summary>
    public override double[] Reparameterise(ReadOnlySpan<double> weights, ulong seed, ulong stream)
    {
        var w = weights.ToArray();
        for (int i = 0; i < Hidden; i++)
        {
            double c = Math.Pow(2, 2 * Philox.Uniform(seed, stream, (ulong)i) - 1);
            for (int j = 0; j < Inputs; j++) w[Blocks[0].Index(i, j)] *= c;
            for (int o = 0; o < Outputs; o++) w[Blocks[1].Index(o, i)] /= c;
        }
        return w;
    }
}
