using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// A teacher–student architecture of the subset-learning study: a flat vector of weights (split into
/// <see cref="Blocks"/>), the network's <em>function</em> as a vector of numbers that two networks must
/// share to be "the same" (the end-to-end map, the Markov parameters, the outputs on probe inputs), and
/// its analytic Jacobian with respect to any subset of the weights.
/// </summary>
public abstract class SubsetNetwork : IWeightLayout
{
    protected SubsetNetwork(string name, IReadOnlyList<WeightBlock> blocks)
    {
        Name = name;
        Blocks = blocks;
        WeightCount = blocks.Sum(b => b.Count);
    }

    /// <summary>Canonical name, e.g. "ff:4-4-4"; also keys the random streams of the network's draws.</summary>
    public string Name { get; }

    public IReadOnlyList<WeightBlock> Blocks { get; }

    public int WeightCount { get; }

    /// <summary>Length of the function vector: the number of equations a match must satisfy.</summary>
    public abstract int EquationCount { get; }

    /// <summary>For each hidden unit, the indices of all weights that touch it (incoming and outgoing).</summary>
    public abstract IReadOnlyList<int[]> Neurons { get; }

    /// <summary>Evaluates the network's function at <paramref name="weights"/> into <paramref name="output"/>.</summary>
    public abstract void Function(ReadOnlySpan<double> weights, Span<double> output);

    /// <summary>
    /// Jacobian of <see cref="Function(ReadOnlySpan{double}, Span{double})"/> with respect to the weights listed in <paramref name="columns"/>,
    /// column-major: the derivative of output e by weight columns[c] lands at [c * EquationCount + e].
    /// Column-major because each weight's column is filled in one pass and J^T J is then a set of dot
    /// products of contiguous spans.
    /// </summary>
    public abstract void Jacobian(ReadOnlySpan<double> weights, ReadOnlySpan<int> columns, Span<double> jacobian);

    /// <summary>
    /// Whether the function has continuous second derivatives in the weights. The solver's geodesic
    /// acceleration estimates them by finite differences, which across a ReLU kink measure the kink, not a
    /// curvature: with it, a relu:3-4-1 student that can match missed its match.
    /// </summary>
    public virtual bool IsSmooth => true;

    /// <summary>
    /// Weights s of the matching residual s ∘ (f_student - f_teacher) that the solver minimises (the match
    /// verdict stays unweighted). All ones unless the function's parts differ in scale by construction.
    /// </summary>
    public virtual double[] ResidualWeights(ReadOnlySpan<double> target)
    {
        var s = new double[EquationCount];
        Array.Fill(s, 1.0);
        return s;
    }

    /// <summary>
    /// The blocks in which the function is affine when every other weight is held fixed (every layer of a deep
    /// linear net; U or V of a linear RNN, not W, whose powers enter; the output layer of a ReLU net).
    /// </summary>
    protected virtual IEnumerable<WeightBlock> AffineBlocks => Blocks;

    /// <summary>
    /// Whether the function is affine in these weights with the rest fixed: all of them in one
    /// <see cref="AffineBlocks"/> block. Matching is then a linear system, decided and solved exactly
    /// (<see cref="Studies.Subset.LinearMatch"/>).
    /// </summary>
    public bool IsAffineIn(ReadOnlySpan<int> weights)
    {
        if (weights.Length == 0) return true;
        var block = BlockOf(weights[0]);
        if (!AffineBlocks.Contains(block)) return false;
        foreach (int w in weights)
            if (!block.Contains(w)) return false;
        return true;
    }

    /// <summary>
    /// Other weights with the same function: a random element of the network's symmetry group applied to
    /// <paramref name="weights"/> (an invertible change of basis of each hidden space of a linear net, a
    /// positive rescaling of each ReLU unit), drawn from (seed, stream). The solver audit hands these to the
    /// homotopy as the teacher's weights, so that its path is not the straight line to the planted solution.
    /// </summary>
    public abstract double[] Reparameterise(ReadOnlySpan<double> weights, ulong seed, ulong stream);

    /// <summary>A well-conditioned random invertible n x n matrix (identity plus a Gaussian of norm about 1/2) and its inverse.</summary>
    protected static (double[] G, double[] Inverse) RandomBasisChange(int n, ulong seed, ulong stream, ulong firstCounter)
    {
        var g = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) =>
            (i == j ? 1 : 0) + 0.5 / Math.Sqrt(n) * Philox.Normal(seed, stream, firstCounter + (ulong)(i * n + j)));
        return (g.ToRowMajorArray(), g.Inverse().ToRowMajorArray());
    }

    public double[] Function(ReadOnlySpan<double> weights)
    {
        var f = new double[EquationCount];
        Function(weights, f);
        return f;
    }

    /// <summary>The block that holds weight <paramref name="weight"/>.</summary>
    public WeightBlock BlockOf(int weight)
    {
        foreach (var b in Blocks)
            if (b.Contains(weight)) return b;
        throw new ArgumentOutOfRangeException(nameof(weight), weight, $"{Name} has {WeightCount} weights");
    }

    /// <summary>I.i.d. Gaussian weights, entry i drawn at counter firstCounter + i of (seed, stream).</summary>
    public double[] DrawWeights(ulong seed, ulong stream, ulong firstCounter = 0)
    {
        var w = new double[WeightCount];
        foreach (var b in Blocks)
            for (int i = b.Offset; i < b.Offset + b.Count; i++)
                w[i] = b.InitStd * Philox.Normal(seed, stream, firstCounter + (ulong)i);
        return w;
    }

    /// <summary>Overwrites the listed weights with fresh Gaussian draws of their block's scale.</summary>
    public void RedrawWeights(Span<double> weights, ReadOnlySpan<int> which, ulong seed, ulong stream, ulong firstCounter)
    {
        foreach (int i in which)
            weights[i] = BlockOf(i).InitStd * Philox.Normal(seed, stream, firstCounter + (ulong)i);
    }

    /// <summary>
    /// A stable 28-bit tag of the name, used as a stream index so that a network's draws do not
    /// change when the list of networks in a study is reordered or extended.
    /// </summary>
    public long Tag => StableTag.Of(Name, 28);

    public override string ToString() => Name;

    /// <summary>
    /// Parses "ff:N0-N1-...-NL" (linear feed-forward), "rnn:IN-HIDDEN-OUT" (linear recurrent) or
    /// "relu:IN-HIDDEN-OUT" (shallow ReLU; probe inputs drawn from <paramref name="seed"/>).
    /// </summary>
    public static SubsetNetwork Parse(string text, ulong seed)
    {
        int colon = text.IndexOf(':');
        if (colon < 0)
            throw new UsageException($"network '{text}': expected KIND:WIDTHS such as ff:4-4-4, rnn:1-4-1 or relu:3-4-1");
        string kind = text[..colon].Trim().ToLowerInvariant();
        var widths = new List<int>();
        foreach (var part in text[(colon + 1)..].Split('-'))
        {
            if (!int.TryParse(part, out int w) || w < 1)
                throw new UsageException($"network '{text}': width '{part}' is not a positive integer");
            widths.Add(w);
        }
        return kind switch
        {
            "ff" when widths.Count >= 2 => new LinearFeedForwardNetwork(widths),
            "rnn" when widths.Count == 3 => new LinearRecurrentNetwork(widths[0], widths[1], widths[2]),
            "relu" when widths.Count == 3 => new ShallowReluNetwork(widths[0], widths[1], widths[2], seed),
            "ff" => throw new UsageException($"network '{text}': ff needs at least two widths (input-output)"),
            "rnn" or "relu" => throw new UsageException($"network '{text}': {kind} needs exactly three widths IN-HIDDEN-OUT"),
            _ => throw new UsageException($"network '{text}': unknown kind '{kind}' (ff, rnn, relu)"),
        };
    }
}
