using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Sparse;
using Eumentia.Numerics.Threading;
using Eumentia.Training;

namespace Eumentia.Tests.Nets;

/// <summary>
/// A ReLU network with dropout sends its products through the zero-skipping GEMM; training must end with
/// exactly the weights of the dense path, on one and on two threads.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class SparseTrainingTests
{
    static float[] Train(bool sparse, int threads)
    {
        const int batch = 96, inputs = 120, steps = 4;
        var net = Mlp.Create(inputs, 256, 2, 10, Activation.Relu);
        net.Initialize(InitScheme.He, 0, 0, 3);
        var optimizer = Optimizer.Create(OptimizerKind.Sgd, net, 0.05, 0.9, 0);
        var x = new float[batch * inputs];
        Philox.FillUniform(4, 0, 0, x);
        var labels = Enumerable.Range(0, batch).Select(i => (byte)(i % 10)).ToArray();
        var grad = new float[batch * 10];
        bool savedSparse = SparseGemm.Enabled;
        double savedDensity = SparseGemm.MaxDensity;
        int savedThreads = Parallelism.MaxThreads;
        try
        {
            SparseGemm.Enabled = sparse;
            SparseGemm.MaxDensity = 0.5; // the sparse path on every machine, whatever its dense kernel
            Parallelism.MaxThreads = threads;
            for (int step = 0; step < steps; step++)
            {
                var pass = new DropoutPass(MaskKind.PerExample, 0.3, true, 11, RngStream.Dropout, step, 0);
                var logits = net.Forward(x, batch, pass);
                Losses.Evaluate(LossKind.CrossEntropy, logits, labels, batch, 10, grad, out _);
                net.Backward(x, grad);
                optimizer.Step(net);
            }
        }
        finally
        {
            SparseGemm.Enabled = savedSparse;
            SparseGemm.MaxDensity = savedDensity;
            Parallelism.MaxThreads = savedThreads;
        }
        return net.Layers.SelectMany(l => l.Weight.Span.ToArray().Concat(l.Bias)).ToArray();
    }

    [Fact]
    public void SparseAndDensePathsTrainToTheSameBits()
    {
        var dense = Train(false, 1);
        long before = SparseGemm.SparseProducts;
        Assert.Equal(dense, Train(true, 1));
        // The hidden layers' activations and gradients are about 65 % zeros, so the sparse path was taken:
        // per step the second layer's forward, dW and dX products, and the first layer's dW.
        if (SparseGemm.IsSupported) Assert.True(SparseGemm.SparseProducts - before >= 4 * 4);
        Assert.Equal(dense, Train(true, 2));
    }
}
