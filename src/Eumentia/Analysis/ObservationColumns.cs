namespace Eumentia.Analysis;

/// <summary>
/// Which CSV columns hold what: any user's file, columns named on the command line. Control, seed, error
/// and key are optional; <see cref="Key"/> names a column of run identifiers listed among a fit's inputs.
/// </summary>
public sealed record ObservationColumns(string Size, string Value, string? Control = null, string? Seed = null, string? Error = null, string? Key = null);
