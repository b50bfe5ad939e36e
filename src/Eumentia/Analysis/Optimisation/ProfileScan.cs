using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Optimisation;

/// <summary>
/// Finds where a profile (the objective minimised over all other parameters with one held fixed) rises by
/// a given amount above its minimum, on each side: expanding steps until the threshold is crossed or the
/// parameter's bound is reached, then bisection. Used for Delta chi^2 = 1 intervals and the S + 1 rule.
/// </summary>
public static class ProfileScan
{
    public static ProfileInterval Interval(Func<double, double> profile, double best, double minimum, double delta,
        double lowerBound, double upperBound, double initialStep, double relativeTolerance = 1e-4)
    {
        double threshold = minimum + delta;
        var (lo, loFound) = Side(profile, best, threshold, lowerBound, -initialStep, relativeTolerance);
        var (hi, hiFound) = Side(profile, best, threshold, upperBound, initialStep, relativeTolerance);
        return new ProfileInterval(lo, hi, loFound, hiFound, threshold);
    }

    static (double Crossing, bool Found) Side(Func<double, double> profile, double best, double threshold, double bound, double step, double relativeTolerance)
    {
        double inside = best;
        for (int k = 0; k < 80; k++)
        {
            double trial = best + step;
            bool clamped = step > 0 ? trial >= bound : trial <= bound;
            if (clamped) trial = bound;
            double g = profile(trial);
            if (double.IsNaN(g)) g = double.PositiveInfinity;
            if (g >= threshold)
            {
                double outside = trial;
                // A few significant digits of the interval are plenty for an error bar.
                for (int it = 0; it < 60 && Math.Abs(outside - inside) > relativeTolerance * Math.Abs(outside - best); it++)
                {
                    double mid = 0.5 * (inside + outside);
                    double gm = profile(mid);
                    if (double.IsNaN(gm) || gm >= threshold) outside = mid; else inside = mid;
                }
                return (0.5 * (inside + outside), true);
            }
            if (clamped) return (bound, false);
            inside = trial;
            step *= 2;
        }
        return (inside, false);
    }
}
