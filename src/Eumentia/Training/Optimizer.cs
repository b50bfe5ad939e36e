using Eumentia.Numerics.Threading;
using System.Numerics.Tensors;
using Eumentia.Nets;

namespace Eumentia.Training;

/// <summary>Optimizer kinds, with PyTorch's update rules so results carry over.</summary>
public enum OptimizerKind { Sgd, Adam }

/// <summary>
/// Updates every layer of an MLP from its gradients. Weight decay is L2 added to the gradient (torch.optim
/// semantics). The update of a pruned or frozen weight is masked out, so it never moves. Updates are
/// elementwise, so they run in fixed-size chunks over the thread budget, each chunk doing all its passes while
/// its slice of the tensors is in cache; the chunking never changes a number.
/// </summary>
public abstract class Optimizer
{
    public double LearningRate { get; set; }
    public double WeightDecay { get; }

    protected Optimizer(double learningRate, double weightDecay)
    {
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    public static OptimizerKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        _ => throw new UsageException($"unknown optimizer '{name}' (expected sgd or adam)"),
    };

    public static Optimizer Create(OptimizerKind kind, Mlp net, double learningRate, double momentum, double weightDecay) => kind switch
    {
        OptimizerKind.Sgd => new Sgd(net, learningRate, momentum, weightDecay),
        _ => new Adam(net, learningRate, weightDecay),
    };

    public void Step(Mlp net)
    {
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var d = net.Layers[l];
            Update(2 * l, d.Weight.Span, d.WeightGrad.Span, d.UpdateMask);
            if (d.BiasLearnable) Update(2 * l + 1, d.Bias, d.BiasGrad, null);
        }
    }

    /// <summary>Updates one parameter tensor; <paramref name="mask"/> (0/1) zeroes the step where a weight must not move.</summary>
    protected abstract void Update(int slot, Span<float> w, Span<float> g, float[]? mask);

    /// <summary>g ← g + λw, then g ← g ⊙ mask: the gradient an update of this slice follows.</summary>
    protected void PrepareGradient(Span<float> w, Span<float> g, ReadOnlySpan<float> mask)
    {
        if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(w, (float)WeightDecay, g, g);
        if (!mask.IsEmpty) TensorPrimitives.Multiply(g, mask, g);
    }

    /// <summary>Runs <paramref name="update"/>(offset, length) over [0, length) in chunks, on as many threads as the budget and size allow.</summary>
    protected static void InChunks(int length, Action<int, int> update)
    {
        int chunks = ElementwiseSplit.Chunks(length, ElementwiseSplit.ChunkElements);
        ForkJoin.Run(new ChunkWork(update, length), chunks, ElementwiseSplit.Workers(length, chunks));
    }

    readonly struct ChunkWork(Action<int, int> update, int length) : IChunkedWork
    {
        public void RunChunk(int chunk)
        {
            int offset = chunk * ElementwiseSplit.ChunkElements;
            update(offset, Math.Min(ElementwiseSplit.ChunkElements, length - offset));
        }
    }
}

/// <summary>SGD with momentum, torch.optim.SGD's form: v ← μv + g; w ← w − lr·v.</summary>
public sealed class Sgd : Optimizer
{
    readonly float[][] velocity;
    readonly float momentum;

    public Sgd(Mlp net, double learningRate, double momentum, double weightDecay) : base(learningRate, weightDecay)
    {
        this.momentum = (float)momentum;
        velocity = net.Layers.SelectMany(d => new[] { new float[d.Inputs * d.Outputs], new float[d.Outputs] }).ToArray();
    }

    protected override unsafe void Update(int slot, Span<float> w, Span<float> g, float[]? mask)
    {
        fixed (float* pw = w, pg = g, pv = velocity[slot], pm = mask)
        {
            // Pointers, not spans, cross into the chunk delegate (a lambda cannot capture a span).
            float* cw = pw, cg = pg, cv = pv, cm = pm;
            InChunks(w.Length, (offset, length) =>
            {
                var ws = new Span<float>(cw + offset, length);
                var gs = new Span<float>(cg + offset, length);
                PrepareGradient(ws, gs, cm == null ? default : new ReadOnlySpan<float>(cm + offset, length));
                if (momentum != 0)
                {
                    var vs = new Span<float>(cv + offset, length);
                    TensorPrimitives.MultiplyAdd(vs, momentum, gs, vs);
                    TensorPrimitives.MultiplyAdd(vs, -(float)LearningRate, ws, ws);
                }
                else TensorPrimitives.MultiplyAdd(gs, -(float)LearningRate, ws, ws);
            });
        }
    }
}

/// <summary>Adam (Kingma &amp; Ba) with bias correction, torch.optim.Adam's form (β = 0.9, 0.999; ε = 1e-8).</summary>
public sealed class Adam : Optimizer
{
    readonly float[][] m, v;
    readonly int[] steps;
    const float Beta1 = 0.9f, Beta2 = 0.999f, Eps = 1e-8f;

    public Adam(Mlp net, double learningRate, double weightDecay) : base(learningRate, weightDecay)
    {
        m = net.Layers.SelectMany(d => new[] { new float[d.Inputs * d.Outputs], new float[d.Outputs] }).ToArray();
        v = net.Layers.SelectMany(d => new[] { new float[d.Inputs * d.Outputs], new float[d.Outputs] }).ToArray();
        steps = new int[m.Length];
    }

    protected override unsafe void Update(int slot, Span<float> w, Span<float> g, float[]? mask)
    {
        int t = ++steps[slot];
        float c1 = 1f - MathF.Pow(Beta1, t), c2 = 1f - MathF.Pow(Beta2, t);
        float step = (float)LearningRate / c1;
        float sqrtC2 = MathF.Sqrt(c2);
        fixed (float* pw = w, pg = g, pm = m[slot], pv = v[slot], pmask = mask)
        {
            float* cw = pw, cg = pg, cm = pm, cv = pv, cmask = pmask;
            InChunks(w.Length, (offset, length) =>
            {
                PrepareGradient(new Span<float>(cw + offset, length), new Span<float>(cg + offset, length),
                    cmask == null ? default : new ReadOnlySpan<float>(cmask + offset, length));
                for (int i = offset; i < offset + length; i++)
                {
                    float gi = cg[i];
                    cm[i] = Beta1 * cm[i] + (1 - Beta1) * gi;
                    cv[i] = Beta2 * cv[i] + (1 - Beta2) * gi * gi;
                    float delta = step * cm[i] / (MathF.Sqrt(cv[i]) / sqrtC2 + Eps);
                    if (cmask == null || cmask[i] != 0) cw[i] -= delta;
                }
            });
        }
    }
}
