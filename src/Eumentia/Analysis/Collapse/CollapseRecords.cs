using System.Text.Json.Serialization;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Quality of a collapse: the Houdayer-Hartmann S at the optimum, how many points entered it out of how many
/// were in the window, the curves, the free parameters, and where the point errors came from.
/// </summary>
public sealed record CollapseQualityReport(double S, int PointsUsed, int Points, int Curves, int FreeParameters, string Errors);

/// <summary>One data point before and after scaling (NaN scaled values where the form is undefined).</summary>
public sealed record ScaledPoint(double Size, double Control, double Y, double Dy, int Replicates, double X, double ScaledY, double ScaledDy);

/// <summary>The part of the data a collapse was fitted to: a window of the control parameter, a smallest size, and
/// the window |x| &lt;= ScaledWindow on the scaled variable inside which points entered S.</summary>
public sealed record CollapseWindow(double ControlMin, double ControlMax, double MinSize, double ScaledWindow = double.PositiveInfinity);

/// <summary>A fitted collapse: parameters with errors (S + 1 profile and seed bootstrap), quality, the optimiser's
/// diagnostics, inputs, window and every point in raw and scaled coordinates.</summary>
public sealed record CollapseResult(string Form, string Description, CurveAxis Curves, IReadOnlyList<ParameterEstimate> Parameters,
    CollapseQualityReport Quality, ConvergenceReport Convergence, FitInputs Inputs, CollapseWindow Window, IReadOnlyList<ScaledPoint> Points)
{
    /// <summary>Covariance of the free parameters (null on results that predate it).</summary>
    public CollapseCovariance? Covariance { get; init; }
    /// <summary>The master-curve estimator S was computed with.</summary>
    public MasterCurve Master { get; init; } = MasterCurve.Cubic;
    /// <summary>S of each bootstrap replicate at its own optimum (NaN where it failed; empty without a bootstrap):
    /// replicate b of two forms fitted with the same seed resamples the same seeds, so their S ratios pair up.</summary>
    public IReadOnlyList<double> BootstrapS { get; init; } = [];
    /// <summary>Random starts of each bootstrap replicate's search besides the polish from the optimum (0: polish only,
    /// the method before 2026-12-07, or no bootstrap).</summary>
    public int ReplicateStarts { get; init; }
    /// <summary>Which spread of the bootstrap replicates the errors and covariance are (<see cref="ReplicateSpread"/>).</summary>
    public ReplicateSpread Spread { get; init; } = ReplicateSpread.StandardDeviation;
    /// <summary>Every parameter (fixed ones included) in each bootstrap replicate, null where it failed; not written to
    /// collapse.json (its summaries and covariance are). The coverage benchmark recomputes other spreads from it.</summary>
    [JsonIgnore] public IReadOnlyList<double[]?> BootstrapParameters { get; init; } = [];

    public ParameterEstimate Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"no parameter '{name}' in the {Form} form");

    public double this[string name] => Parameter(name).Value;
}

/// <summary>Knobs of a collapse fit.</summary>
/// <param name="Overrides">Parameters to fix, start elsewhere or search over another range.</param>
/// <param name="Starts">Nelder-Mead starts: the form's initial guess plus Philox-drawn points in the box.</param>
/// <param name="BootstrapSamples">Seed-bootstrap replicates (0: none); each is re-optimised (<paramref name="ReplicateStarts"/>).</param>
/// <param name="ProfileDelta">The rise of S that bounds the profile interval (1: the S + 1 rule).</param>
/// <param name="MinOverlap">Smallest fraction of points that must have a bracket on another curve: keeps the
/// optimiser from "collapsing" by scaling the curves apart until nothing overlaps.</param>
/// <param name="Master">How S estimates the master curve (<see cref="MasterCurve.Linear"/> reproduces results
/// made before the local cubic became the default).</param>
/// <param name="ScaledWindow">Only points with |x| &lt;= this scaled variable enter S (<see cref="CollapseQuality"/>).</param>
/// <param name="ReplicateStarts">Each bootstrap replicate is polished from the data's optimum and searched from this
/// many random starts, the lower S kept; 0 polishes only, as collapses did before 2026-12-07 (their errors of BKT with
/// sigma free on fine grids were 1.7 times too small: docs/analysis/collapse-coverage.md). ReplicateStarts = 0 with
/// <see cref="ReplicateSpread.StandardDeviation"/> reproduces those errors; point estimates do not depend on either.</param>
/// <param name="Spread">Which spread of the replicates is the error and covariance (<see cref="ReplicateSpread"/>).</param>
public sealed record CollapseOptions(IReadOnlyList<ParameterOverride>? Overrides = null, int Starts = 12, int BootstrapSamples = 100,
    ulong Seed = 1, bool ProfileErrors = true, double ProfileDelta = 1, double MinOverlap = 0.5,
    double ControlMin = double.NegativeInfinity, double ControlMax = double.PositiveInfinity, double MinSize = 0,
    MasterCurve Master = MasterCurve.Cubic, double ScaledWindow = double.PositiveInfinity, int ReplicateStarts = 4,
    ReplicateSpread Spread = ReplicateSpread.Trimmed);
