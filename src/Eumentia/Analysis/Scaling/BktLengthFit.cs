using System.Text.Json.Serialization;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Scaling;

/// <summary>Which side of the data the transition lies on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BktSide>))]
public enum BktSide
{
    /// <summary>Fit both sides and keep the better chi^2.</summary>
    Auto,
    /// <summary>p_c above every measured p.</summary>
    Above,
    /// <summary>p_c below every measured p.</summary>
    Below,
}

/// <summary>
/// How a length diverges at p_c: BKT, ξ = A exp(b / √|p − p_c|), or a power law, ξ = A |p − p_c|^−ν. For a fixed p_c
/// both are linear in (ln A, coefficient) with the coefficient ≥ 0, so one fitter serves both, with the same number of
/// parameters, and their χ² compare directly.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LengthForm>))]
public enum LengthForm
{
    Bkt,
    PowerLaw,
}

/// <summary>One control value of a BKT-length fit: mean ln xi over replicates, its error and the model.</summary>
public sealed record BktPoint(double Control, double MeanLn, double Sigma, int Replicates, double ModelLn, double Pull);

/// <summary>
/// A fitted divergent length: BKT, xi(p) = A exp(b / sqrt|p - p_c|) with p_c, b, ln A, or (<see cref="Form"/> power
/// law) xi = A |p - p_c|^-nu with p_c, nu, ln A; errors, quality and inputs.
/// </summary>
public sealed record BktLengthFit(string Formula, string Side, IReadOnlyList<ParameterEstimate> Parameters, FitQuality Quality,
    ConvergenceReport Convergence, FitInputs Inputs, IReadOnlyList<BktPoint> Points, LengthForm Form = LengthForm.Bkt)
{
    /// <summary>The name of the growth coefficient: b (BKT) or nu (power law).</summary>
    public static string Coefficient(LengthForm form) => form == LengthForm.Bkt ? "b" : "nu";

    /// <summary>The regressor the form is linear in at distance d = |p − p_c|: 1/√d (BKT) or −ln d (power law).</summary>
    public static double Regressor(LengthForm form, double distance) => form == LengthForm.Bkt ? 1 / Math.Sqrt(distance) : -Math.Log(distance);

    public ParameterEstimate Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no parameter '{name}' in a BKT-length fit");

    public double this[string name] => Parameter(name).Value;

    /// <summary>
    /// The growth term at distance d: coefficient / √d (BKT, written as a division so that BKT fits keep the bits they
    /// had before the power-law form existed) or −coefficient · ln d (power law).
    /// </summary>
    public static double Term(LengthForm form, double coefficient, double distance) =>
        form == LengthForm.Bkt ? coefficient / Math.Sqrt(distance) : -coefficient * Math.Log(distance);

    public double PredictLn(double p) => this["ln_A"] + Term(Form, this[Coefficient(Form)], Math.Abs(p - this["p_c"]));
}

/// <param name="Side">Where p_c lies relative to the data.</param>
/// <param name="MaxDistance">Farthest p_c searched from the data, in units of the data's span of p.</param>
/// <param name="PcBounds">
/// A constraint on p_c from outside the fit (the phase boundary found by classifying the cells, say): p_c is searched
/// only in [Lo, Hi], which must lie on one side of the data (it sets the side). Without it the three parameters are
/// fitted freely, and on a few points near an unknown p_c the trade-off between p_c and b leaves p_c unconstrained.
/// </param>
/// <param name="Form">BKT (the default) or a power law.</param>
public sealed record BktLengthOptions(BktSide Side = BktSide.Auto, int GridPoints = 48, double MaxDistance = 20,
    int BootstrapSamples = 200, ulong Seed = 1, bool Profile = true, (double Lo, double Hi)? PcBounds = null, LengthForm Form = LengthForm.Bkt);
