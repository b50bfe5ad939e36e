using Eumentia.Analysis.Statistics;
using Eumentia.Theory;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// One simulated MLP with dropout against the mean-field theory of <see cref="DropoutCriticality"/>: the plateau ρ* the
/// probe's ρ_l settles to and the depth scale ξ_c of its approach, each with its bootstrap error over weight draws,
/// beside the exact infinite-width values at the same (σ_w, keep): ρ*, the asymptotic ξ_c = −1/ln χ_c, and the same
/// estimator's ξ on the exact iteration from the same start (<see cref="TheoryFitDepthScale"/>: what the fit would give
/// at infinite width, since over a finite window from ρ₀ ≠ ρ* the approach is not yet purely exponential).
/// </summary>
public sealed record DropoutRelaxation(double Keep, double SigmaW, int Width, Estimate Plateau, Estimate DepthScale, double TheoryRho, double TheoryDepthScale,
    double TheoryFitDepthScale)
{
    /// <summary>
    /// The probe that measures it: an MLP of <paramref name="width"/> with dropout, one pair per network (sampled
    /// pre-activations), started at ρ₀ = 0.8 ρ* of the theory so that the approach to the plateau is nearly linear (from ρ₀ = 1
    /// its first layers are the nonlinear map's); the start only sets the scale, the fit reads ρ* from the run.
    /// </summary>
    public static ProbeConfig Probe(MeanField theory, int width, int depth, int draws, ulong seed) => new()
    {
        Architecture = "mlp", Activation = theory.Activation.Name, SigmaW = theory.SigmaW, SigmaB = theory.SigmaB, Keep = theory.Keep,
        Width = width, Depth = depth, Pairs = 1, Draws = draws, InitialRho = Math.Clamp(0.8 * theory.RhoFixedPoint, 1e-6, 1),
        InitialLength = theory.LengthFixedPoint(), Seed = seed, Sampler = "preactivations",
    };

    /// <summary>
    /// ρ* as the mean of ρ̄_l over the last half of the run; ξ from the least-squares slope of ln(ρ* − ρ̄_l) over the layers
    /// from 0 to where ρ* − ρ̄_l first falls below 0.2 (ρ* − ρ̄₀) (about 1.6 ξ, where the noise is still small against it).
    /// Errors: bootstrap over the draws (<see cref="DrawBootstrap"/>).
    /// </summary>
    public static DropoutRelaxation Measure(ProbeResult run, MeanField theory, ulong seed = 0)
    {
        int depth = run.Depth;
        double[] Statistics(MeanCurves[] curves)
        {
            var mean = curves[0].Mean;
            double plateau = 0;
            for (int l = depth / 2; l <= depth; l++) plateau += mean[l];
            plateau /= depth - depth / 2 + 1;
            double start = plateau - mean[0];
            var xs = new List<double>();
            var ys = new List<double>();
            for (int l = 0; l <= depth / 2; l++)
            {
                double gap = (plateau - mean[l]) * Math.Sign(start);
                if (!(gap > 0.2 * Math.Abs(start))) break;
                xs.Add(l);
                ys.Add(Math.Log(gap));
            }
            return [plateau, xs.Count >= 3 ? -1 / Slope(xs, ys) : double.NaN];
        }
        var estimates = DrawBootstrap.Estimates([run.PerDraw], Statistics, 2, seed: seed);
        var exact = theory.Iterate(run.Config.InitialLength, run.Config.InitialRho, depth).Rho.ToArray();
        double fitted = Statistics([new MeanCurves(exact, exact)])[1];
        return new DropoutRelaxation(theory.Keep, theory.SigmaW, run.Config.Width, estimates[0], estimates[1], theory.RhoFixedPoint, theory.CorrelationDepthScale, fitted);
    }

    static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
