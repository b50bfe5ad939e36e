using Eumentia.Nets;
using Eumentia.Training;

namespace Eumentia.Tests.Nets;

/// <summary>
/// A plain float64 re-implementation of the MLP forward pass and losses, written from the definitions with
/// no shared code, so finite differences of its loss check the engine's float32 backward pass.
/// </summary>
static class ReferenceMlp
{
    public static double Erf(double x) => MathNet.Numerics.SpecialFunctions.Erf(x);

    static double Phi(Activation a, double z) => a switch
    {
        Activation.Relu => Math.Max(z, 0),
        Activation.Tanh => Math.Tanh(z),
        Activation.Erf => Erf(z),
        Activation.HardTanh => Math.Clamp(z, -1, 1),
        _ => z,
    };

    /// <param name="weights">Per layer, W (out×in, row-major) then b; pruned weights are multiplied by their mask.</param>
    /// <param name="dropMasks">Per hidden layer, batch×width mask values (0 or kept value), or null.</param>
    public static double Loss(Activation act, LossKind loss, IReadOnlyList<int> sizes, double[][] weights, float[]?[] weightMasks,
        float[]?[] dropMasks, double[] x, byte[] y, int batch)
    {
        double total = 0;
        for (int r = 0; r < batch; r++)
        {
            var a = x.Skip(r * sizes[0]).Take(sizes[0]).ToArray();
            for (int l = 0; l < sizes.Count - 1; l++)
            {
                int nin = sizes[l], nout = sizes[l + 1];
                var w = weights[2 * l];
                var b = weights[2 * l + 1];
                var z = new double[nout];
                for (int o = 0; o < nout; o++)
                {
                    double s = b[o];
                    for (int i = 0; i < nin; i++) s += w[o * nin + i] * (weightMasks[l]?[o * nin + i] ?? 1f) * a[i];
                    z[o] = s;
                }
                if (l == sizes.Count - 2) { a = z; break; }
                a = z.Select(Phi(act)).ToArray();
                if (dropMasks[l] is { } m) for (int o = 0; o < nout; o++) a[o] *= m[r * nout + o];
            }
            if (loss == LossKind.CrossEntropy)
            {
                double max = a.Max();
                total += max + Math.Log(a.Sum(v => Math.Exp(v - max))) - a[y[r]];
            }
            else
            {
                for (int c = 0; c < a.Length; c++) total += 0.5 * Math.Pow(a[c] - (c == y[r] ? 1 : 0), 2);
            }
        }
        return total / batch;
    }

    static Func<double, double> Phi(Activation a) => z => Phi(a, z);
}
