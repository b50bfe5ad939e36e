using Eumentia.Numerics.Threading;
using System.Numerics.Tensors;

namespace Eumentia.Studies.Lottery;

/// <summary>Pre-activation statistics of one layer's units over a probe set, and each weight's cavity effect.</summary>
/// <param name="Kurtosis">Excess kurtosis κ_i = E[h̃⁴]/E[h̃²]² − 3 of unit i's centred pre-activation (NaN for a dead unit).</param>
/// <param name="DeltaKurtosis">Δκ_ij = κ(h_i − w_ij x_j) − κ(h_i): how removing weight w_ij alone changes unit i's
/// kurtosis (row-major units × inputs; NaN where the weight is already pruned or the unit is dead).
/// Positive: the weight was making h_i more Gaussian; removing it raises the non-Gaussianity.</param>
public sealed record CavityResult(int Units, int Inputs, double[] Kurtosis, double[] DeltaKurtosis);

/// <summary>
/// The cavity method of Redman et al.: the effect of one weight on the statistics of its unit's pre-activation
/// h_i = Σ_j w_ij x_j + b_i, computed for all weights at once from moments instead of re-running the network per
/// weight. With centred h̃ and x̃, removing w_ij = a turns h̃ into h̃ − a x̃_j, so
///   E[(h̃ − a x̃)²] = E h̃² − 2a E[h̃ x̃] + a² E x̃²,
///   E[(h̃ − a x̃)⁴] = E h̃⁴ − 4a E[h̃³ x̃] + 6a² E[h̃² x̃²] − 4a³ E[h̃ x̃³] + a⁴ E x̃⁴,
/// and four mixed-moment matrices E[h̃^p x̃_j^q] (units × inputs, one pass over the probe set) give every Δκ_ij.
/// Everything is accumulated in float64.
/// </summary>
public static class Cavity
{
    /// <param name="x">Probe inputs, row-major count × inputs.</param>
    /// <param name="weight">The layer's weights, row-major units × inputs (pruned entries zero).</param>
    /// <param name="mask">1 where a weight exists; null = all exist.</param>
    /// <param name="effects">false: only the units' kurtosis (DeltaKurtosis stays empty), skipping the mixed moments.</param>
    public static CavityResult Compute(ReadOnlySpan<float> x, int count, int inputs, ReadOnlySpan<float> weight, int units, float[]? mask, bool effects = true)
    {
        if (count < 2) throw new ArgumentException("the cavity method needs at least two probe examples");
        if (x.Length < count * inputs || weight.Length != units * inputs) throw new ArgumentException("probe or weight shape mismatch");

        // Centred inputs x̃ and their moments.
        var xc = new double[count * inputs];
        var mean = new double[inputs];
        for (int e = 0; e < count; e++)
            for (int j = 0; j < inputs; j++) mean[j] += x[e * inputs + j];
        for (int j = 0; j < inputs; j++) mean[j] /= count;
        for (int e = 0; e < count; e++)
            for (int j = 0; j < inputs; j++) xc[e * inputs + j] = x[e * inputs + j] - mean[j];
        var s2 = new double[inputs];
        var s4 = new double[inputs];
        for (int e = 0; e < count; e++)
            for (int j = 0; j < inputs; j++)
            {
                double v = xc[e * inputs + j] * xc[e * inputs + j];
                s2[j] += v / count;
                s4[j] += v * v / count;
            }

        // Centred pre-activations h̃ = W x̃ (the bias and the input means drop out), stored count × units.
        var w = new double[units * inputs];
        for (int i = 0; i < w.Length; i++) w[i] = weight[i];
        var m2 = new double[units];
        var m4 = new double[units];
        int mixed = effects ? units * inputs : 0;
        var a11 = new double[mixed];
        var a31 = new double[mixed];
        var a22 = new double[mixed];
        var a13 = new double[mixed];
        var xcArray = xc;
        // Units are independent: split them over threads; each sum runs over examples in order, so the result does
        // not depend on the thread count.
        Parallel.For(0, units, new ParallelOptions { MaxDegreeOfParallelism = Parallelism.MaxThreads }, i =>
        {
            var wi = w.AsSpan(i * inputs, inputs);
            int row = effects ? i * inputs : 0, width = effects ? inputs : 0;
            var r11 = a11.AsSpan(row, width);
            var r31 = a31.AsSpan(row, width);
            var r22 = a22.AsSpan(row, width);
            var r13 = a13.AsSpan(row, width);
            var xsq = new double[width];
            for (int e = 0; e < count; e++)
            {
                var xe = xcArray.AsSpan(e * inputs, inputs);
                double he = TensorPrimitives.Dot<double>(wi, xe);
                double h2 = he * he;
                m2[i] += h2;
                m4[i] += h2 * h2;
                if (!effects) continue;
                TensorPrimitives.Multiply<double>(xe, xe, xsq);
                TensorPrimitives.MultiplyAdd<double>(xe, he, r11, r11);
                TensorPrimitives.MultiplyAdd<double>(xe, h2 * he, r31, r31);
                TensorPrimitives.MultiplyAdd<double>(xsq, h2, r22, r22);
                TensorPrimitives.Multiply<double>(xsq, xe, xsq);
                TensorPrimitives.MultiplyAdd<double>(xsq, he, r13, r13);
            }
            m2[i] /= count;
            m4[i] /= count;
            TensorPrimitives.Divide<double>(r11, count, r11);
            TensorPrimitives.Divide<double>(r31, count, r31);
            TensorPrimitives.Divide<double>(r22, count, r22);
            TensorPrimitives.Divide<double>(r13, count, r13);
        });

        var kurtosis = new double[units];
        var delta = new double[mixed];
        for (int i = 0; i < units; i++)
        {
            kurtosis[i] = ExcessKurtosis(m2[i], m4[i]);
            for (int j = 0; j < (effects ? inputs : 0); j++)
            {
                int ij = i * inputs + j;
                double a = w[ij];
                if ((mask is not null && mask[ij] == 0) || double.IsNaN(kurtosis[i])) { delta[ij] = double.NaN; continue; }
                double r2 = m2[i] - 2 * a * a11[ij] + a * a * s2[j];
                double r4 = m4[i] - 4 * a * a31[ij] + 6 * a * a * a22[ij] - 4 * a * a * a * a13[ij] + a * a * a * a * s4[j];
                delta[ij] = ExcessKurtosis(r2, r4) - kurtosis[i];
            }
        }
        return new CavityResult(units, inputs, kurtosis, delta);
    }

    /// <summary>E[h⁴]/E[h²]² − 3 from centred moments; NaN when the variance vanishes (relative to round-off).</summary>
    public static double ExcessKurtosis(double m2, double m4) => m2 > 1e-300 ? m4 / (m2 * m2) - 3 : double.NaN;

    /// <summary>Excess kurtosis of a sample (centred here), in float64.</summary>
    public static double ExcessKurtosis(ReadOnlySpan<double> sample)
    {
        double mean = 0;
        foreach (var v in sample) mean += v;
        mean /= sample.Length;
        double m2 = 0, m4 = 0;
        foreach (var v in sample)
        {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }
        return ExcessKurtosis(m2 / sample.Length, m4 / sample.Length);
    }
}
