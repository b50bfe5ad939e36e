using Eumentia.Data;
using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

/// <summary>
/// Evaluation computes each batch's first layer once for every mask draw and p_eval; the numbers must be those of a
/// whole forward pass per draw (how evaluation worked before), bit for bit.
/// </summary>
public class FirstLayerReuseTests
{
    static Mlp Net(int depth)
    {
        var net = Mlp.Create(20, 24, depth, 5, Activation.Tanh);
        net.Initialize(InitScheme.Sigma, 1.3, 0.2, 9);
        return net;
    }

    [Theory]
    [InlineData(1, MaskKind.PerExample, true)]
    [InlineData(2, MaskKind.PerExample, false)]
    [InlineData(3, MaskKind.PerNetwork, false)]
    public void FirstLayerThenTheRestIsAWholeForwardPass(int depth, MaskKind kind, bool rescale)
    {
        var net = Net(depth);
        var data = SyntheticData.Blobs(70, 20, 5, 0.7, 3);
        var first = new float[70 * 24];
        net.InferFirstLayer(data.X, 70, first);
        foreach (var pass in new[] { DropoutPass.Off, new DropoutPass(kind, 0.4, rescale, 11, 5, 2, 30) })
        {
            var whole = net.Infer(data.X, 70, pass).ToArray();
            var reused = net.InferAbove(first, 70, pass).ToArray();
            Assert.Equal(whole, reused);
        }
    }

    /// <summary>The reference: one whole forward pass per draw and p_eval, batches summed in order (the evaluator before the reuse).</summary>
    static EvalResult Reference(Mlp net, LabeledData data, double p, EvalMode mode, int draws, ulong seed, int batch)
    {
        int k = p > 0 ? draws : 1;
        var losses = new double[k];
        var accs = new double[k];
        for (int d = 0; d < k; d++)
        {
            double sum = 0;
            int correct = 0;
            for (int start = 0; start < data.Count; start += batch)
            {
                int b = Math.Min(batch, data.Count - start);
                var logits = net.Infer(data.X.AsSpan(start * data.Features, b * data.Features), b, EvalModes.Pass(mode, p, seed, d, start));
                sum += b * Losses.Evaluate(LossKind.CrossEntropy, logits, data.Y.AsSpan(start, b), b, net.Outputs, Span<float>.Empty, out int c);
                correct += c;
            }
            losses[d] = sum / data.Count;
            accs[d] = (double)correct / data.Count;
        }
        static double Se(double[] x) => x.Length < 2 ? 0 : Math.Sqrt(x.Sum(t => (t - x.Average()) * (t - x.Average())) / (x.Length - 1) / x.Length);
        return new EvalResult(p, EvalModes.Name(mode), k, losses.Average(), Se(losses), accs.Average(), Se(accs));
    }

    [Theory]
    [InlineData(EvalMode.McNoScale, 2)]
    [InlineData(EvalMode.Mc, 1)]
    [InlineData(EvalMode.Prune, 3)]
    [InlineData(EvalMode.Mc, 0)]
    public void EvaluatingEveryRateInOnePassGivesTheWholeForwardNumbers(EvalMode mode, int depth)
    {
        var net = Net(depth);
        var data = SyntheticData.Blobs(250, 20, 5, 0.9, 4);
        double[] rates = [0.0, 0.3, 0.6];
        // A batch of 64 does not divide 250: the last batch is short.
        var all = Evaluator.EvaluateAll(net, data, LossKind.CrossEntropy, rates, mode, 3, 17, batch: 64);
        for (int i = 0; i < rates.Length; i++)
        {
            var expected = Reference(net, data, rates[i], mode, 3, 17, 64);
            Assert.Equal(expected, all[i]);
            Assert.Equal(expected, Evaluator.Evaluate(net, data, LossKind.CrossEntropy, rates[i], mode, 3, 17, batch: 64));
        }
        if (depth > 0) Assert.NotEqual(all[1].Loss, all[2].Loss);
    }
}
