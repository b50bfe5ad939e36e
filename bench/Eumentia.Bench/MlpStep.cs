using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Training;

namespace Eumentia.Bench;

/// <summary>
/// The peer's training protocol on Eumentia's engine: MLP 784-H-…-H-10, ReLU, dropout after every hidden layer,
/// cross-entropy, SGD (lr 0.05, momentum 0.9) or Adam (lr 1e-3); minibatches are contiguous slices of the
/// (already shuffled) training set, wrapping to the start, so no data is copied inside the timed loop.
/// </summary>
public sealed class MlpStep
{
    readonly float[] x;
    readonly byte[] y;
    readonly int count, batch;
    readonly float[] grad;
    readonly Optimizer optimizer;
    readonly double dropout;
    readonly ulong seed;
    int position;
    long step;

    public Mlp Net { get; }
    public double LastLoss { get; private set; }

    public MlpStep(int width, int depth, int batch, string optimizer, double dropout, ulong seed, float[] x, byte[] y, int count, int start = 0)
    {
        Net = Mlp.Create(784, width, depth, 10, Activation.Relu);
        Net.Initialize(InitScheme.He, 1, 0, seed);
        this.optimizer = optimizer == "adam"
            ? Optimizer.Create(OptimizerKind.Adam, Net, 1e-3, 0, 0)
            : Optimizer.Create(OptimizerKind.Sgd, Net, 0.05, 0.9, 0);
        (this.x, this.y, this.count, this.batch, this.dropout, this.seed, position) = (x, y, count, batch, dropout, seed, start);
        grad = new float[batch * 10];
    }

    public void Run(int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            if (position + batch > count) position = 0;
            var xb = x.AsSpan(position * 784, batch * 784);
            var pass = dropout > 0 ? new DropoutPass(MaskKind.PerExample, dropout, true, seed, RngStream.Dropout, step, 0) : DropoutPass.Off;
            var logits = Net.Forward(xb, batch, pass);
            LastLoss = Losses.Evaluate(LossKind.CrossEntropy, logits, y.AsSpan(position, batch), batch, 10, grad, out _);
            Net.Backward(xb, grad);
            optimizer.Step(Net);
            position += batch;
            step++;
        }
    }
}
