using Eumentia.Analysis.Statistics;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// The decay from a fully active start at one layer, over all weight draws: the survival probability P(l)
/// (the fraction of draws not yet absorbed), the order parameter ρ̄(l) averaged over ALL draws (absorbed ones
/// count as the zero they are), its mean over survivors ρ̄/P, the effective exponent
/// δ_eff(l) = −d ln ρ̄ / d ln l (from ρ̄ at l/√2 and l√2) with its bootstrap error, and the spread over draws
/// of ln ρ (how far each network is from the average one).
/// </summary>
public sealed record DecayPoint(int Layer, double Survival, double Rho, double RhoError, double RhoSurvivors, double DeltaEffective,
    double DeltaError, double LogSpread);

/// <summary>
/// The decay at the critical point of one architecture: its points, the plateau δ (the log-log slope of ρ̄ over
/// [WindowFrom, WindowTo], inside the finite-size time L^z), and the draw-to-draw spread of ln ρ at
/// <see cref="SpreadLayer"/> for every system size run there: a sum of independent local noises
/// self-averages (spread ∝ L^{−d/2}), a noise every site shares does not.
/// </summary>
public sealed record DecayOutcome(string Architecture, string Label, double SigmaW, double Size, double FiniteSizeTime, int WindowFrom, int WindowTo,
    Estimate Delta, IReadOnlyList<DecayPoint> Points, int SpreadLayer, IReadOnlyList<(double Size, double LogSpread)> SpreadBySize);

/// <summary>The observables of a decay from the fully active state, as DP simulations measure them.</summary>
public static class DecayObservables
{
    /// <summary>Effective exponents at layers spaced by 2^{1/4}, from max(2, first) on.</summary>
    public static (IReadOnlyList<DecayPoint> Points, Estimate Plateau) Measure(IReadOnlyList<double[]> perDraw, int windowFrom, int windowTo,
        int replicates = 200, ulong seed = 0)
    {
        int depth = perDraw[0].Length - 1;
        if (windowFrom < 1 || windowTo <= windowFrom || windowTo > depth)
            throw new ArgumentException($"bad decay window [{windowFrom}, {windowTo}] for depth {depth}");
        var layers = Enumerable.Range(0, 200).Select(i => (int)Math.Round(2 * Math.Pow(2, i / 4.0)))
            .Where(l => l * Math.Sqrt(2) <= depth).Distinct().ToArray();
        // Statistics of one (resampled) mean curve: δ_eff at each layer, then the plateau.
        double[] Statistics(MeanCurves[] curves)
        {
            var mean = curves[0].Mean;
            var values = new double[layers.Length + 1];
            for (int i = 0; i < layers.Length; i++) values[i] = EffectiveExponent(mean, layers[i]);
            values[^1] = -CurveFits.PowerLaw(mean, windowFrom, windowTo).Slope;
            return values;
        }
        var estimates = DrawBootstrap.Estimates([perDraw], Statistics, layers.Length + 1, replicates, seed);
        var points = layers.Select((l, i) =>
        {
            int alive = perDraw.Count(d => d[l] > CurveFits.Floor);
            double rho = perDraw.Average(d => d[l]);
            double error = Math.Sqrt(perDraw.Sum(d => (d[l] - rho) * (d[l] - rho)) / (perDraw.Count - 1) / perDraw.Count);
            return new DecayPoint(l, (double)alive / perDraw.Count, rho, error, alive > 0 ? rho * perDraw.Count / alive : 0,
                estimates[i].Value, estimates[i].Error, LogSpread(perDraw, l));
        }).ToArray();
        return (points, estimates[^1]);
    }

    /// <summary>−[ln ρ(l√2) − ln ρ(l/√2)] / ln 2; NaN where either is not positive.</summary>
    public static double EffectiveExponent(IReadOnlyList<double> rho, int layer)
    {
        int below = (int)Math.Round(layer / Math.Sqrt(2)), above = (int)Math.Round(layer * Math.Sqrt(2));
        if (below < 1 || above >= rho.Count || !(rho[below] > 0) || !(rho[above] > 0)) return double.NaN;
        return -(Math.Log(rho[above]) - Math.Log(rho[below])) / Math.Log((double)above / below);
    }

    /// <summary>The standard deviation over draws of ln ρ at one layer (merged draws as 1e-300).</summary>
    public static double LogSpread(IReadOnlyList<double[]> perDraw, int layer)
    {
        var logs = perDraw.Select(d => Math.Log(Math.Max(d[layer], 1e-300))).ToArray();
        double mean = logs.Average();
        return Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1));
    }
}
