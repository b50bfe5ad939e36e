namespace Eumentia.Analysis;

/// <summary>
/// One measured value: the system size (training-set size N, width L, depth t ...), the control parameter
/// (p, sigma_w ...; 0 where there is none), the observable, its standard error (NaN when not given), the
/// replicate seed (index into <see cref="ObservationSet.SeedLabels"/>, -1 when not given) and the line of the
/// input file it came from (0 for data built in memory).
/// </summary>
public readonly record struct Observation(double Size, double Control, double Value, double Error, int Seed, int Line);
