using MathNet.Numerics.Distributions;

namespace Eumentia.Analysis.Statistics;

/// <summary>A confidence interval for a binomial proportion k / n.</summary>
public readonly record struct ProportionInterval(double Lower, double Upper)
{
    /// <summary>
    /// Wilson's score interval: inverts the normal score test, so it stays inside [0, 1], is never empty at
    /// k = 0 or k = n (where a match probability of a sharp transition usually sits), and its coverage is
    /// close to nominal on average over p.
    /// </summary>
    public static ProportionInterval Wilson(int successes, int trials, double confidence = 0.95)
    {
        Check(successes, trials, confidence);
        double z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2), n = trials, p = successes / n, z2 = z * z;
        double center = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new(Math.Max(0, center - half), Math.Min(1, center + half));
    }

    /// <summary>
    /// Clopper–Pearson's exact interval from beta quantiles: coverage at least the nominal level for every p
    /// (conservative), the choice when "MP is below x" must hold without approximation.
    /// </summary>
    public static ProportionInterval ClopperPearson(int successes, int trials, double confidence = 0.95)
    {
        Check(successes, trials, confidence);
        double alpha = 1 - confidence;
        double lower = successes == 0 ? 0 : Beta.InvCDF(successes, trials - successes + 1, alpha / 2);
        double upper = successes == trials ? 1 : Beta.InvCDF(successes + 1, trials - successes, 1 - alpha / 2);
        return new(lower, upper);
    }

    public bool Contains(double p) => p >= Lower && p <= Upper;

    static void Check(int successes, int trials, double confidence)
    {
        if (trials < 1 || successes < 0 || successes > trials)
            throw new ArgumentOutOfRangeException(nameof(successes), $"{successes} successes in {trials} trials");
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be in (0, 1)");
    }
}
