using Eumentia.Analysis.Optimisation;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// S as a function of the free parameters mapped to the unit box (so one simplex step means the same on every
/// axis, and log-scale parameters move by factors). Points outside the box are evaluated on its surface plus a
/// quadratic penalty that pulls the simplex back; too little overlap between curves is penalised in proportion.
/// </summary>
internal sealed class CollapseObjective
{
    readonly CollapseQuality quality;
    readonly CollapseParameter[] parameters;
    readonly int minUsed;

    public CollapseObjective(CollapseQuality quality, CollapseParameter[] parameters, double minOverlap)
    {
        this.quality = quality;
        this.parameters = parameters;
        minUsed = Math.Max(1, (int)Math.Ceiling(minOverlap * quality.Data.Count));
        Free = Enumerable.Range(0, parameters.Length).Where(i => !parameters[i].Fixed).ToArray();
    }

    public CollapseParameter[] Parameters => parameters;
    public int[] Free { get; }
    public CollapseQuality Quality => quality;

    /// <summary>S (with the overlap penalty) at a full parameter vector.</summary>
    public double Value(ReadOnlySpan<double> theta)
    {
        double s = quality.Evaluate(theta, out int used);
        if (used >= minUsed) return s;
        return (double.IsFinite(s) ? Math.Max(s, 1) : 1e6) * (1 + 10.0 * (minUsed - used) / minUsed);
    }

    /// <summary>The objective over the unit coordinates of <paramref name="axes"/>, others taken from <paramref name="baseTheta"/>.</summary>
    public Func<double[], double> OverUnit(int[] axes, double[] baseTheta)
    {
        var theta = (double[])baseTheta.Clone();
        return u =>
        {
            double penalty = 0;
            for (int k = 0; k < axes.Length; k++)
            {
                double c = Math.Clamp(u[k], 0, 1);
                penalty += (u[k] - c) * (u[k] - c);
                theta[axes[k]] = parameters[axes[k]].FromUnit(c);
            }
            return Value(theta) + 1e4 * penalty;
        };
    }

    public double[] ToUnit(int[] axes, double[] theta) => axes.Select(i => parameters[i].ToUnit(theta[i])).ToArray();

    public double[] FromUnit(int[] axes, double[] u, double[] baseTheta)
    {
        var theta = (double[])baseTheta.Clone();
        for (int k = 0; k < axes.Length; k++) theta[axes[k]] = parameters[axes[k]].FromUnit(Math.Clamp(u[k], 0, 1));
        return theta;
    }

    /// <summary>Local re-optimisation of <paramref name="axes"/> from <paramref name="theta"/>.</summary>
    /// <remarks>Tolerances are looser than the global search's: profiles and bootstrap replicates need S and the
    /// parameters to a small fraction of their error, not to machine precision.</remarks>
    public (double[] Theta, double S, NelderMeadResult Run) Polish(int[] axes, double[] theta, double step)
    {
        var run = NelderMead.Minimize(OverUnit(axes, theta), ToUnit(axes, theta), step, fTol: 1e-8, xTol: 1e-5, maxRestarts: 1);
        return (FromUnit(axes, run.X, theta), run.F, run);
    }
}
