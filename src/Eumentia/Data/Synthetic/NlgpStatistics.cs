namespace Eumentia.Data.Synthetic;

/// <summary>
/// One statistic of the generated inputs: the generator's exact value beside the sample's, with the sample's
/// standard error (from the spread over examples, each example's value averaged over its sites).
/// </summary>
public sealed record NlgpCheck(string Name, double Theory, double Measured, double MeasuredSe)
{
    /// <summary>(measured − theory) / standard error.</summary>
    public double Z => MeasuredSe > 0 ? (Measured - Theory) / MeasuredSe : double.NaN;
}

/// <summary>
/// The checks `eumentia data make` prints: unit variance, the marginal excess kurtosis (NlgpTheory.ExcessKurtosis;
/// 0 for the Gaussian control) and, per class, the covariance of nearest neighbours on the torus (the generator's
/// realised kernel at displacement 1, along the first axis).
/// </summary>
public static class NlgpStatistics
{
    public static IReadOnlyList<NlgpCheck> Compare(NlgpGenerator generator, LabeledData sample)
    {
        var spec = generator.Spec;
        var torus = spec.Torus;
        int n = spec.Features, count = sample.Count;
        var m2 = new double[count];
        var m4 = new double[count];
        var neighbour = new double[count];
        for (int i = 0; i < count; i++)
        {
            var x = sample.X.AsSpan(i * n, n);
            double s2 = 0, s4 = 0, nn = 0;
            for (int j = 0; j < n; j++)
            {
                double v = x[j], v2 = v * v;
                s2 += v2;
                s4 += v2 * v2;
                nn += v * x[torus.Translate(j, 1)];
            }
            (m2[i], m4[i], neighbour[i]) = (s2 / n, s4 / n, nn / n);
        }
        double variance = m2.Average(), fourth = m4.Average();
        // Excess kurtosis of the pooled sample; its standard error by the delta method over per-example means.
        double kurtosis = fourth / (variance * variance) - 3;
        var kurtosisTerms = Enumerable.Range(0, count).Select(i => m4[i] / (variance * variance) - 2 * fourth * m2[i] / (variance * variance * variance)).ToArray();
        var checks = new List<NlgpCheck>
        {
            new("variance", 1, variance, Se(m2)),
            new("excess_kurtosis", spec.Kind == NlgpKind.Nlgp ? NlgpTheory.ExcessKurtosis(spec.Gain) : 0, kurtosis, Se(kurtosisTerms)),
        };
        for (int c = 0; c < 2; c++)
        {
            var ofClass = Enumerable.Range(0, count).Where(i => sample.Y[i] == c).Select(i => neighbour[i]).ToArray();
            int displacement = torus.Translate(0, 1);
            checks.Add(new($"neighbour_covariance_class_{c}", generator.InputKernels[c][displacement], ofClass.DefaultIfEmpty(double.NaN).Average(), Se(ofClass)));
        }
        return checks;
    }

    static double Se(double[] x)
    {
        if (x.Length < 2) return double.NaN;
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1) / x.Length);
    }
}
