using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;
using Eumentia.Training;

namespace Eumentia.Tests.Nets;

/// <summary>
/// Mlp.Infer (evaluation without backward state, masks applied in place, passes split into row blocks over
/// threads) must give exactly the logits of the training forward pass, in every eval mode and for any
/// thread count — the phases study's losses come from Infer.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class InferenceTests
{
    [Theory]
    [InlineData(EvalMode.Mc, Activation.Relu)]
    [InlineData(EvalMode.McNoScale, Activation.Tanh)]
    [InlineData(EvalMode.Prune, Activation.Relu)]
    [InlineData(EvalMode.Mc, Activation.Erf)]
    public void InferGivesTheForwardPassLogitsOnOneAndTwoThreads(EvalMode mode, Activation activation)
    {
        // 300 examples × 160 units: several row blocks per layer, so the parallel split is exercised.
        const int batch = 300, inputs = 50;
        var net = Mlp.Create(inputs, 160, 3, 7, activation);
        net.Initialize(InitScheme.He, 0, 0, 5);
        var x = new float[batch * inputs];
        Philox.FillUniform(9, 0, 0, x);
        var pass = EvalModes.Pass(mode, 0.4, 3, 1, firstExample: 1000);

        var reference = net.Forward(x, batch, pass).ToArray();
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Parallelism.MaxThreads = threads;
                Assert.Equal(reference, net.Infer(x, batch, pass).ToArray());
            }
        }
        finally { Parallelism.MaxThreads = saved; }
        // The masks did something: without dropout the logits differ.
        Assert.NotEqual(reference, net.Infer(x, batch, DropoutPass.Off).ToArray());
    }
}
