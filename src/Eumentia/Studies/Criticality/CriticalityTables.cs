using Eumentia.IO;
using Eumentia.Theory;

namespace Eumentia.Studies.Criticality;

/// <summary>The study's tables as CSV text (<see cref="CsvTable"/>: invariant culture, full-precision numbers), one header row.</summary>
public static class CriticalityTables
{
    public static string CriticalLineCsv(IEnumerable<CriticalPoint> line) => Csv(
        ["activation", "sigma_b", "sigma_w_c", "keep", "q_star", "kappa", "decay_exponent", "decay_amplitude", "xi_q"],
        line.Select(p => new object[] { p.Activation, p.SigmaB, p.SigmaW, p.Keep, p.LengthFixedPoint, p.Kappa, p.DecayExponent, p.DecayAmplitude, p.LengthDepthScale }));

    /// <summary>The line with each quantity's quadrature error bound (the change from order / 2 to order) and the order.</summary>
    public static string ConvergedLineCsv(IEnumerable<ConvergedCriticalPoint> line) => Csv(
        ["activation", "sigma_b", "sigma_w_c", "sigma_w_c_quadrature_error", "keep", "q_star", "q_star_quadrature_error", "kappa", "kappa_quadrature_error", "decay_exponent", "decay_amplitude",
            "decay_amplitude_quadrature_error", "xi_q", "xi_q_quadrature_error", "quadrature_order", "quadrature_converged"],
        line.Select(c => new object[] { c.Point.Activation, c.Point.SigmaB, c.Point.SigmaW, c.SigmaWError, c.Point.Keep, c.Point.LengthFixedPoint, c.LengthFixedPointError,
            c.Point.Kappa, c.KappaError, c.Point.DecayExponent, c.Point.DecayAmplitude, c.DecayAmplitudeError, c.Point.LengthDepthScale, c.LengthDepthScaleError, c.Order,
            c.Converged ? "true" : "false" }));

    public static string TrajectoryCsv(MeanFieldTrajectory trajectory) => Csv(
        ["layer", "q", "rho"],
        Enumerable.Range(0, trajectory.Rho.Count).Select(l => new object[] { l, trajectory.Length[l], trajectory.Rho[l] }));

    /// <summary>A CSV document from a header and rows of strings, integers and doubles.</summary>
    public static string Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows) =>
        CsvTable.ToText(header, rows.Select(row => row.Count == header.Count
            ? (IReadOnlyList<string>)[.. row.Select(CsvTable.Cell)]
            : throw new ArgumentException($"row has {row.Count} cells, header {header.Count}")));
}
