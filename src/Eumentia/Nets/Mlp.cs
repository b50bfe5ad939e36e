using System.Numerics.Tensors;
using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.Sparse;

namespace Eumentia.Nets;

/// <summary>
/// A multilayer perceptron: inputs → hidden layers (activation, then neuron dropout) → linear outputs.
/// Forward and backward run on whole minibatches through the GEMM; per-layer activations are kept in a
/// workspace that grows to the largest batch seen and is reused, so a training step allocates nothing.
/// </summary>
public sealed class Mlp
{
    readonly DenseLayer[] layers;
    Workspace ws = new(0, 0, []);

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
        widestOutput = layers.Max(d => d.Outputs);
    }

    /// <summary>The widest layer output: the size of one inference activation buffer per example.</summary>
    readonly int widestOutput;

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
    /// Forward pass of <paramref name="batch"/> examples (row-major batch×Inputs) that keeps what
    /// <see cref="Backward"/> needs. Returns the logits (batch×Outputs), valid until the next call.
    /// </summary>
    public unsafe ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch, in DropoutPass dropout)
    {
        CheckInput(x, batch);
        EnsureWorkspace(batch);
        ws.Batch = batch;
        ws.Dropout = dropout;
        ReadOnlySpan<float> input = x.Slice(0, batch * Inputs);
        for (int l = 0; l < layers.Length; l++)
        {
            var d = layers[l];
            bool hidden = l < layers.Length - 1;
            var z = ws.Z[l].AsSpan(0, batch * d.Outputs);
            SparseGemm.MultiplyAuto(Op.None, Op.Transpose, batch, d.Outputs, d.Inputs, 1f, input, d.Inputs, d.Weight.Span, d.Inputs, 0f, z, d.Outputs);
            // The dropped output A is a separate buffer: the backward pass needs H = φ(Z) intact for tanh.
            fixed (float* pz = z, pb = d.Bias, ph = ws.H[l], pa = ws.A[l], pm = ws.Mask[l])
                LayerPasses.Forward(pz, pb, batch, d.Outputs, hidden, Activation, ph, dropout, l, pa, pm);
            if (!hidden) return z;
            input = LayerOutput(l);
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Forward pass for evaluation only: the same numbers as <see cref="Forward"/>, but nothing is kept for a
    /// backward pass (two alternating activation buffers, masks applied in place and never stored), so a
    /// large evaluation batch costs two layers' activations of memory instead of four per layer.
    /// Returns the logits, valid until the next call.
    /// </summary>
    public ReadOnlySpan<float> Infer(ReadOnlySpan<float> x, int batch, in DropoutPass dropout)
    {
        CheckInput(x, batch);
        InferenceBuffer(batch);
        return InferLayers(x.Slice(0, batch * Inputs), batch, dropout, 0);
    }

    // Layers first.. of an inference whose input (layer first's input) is given; layer l writes the half l % 2 of the
    // inference buffer, whatever layer the pass starts from, so every entry point computes in the same places.
    unsafe ReadOnlySpan<float> InferLayers(ReadOnlySpan<float> input, int batch, in DropoutPass dropout, int first)
    {
        int widest = widestOutput;
        for (int l = first; l < layers.Length; l++)
        {
            var d = layers[l];
            bool hidden = l < layers.Length - 1;
            var z = inference.AsSpan(l % 2 * batch * widest, batch * d.Outputs);
            SparseGemm.MultiplyAuto(Op.None, Op.Transpose, batch, d.Outputs, d.Inputs, 1f, input, d.Inputs, d.Weight.Span, d.Inputs, 0f, z, d.Outputs);
            fixed (float* pz = z, pb = d.Bias)
                LayerPasses.Forward(pz, pb, batch, d.Outputs, hidden, Activation, pz, dropout, l, pz, null);
            if (!hidden) return z;
            input = z;
        }
        throw new InvalidOperationException("unreachable");
    }

    float[] inference = [];

    /// <summary>
    /// The first layer's activations φ(x·W₁ᵀ + b₁) of <paramref name="batch"/> examples, before dropout, written to
    /// <paramref name="activations"/> (batch × the first layer's width). Dropout acts only on hidden outputs, so
    /// these are the same for every mask draw and every p_eval: <see cref="InferAbove"/> continues from them, and
    /// the pair gives exactly <see cref="Infer"/>'s numbers while the first layer (most of an MNIST net's weights)
    /// is multiplied once instead of once per draw. Needs a hidden layer.
    /// </summary>
    public unsafe void InferFirstLayer(ReadOnlySpan<float> x, int batch, Span<float> activations)
    {
        CheckInput(x, batch);
        if (HiddenLayers == 0) throw new InvalidOperationException("a network without hidden layers has no first-layer activations to reuse");
        var d = layers[0];
        // The same buffer and offset as Infer's first layer, so the products are computed exactly as there.
        var z = InferenceBuffer(batch).AsSpan(0, batch * d.Outputs);
        SparseGemm.MultiplyAuto(Op.None, Op.Transpose, batch, d.Outputs, d.Inputs, 1f, x.Slice(0, batch * Inputs), d.Inputs, d.Weight.Span, d.Inputs, 0f, z, d.Outputs);
        fixed (float* pz = z, pb = d.Bias)
            LayerPasses.Forward(pz, pb, batch, d.Outputs, true, Activation, pz, DropoutPass.Off, 0, pz, null);
        z.CopyTo(activations);
    }

    /// <summary>
    /// <see cref="Infer"/> from the first layer's activations (<see cref="InferFirstLayer"/>): applies
    /// <paramref name="dropout"/> to a copy of them, then runs the layers above. Returns the logits, valid until the next call.
    /// </summary>
    public unsafe ReadOnlySpan<float> InferAbove(ReadOnlySpan<float> firstActivations, int batch, in DropoutPass dropout)
    {
        int width = layers[0].Outputs;
        if (HiddenLayers == 0) throw new InvalidOperationException("a network without hidden layers has no first-layer activations to reuse");
        if (firstActivations.Length < batch * width) throw new ArgumentException($"first-layer activations hold {firstActivations.Length} values, need {batch}×{width}");
        var buffer = InferenceBuffer(batch);
        var h = buffer.AsSpan(0, batch * width);
        firstActivations.Slice(0, batch * width).CopyTo(h);
        if (dropout.Active)
            fixed (float* ph = h)
                LayerPasses.Dropout(ph, batch, width, dropout, 0);
        return InferLayers(h, batch, dropout, 1);
    }

    float[] InferenceBuffer(int batch)
    {
        if (inference.Length < 2 * batch * widestOutput) inference = new float[2 * batch * widestOutput];
        return inference;
    }

    void CheckInput(ReadOnlySpan<float> x, int batch)
    {
        if (x.Length < batch * Inputs) throw new ArgumentException($"input holds {x.Length} values, need {batch}×{Inputs}");
    }

    /// <summary>
    /// Backward pass for the last <see cref="Forward"/>: given dLoss/dLogits, accumulates nothing and overwrites
    /// every layer's WeightGrad and BiasGrad. <paramref name="x"/> must be the input of that forward.
    /// </summary>
    public unsafe void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dLogits)
    {
        int batch = ws.Batch;
        if (ws.G0.Length < batch * ws.Widest)
        {
            ws.G0 = new float[ws.Capacity * ws.Widest];
            ws.G1 = new float[ws.Capacity * ws.Widest];
        }
        var g = ws.G0.AsSpan(0, batch * Outputs);
        dLogits.Slice(0, batch * Outputs).CopyTo(g);
        bool useG0 = true;
        for (int l = layers.Length - 1; l >= 0; l--)
        {
            var d = layers[l];
            var dz = (useG0 ? ws.G0 : ws.G1).AsSpan(0, batch * d.Outputs);
            fixed (float* pdz = dz, pz = ws.Z[l], ph = ws.H[l], pm = ws.Mask[l], pdb = d.BiasGrad)
            {
                if (l < layers.Length - 1)
                    LayerPasses.Backward(pdz, pz, ph, ws.Dropout.Active ? pm : null, batch, d.Outputs, Activation);
                LayerPasses.BiasGradient(pdz, batch, d.Outputs, pdb);
            }
            ReadOnlySpan<float> input = l == 0 ? x.Slice(0, batch * d.Inputs) : LayerOutput(l - 1);
            // dW = dZᵀ · input  (out×batch · batch×in)
            SparseGemm.MultiplyAuto(Op.Transpose, Op.None, d.Outputs, d.Inputs, batch, 1f, dz, d.Outputs, input, d.Inputs, 0f, d.WeightGrad.Span, d.Inputs);
            if (l > 0)
            {
                // dInput = dZ · W  (batch×out · out×in)
                var next = (useG0 ? ws.G1 : ws.G0).AsSpan(0, batch * d.Inputs);
                SparseGemm.MultiplyAuto(Op.None, Op.None, batch, d.Inputs, d.Outputs, 1f, dz, d.Outputs, d.Weight.Span, d.Inputs, 0f, next, d.Inputs);
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
        // The output layer needs only Z (the logits): it has no activation or mask.
        float[][] PerHiddenLayer() => layers.Select((d, l) => l < n - 1 ? new float[batch * d.Outputs] : []).ToArray();
        ws = new Workspace(batch, widest, [])
        {
            Z = layers.Select(d => new float[batch * d.Outputs]).ToArray(),
            H = PerHiddenLayer(),
            A = PerHiddenLayer(),
            Mask = PerHiddenLayer(),
        };
    }

    /// <summary>
    /// Per-layer buffers of the last forward pass: pre-activations Z, activations H, masks and dropped outputs A.
    /// The gradient buffers G0/G1 appear with the first backward pass: a network that is only evaluated never needs them.
    /// </summary>
    sealed class Workspace(int capacity, int widest, float[][] empty)
    {
        public int Capacity { get; } = capacity;
        public int Widest { get; } = widest;
        public int Batch;
        public DropoutPass Dropout;
        public float[][] Z { get; init; } = empty;
        public float[][] H { get; init; } = empty;
        public float[][] A { get; init; } = empty;
        public float[][] Mask { get; init; } = empty;
        public float[] G0 { get; set; } = [];
        public float[] G1 { get; set; } = [];
    }
}
