using System.Numerics.Tensors;
using Eumentia.Nets;

namespace Eumentia.Training;

/// <summary>Optimizer kinds, with PyTorch's update rules so results carry over.</summary>
public enum OptimizerKind { Sgd, Adam }

/// <summary>
/// Updates every layer of an MLP from its gradients. Weight decay is L2 added to the gradient (torch.optim
/// semantics). The update of a pruned or frozen weight is masked out, so it never moves.
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

    protected void AddWeightDecay(Span<float> w, Span<float> g)
    {
        if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(w, (float)WeightDecay, g, g);
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

    protected override void Update(int slot, Span<float> w, Span<float> g, float[]? mask)
    {
        AddWeightDecay(w, g);
        if (mask is not null) TensorPrimitives.Multiply(g, mask, g);
        var v = velocity[slot].AsSpan();
        if (momentum != 0)
        {
            TensorPrimitives.MultiplyAdd(v, momentum, g, v);
            TensorPrimitives.MultiplyAdd(v, -(float)LearningRate, w, w);
        }
        else TensorPrimitives.MultiplyAdd(g, -(float)LearningRate, w, w);
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

    protected override void Update(int slot, Span<float> w, Span<float> g, float[]? mask)
    {
        AddWeightDecay(w, g);
        if (mask is not null) TensorPrimitives.Multiply(g, mask, g);
        int t = ++steps[slot];
        float c1 = 1f - MathF.Pow(Beta1, t), c2 = 1f - MathF.Pow(Beta2, t);
        float step = (float)LearningRate / c1;
        float sqrtC2 = MathF.Sqrt(c2);
        var ms = m[slot].AsSpan();
        var vs = v[slot].AsSpan();
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            ms[i] = Beta1 * ms[i] + (1 - Beta1) * gi;
            vs[i] = Beta2 * vs[i] + (1 - Beta2) * gi * gi;
            float delta = step * ms[i] / (MathF.Sqrt(vs[i]) / sqrtC2 + Eps);
            if (mask is null || mask[i] != 0) w[i] -= delta;
        }
    }
}
