using Eumentia.Theory;

namespace Eumentia.Studies.Criticality;

/// <summary>One point of the phase diagram: mean-field quantities at (σ_w, σ_b).</summary>
public sealed record PhasePoint(double SigmaW, double SigmaB, double LengthFixedPoint, double Chi1, double RhoFixedPoint, double CorrelationDepthScale);

/// <summary>
/// A scan's outcome for one architecture, with the curves behind it (σ_w → mean ρ_l and errors); for a CNN also the
/// critical point its exponents are read at (<see cref="AdoptedCriticalPoint"/>).
/// </summary>
public sealed record ScanOutcome(string Architecture, string Label, double MeanFieldSigmaC, ScanExponents Exponents,
    IReadOnlyList<(double SigmaW, double[] Mean, double[] Error)> Curves, AdoptedCriticalPoint? Adopted = null);

/// <summary>A finite-size collapse with the curves behind it (size → mean ρ_l and errors).</summary>
public sealed record CollapseOutcome(string Architecture, string Label, double SigmaW, Analysis.Collapse.AbsorbingClass Predicted, CollapseSummary Result,
    IReadOnlyList<(double Size, double[] Mean, double[] Error)> Curves);

/// <summary>One trained network near the boundary, beside the theory's depth scale at its σ_w.</summary>
public sealed record TrainingPoint(double SigmaW, double Factor, int Depth, int Seed, double TestAccuracy, double TestLoss,
    double CorrelationDepthScale, double Seconds);

/// <summary>Everything the study measured, ready for tables and the report.</summary>
public sealed record CriticalityResults(
    CriticalitySpec Spec,
    Activation Activation,
    double SigmaC,
    CriticalPoint Critical,
    IReadOnlyList<CriticalPoint> Line,
    IReadOnlyList<PhasePoint> PhaseDiagram,
    ScanOutcome Theory,
    IReadOnlyList<ScanOutcome> Scans,
    IReadOnlyList<CollapseOutcome> Collapses,
    IReadOnlyList<DecayOutcome> Decays,
    IReadOnlyList<TrainingPoint> Training,
    IReadOnlyList<ExponentRow> Exponents,
    IReadOnlyList<Verdict> Verdicts,
    IReadOnlyList<string> Notes,
    double Seconds);
