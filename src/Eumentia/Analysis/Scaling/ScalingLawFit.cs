using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Scaling;

/// <summary>One size of a scaling-law fit: the data point (mean ln L over replicates, its error) and the model.</summary>
public sealed record ScalingPoint(double Size, double MeanLn, double Sigma, int Replicates, double ModelLn, double Pull);

/// <summary>
/// A fitted scaling law, pyfssa/BNSL-style but complete: every parameter at full precision with its error
/// and both error estimates (profile, bootstrap), the fit's quality, the optimiser's convergence, the inputs
/// and the per-size points with the model and pulls.
/// </summary>
public sealed record ScalingLawFit(string Model, string Formula, IReadOnlyList<ParameterEstimate> Parameters,
    FitQuality Quality, ConvergenceReport Convergence, FitInputs Inputs, IReadOnlyList<ScalingPoint> Points)
{
    public ParameterEstimate Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no parameter '{name}' in a {Model} fit");

    public double this[string name] => Parameter(name).Value;

    /// <summary>The model's ln L at size <paramref name="size"/>.</summary>
    public double PredictLn(double size)
    {
        double e = Parameters.FirstOrDefault(p => p.Name == "E")?.Value ?? 0;
        return Math.Log(e + this["A"] * Math.Pow(size, -this["alpha"]));
    }
}
