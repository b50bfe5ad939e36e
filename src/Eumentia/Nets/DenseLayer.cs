using Eumentia.Numerics.LinearAlgebra;

namespace Eumentia.Nets;

/// <summary>
/// A fully connected layer y = x·Wᵀ + b, with W stored out×in (PyTorch's layout, so weights exchange with
/// torch as they are). Two optional masks of W's shape: the weight mask (pruned weights are zero and stay
/// zero) and the learnable mask (only weights marked 1 receive updates; the rest stay frozen at their values).
/// </summary>
public sealed class DenseLayer
{
    public int Inputs { get; }
    public int Outputs { get; }
    public Matrix Weight { get; }
    public float[] Bias { get; }
    public Matrix WeightGrad { get; }
    public float[] BiasGrad { get; }

    /// <summary>1 where the weight exists, 0 where it was pruned; null means dense.</summary>
    public float[]? WeightMask { get; private set; }

    /// <summary>1 where the weight learns, 0 where it is frozen; null means all learn.</summary>
    public float[]? LearnableMask { get; private set; }

    /// <summary>Whether the bias receives updates.</summary>
    public bool BiasLearnable { get; set; } = true;

    public DenseLayer(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
        Weight = new Matrix(outputs, inputs);
        Bias = new float[outputs];
        WeightGrad = new Matrix(outputs, inputs);
        BiasGrad = new float[outputs];
    }

    public void SetWeightMask(float[]? mask)
    {
        if (mask is not null && mask.Length != Inputs * Outputs)
            throw new ArgumentException($"weight mask has {mask.Length} entries, layer has {Inputs * Outputs} weights");
        WeightMask = mask;
        updateMask = null;
        ApplyWeightMask();
    }

    public void SetLearnableMask(float[]? mask)
    {
        if (mask is not null && mask.Length != Inputs * Outputs)
            throw new ArgumentException($"learnable mask has {mask.Length} entries, layer has {Inputs * Outputs} weights");
        LearnableMask = mask;
        updateMask = null;
    }

    /// <summary>Zeroes pruned weights (after init, load or an update).</summary>
    public void ApplyWeightMask()
    {
        if (WeightMask is null) return;
        System.Numerics.Tensors.TensorPrimitives.Multiply(Weight.Span, WeightMask, Weight.Span);
    }

    /// <summary>
    /// 1 where an optimizer may move the weight (present and learnable), 0 elsewhere; null when all may move.
    /// Optimizers multiply their whole update by it, so weight decay and momentum cannot move a frozen weight.
    /// </summary>
    public float[]? UpdateMask => (WeightMask, LearnableMask) switch
    {
        (null, null) => null,
        (var w, null) => w,
        (null, var l) => l,
        var (w, l) => updateMask ??= Product(w, l),
    };

    float[]? updateMask;

    static float[] Product(float[] a, float[] b)
    {
        var r = new float[a.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(a, b, r);
        return r;
    }

    public int ParameterCount => Inputs * Outputs + Outputs;
}
