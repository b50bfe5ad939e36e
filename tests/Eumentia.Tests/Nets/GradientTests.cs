using Eumentia.Nets;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Training;

namespace Eumentia.Tests.Nets;

public class GradientTests
{
    public static TheoryData<Activation, LossKind, bool, bool> Cases()
    {
        var data = new TheoryData<Activation, LossKind, bool, bool>();
        foreach (var act in Enum.GetValues<Activation>())
            foreach (var loss in Enum.GetValues<LossKind>())
                foreach (var dropout in new[] { false, true })
                    foreach (var pruned in new[] { false, true })
                        data.Add(act, loss, dropout, pruned);
        return data;
    }

    /// <summary>Every layer's analytic weight and bias gradient equals the float64 central difference of the reference loss.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardMatchesFiniteDifferences(Activation act, LossKind loss, bool dropout, bool pruned)
    {
        int[] sizes = [6, 5, 4, 3];
        int batch = 4;
        var net = new Mlp(sizes, act);
        net.Initialize(InitScheme.Sigma, 1.5, 0.3, seed: 9);
        if (pruned)
            foreach (var (d, l) in net.Layers.Select((d, l) => (d, l)))
                d.SetWeightMask(Enumerable.Range(0, d.Inputs * d.Outputs).Select(i => Philox.Uniform(5, (ulong)l, (ulong)i) < 0.3 ? 0f : 1f).ToArray());
        var x = new float[batch * sizes[0]];
        Philox.FillNormal(3, 0, 0, x);
        var y = new byte[] { 0, 2, 1, 2 };
        var pass = dropout ? new DropoutPass(MaskKind.PerExample, 0.4, true, 17, RngStream.Dropout, 0, 0) : DropoutPass.Off;

        var logits = net.Forward(x, batch, pass);
        var grad = new float[batch * 3];
        Losses.Evaluate(loss, logits, y, batch, 3, grad, out _);
        net.Backward(x, grad);

        var dropMasks = new float[]?[net.HiddenLayers];
        for (int l = 0; l < net.HiddenLayers && dropout; l++)
        {
            dropMasks[l] = new float[batch * sizes[l + 1]];
            pass.FillMask(l, batch, sizes[l + 1], dropMasks[l]);
        }
        var weights = net.Layers.SelectMany(d => new[] { d.Weight.ToArray().Select(v => (double)v).ToArray(), d.Bias.Select(v => (double)v).ToArray() }).ToArray();
        var masks = net.Layers.Select(d => d.WeightMask).ToArray();
        var xd = x.Select(v => (double)v).ToArray();
        double Reference() => ReferenceMlp.Loss(act, loss, sizes, weights, masks, dropMasks, xd, y, batch);

        const double h = 1e-6;
        int nonzero = 0;
        for (int t = 0; t < weights.Length; t++)
        {
            var analytic = t % 2 == 0 ? net.Layers[t / 2].WeightGrad.ToArray() : net.Layers[t / 2].BiasGrad;
            for (int i = 0; i < weights[t].Length; i++)
            {
                double saved = weights[t][i];
                weights[t][i] = saved + h; double up = Reference();
                weights[t][i] = saved - h; double down = Reference();
                weights[t][i] = saved;
                double fd = (up - down) / (2 * h);
                Assert.True(Math.Abs(analytic[i] - fd) <= 2e-4 + 2e-3 * Math.Abs(fd),
                    $"{act}/{loss}/dropout={dropout}/pruned={pruned}: tensor {t} [{i}] analytic {analytic[i]} vs finite difference {fd}");
                if (Math.Abs(fd) > 1e-4) nonzero++;
            }
        }
        Assert.True(nonzero > 20, $"only {nonzero} gradients are non-zero: the check would pass vacuously");
        if (pruned)
            foreach (var d in net.Layers)
                for (int i = 0; i < d.WeightMask!.Length; i++)
                    if (d.WeightMask[i] == 0) Assert.Equal(0f, d.WeightGrad.Span[i]);
    }
}
