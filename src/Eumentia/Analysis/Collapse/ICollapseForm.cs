using System.Text.Json.Serialization;

namespace Eumentia.Analysis.Collapse;

/// <summary>Which raw variable labels the curves that a collapse superposes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CurveAxis>))]
public enum CurveAxis
{
    /// <summary>One curve per size (finite-size scaling: curves at L, points along p).</summary>
    Size,
    /// <summary>One curve per control value (depth-time collapses: curves at p, points along t).</summary>
    Control,
}

/// <summary>
/// A scaling form for a data collapse: maps a raw point (size, control, value, error) to scaled coordinates
/// (x, y, dy) given the form's parameters. Implement this to add a form; the fitter, quality measure,
/// bootstrap, profiles, sensitivity tables, plots and the command line work with any form.
/// </summary>
public interface ICollapseForm
{
    /// <summary>Short identifier (as the command line spells it).</summary>
    string Name { get; }
    /// <summary>The form as a formula, for reports.</summary>
    string Description { get; }
    /// <summary>Axis labels of the collapsed plot.</summary>
    string XLabel { get; }
    string YLabel { get; }
    CurveAxis Curves => CurveAxis.Size;

    /// <summary>
    /// Compare scaled values as ln y (errors dy / y) in the quality measure: for curves that span decades
    /// (decays of an order parameter over depth) a straight-line interpolation in y between neighbouring points
    /// is badly biased, one in ln y is not. Points with y &lt;= 0 are then left out.
    /// </summary>
    bool QualityInLogY => false;

    /// <summary>Likewise interpolate in ln x, for forms whose scaled x is positive and spaced geometrically.</summary>
    bool QualityInLogX => false;

    /// <summary>The parameters in the order <see cref="TryScale"/> receives them, with defaults suited to the data.</summary>
    IReadOnlyList<CollapseParameter> DefaultParameters(CollapseData data);

    /// <summary>Why these parameters cannot collapse these data (null: they can), e.g. a length scale at or above
    /// the smallest size, where the form is undefined for whole curves.</summary>
    string? Refusal(CollapseData data, IReadOnlyList<CollapseParameter> parameters) => null;

    /// <summary>Scaled coordinates of one point; false where the form is undefined for it at these parameters.</summary>
    bool TryScale(double size, double control, double value, double error, ReadOnlySpan<double> parameters, out double x, out double y, out double dy);
}
