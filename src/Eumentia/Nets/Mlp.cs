using System.Numerics.Tensors;
using Eumentia.Numerics;

namespace Eumentia.Nets;

/// <summary>
/// A multilayer perceptron: inputs → hidden layers (activation, then neuron dropout) → linear outputs.
/// Forward and backward run on whole minibatches through the GEMM; per-layer activations are kept in a
/// workspace that grows to the largest batch seen and is reused, so a training step allocates nothing.
/// </summary>
public sealed class Mlp
{
    readonly DenseLayer[] layers;
    Workspace ws = new(0, []);

    public Activation Activation { get; }
    public IReadOnlyList<DenseLayer> Layers => layers;
    public int Inputs => layers[0].Inputs;
    public int Outputs => layers[^1].Outputs;
    public int HiddenLayers => layers.Length - 1;
    public int ParameterCount => layers.Sum(l => l.ParameterCount);

    /// <param name="sizes">Layer widths from input to output, e.g. [784, 256, 256, 10].</param>
    public Mlp(IReadOnlyList<int> sizes, Activation activation)
    {
        if (sizes.Count < 2) throw new ArgumentException("an MLP needs at least an input and an output size", nameof(sizes));
        foreach (var s in sizes) if (s <= 0) throw new UsageException($"layer sizes must be positive, got [{string.Join(", ", sizes)}]");
        Activation = activation;
        layers = new DenseLayer[sizes.Count - 1];
        for (int l = 0; l < layers.Length; l++) layers[l] = new DenseLayer(sizes[l], sizes[l + 1]);
    }

    public static Mlp Create(int inputs, int width, int depth, int outputs, Activation activation)
    {
        var sizes = new List<int> { inputs };
        for (int i = 0; i < depth; i++) sizes.Add(width);
        sizes.Add(outputs);
        return new Mlp(sizes, activation);
    }

    public void Initialize(InitScheme scheme, double sigmaW, double sigmaB, ulong seed)
    {
        for (int l = 0; l < layers.Length; l++) Initialization.Initialize(layers[l], scheme, sigmaW, sigmaB, seed, l);
    }

    /// <summary>
    /// Forward pass of <paramref name="batch"/> examples (row-major batch×Inputs). Returns the logits
    /// (batch×Outputs), valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch, in DropoutPass dropout)
    {
        if (x.Length < batch * Inputs) throw new ArgumentException($"input holds {x.Length} values, need {batch}×{Inputs}");
        EnsureWorkspace(batch);
        ws.Batch = batch;
        ws.Dropout = dropout;
        ReadOnlySpan<float> input = x.Slice(0, batch * Inputs);
        for (int l = 0; l < layers.Length; l++)
        {
            var d = layers[l];
            var z = ws.Z[l].AsSpan(0, batch * d.Outputs);
            Gemm.Multiply(Op.None, Op.Transpose, batch, d.Outputs, d.Inputs, 1f, input, d.Inputs, d.Weight.Span, d.Inputs, 0f, z, d.Outputs);
            for (int r = 0; r < batch; r++) TensorPrimitives.Add(z.Slice(r * d.Outputs, d.Outputs), d.Bias, z.Slice(r * d.Outputs, d.Outputs));
            if (l == layers.Length - 1) return z;

            var h = ws.H[l].AsSpan(0, batch * d.Outputs);
            ActivationKernels.Forward(Activation, z, h);
            if (dropout.Active)
            {
                // The dropped output A is a separate buffer: the backward pass needs H = φ(Z) intact for tanh.
                var a = ws.A[l].AsSpan(0, batch * d.Outputs);
                h.CopyTo(a);
                dropout.Apply(l, batch, d.Outputs, a, ws.Mask[l].AsSpan(0, batch * d.Outputs));
                input = a;
            }
            else input = h;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Backward pass for the last forward: given dLoss/dLogits, accumulates nothing and overwrites every
    /// layer's WeightGrad and BiasGrad. <paramref name="x"/> must be the input of that forward.
    /// </summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dLogits)
    {
        int batch = ws.Batch;
        var g = ws.G0.AsSpan(0, batch * Outputs);
        dLogits.Slice(0, batch * Outputs).CopyTo(g);
        bool useG0 = true;
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            var d = layers[l];
            var dz = (useG0 ? ws.G0 : ws.G1).AsSpan(0, batch * d.Outputs);
            if (l < layers.Length - 1)
            {
                if (ws.Dropout.Active) TensorPrimitives.Multiply(dz, ws.Mask[l].AsSpan(0, dz.Length), dz);
                ActivationKernels.MultiplyByDerivative(Activation, ws.Z[l].AsSpan(0, dz.Length), ws.H[l].AsSpan(0, dz.Length), dz);
            }
            ReadOnlySpan<float> input = l == 0 ? x.Slice(0, batch * d.Inputs) : LayerOutput(l - 1);
            // dW = dZᵀ · input  (out×batch · batch×in)
            Gemm.Multiply(Op.Transpose, Op.None, d.Outputs, d.Inputs, batch, 1f, dz, d.Outputs, input, d.Inputs, 0f, d.WeightGrad.Span, d.Inputs);
            var db = d.BiasGrad.AsSpan();
            db.Clear();
            for (int r = 0; r < batch; r++) TensorPrimitives.Add(db, dz.Slice(r * d.Outputs, d.Outputs), db);
            if (l > 0)
            {
                // dInput = dZ · W  (batch×out · out×in)
                var next = (useG0 ? ws.G1 : ws.G0).AsSpan(0, batch * d.Inputs);
                Gemm.Multiply(Op.None, Op.None, batch, d.Inputs, d.Outputs, 1f, dz, d.Outputs, d.Weight.Span, d.Inputs, 0f, next, d.Inputs);
                useG0 = !useG0;
            }
            if (d.WeightMask is not null) TensorPrimitives.Multiply(d.WeightGrad.Span, d.WeightMask, d.WeightGrad.Span);
        }
    }

    ReadOnlySpan<float> LayerOutput(int l) =>
        (ws.Dropout.Active ? ws.A[l] : ws.H[l]).AsSpan(0, ws.Batch * layers[l].Outputs);

    void EnsureWorkspace(int batch)
    {
        if (batch <= ws.Capacity) return;
        int n = layers.Length, widest = Math.Max(Inputs, layers.Max(d => d.Outputs));
        ws = new Workspace(batch, new float[n][])
        {
            Z = layers.Select(d => new float[batch * d.Outputs]).ToArray(),
            H = layers.Select(d => new float[batch * d.Outputs]).ToArray(),
            A = layers.Select(d => new float[batch * d.Outputs]).ToArray(),
            Mask = layers.Select(d => new float[batch * d.Outputs]).ToArray(),
            G0 = new float[batch * widest],
            G1 = new float[batch * widest],
        };
    }

    /// <summary>Per-layer buffers of the last forward pass: pre-activations Z, activations H, masks and dropped outputs A.</summary>
    sealed class Workspace(int capacity, float[][] empty)
    {
        public int Capacity { get; } = capacity;
        public int Batch;
        public DropoutPass Dropout;
        public float[][] Z { get; init; } = empty;
        public float[][] H { get; init; } = empty;
        public float[][] A { get; init; } = empty;
        public float[][] Mask { get; init; } = empty;
        public float[] G0 { get; init; } = [];
        public float[] G1 { get; init; } = [];
    }
}
