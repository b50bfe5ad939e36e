namespace Eumentia.Studies.Phases;

/// <summary>
/// The documented, configurable criteria that turn a loss curve L(N) (means over seeds with standard errors)
/// into a phase. Applied in order: amentia, then dementia, then eumentia; otherwise undetermined.
/// </summary>
public sealed record PhaseRules
{
    /// <summary>Amentia when L(N) ≥ this fraction of ln C at every N: the net never got clearly below chance.</summary>
    public double AmentiaFraction { get; init; } = 0.9;

    /// <summary>
    /// Dementia when the minimum of L(N) lies below the largest N and the loss at the largest N exceeds that
    /// minimum by more than this many combined standard errors (and by <see cref="DementiaMinRise"/> relative).
    /// </summary>
    public double DementiaSigmas { get; init; } = 2.0;

    /// <summary>The smallest relative rise L(N_max)/L(N*) − 1 counted as forgetting; guards against noise-level rises with tiny errors.</summary>
    public double DementiaMinRise { get; init; } = 0.02;

    /// <summary>Eumentia when the fitted decay exponent α exceeds this value …</summary>
    public double EumentiaMinAlpha { get; init; } = 0.05;

    /// <summary>… by more than this many of its standard errors.</summary>
    public double EumentiaSigmas { get; init; } = 2.0;

    /// <summary>The rules in words with their values and the keys (rules.*) that set them (for a report's "What was run").</summary>
    public string Describe() =>
        $"amentia when L ≥ {AmentiaFraction} ln C at every N (amentia_fraction = {AmentiaFraction}); "
        + $"dementia when L at the largest N exceeds its minimum by more than {DementiaSigmas} combined standard errors (dementia_sigmas = {DementiaSigmas}) "
        + $"and by more than {100 * DementiaMinRise} % (dementia_min_rise = {DementiaMinRise}); "
        + $"eumentia when α > {EumentiaMinAlpha} (eumentia_min_alpha = {EumentiaMinAlpha}) by more than {EumentiaSigmas} standard errors (eumentia_sigmas = {EumentiaSigmas}); "
        + "undetermined otherwise";

    public IReadOnlyList<string> Validate()
    {
        var e = new List<string>();
        if (AmentiaFraction is <= 0 or > 1) e.Add($"amentia_fraction = {AmentiaFraction} must lie in (0, 1]");
        if (DementiaSigmas < 0) e.Add($"dementia_sigmas = {DementiaSigmas} must be ≥ 0");
        if (DementiaMinRise < 0) e.Add($"dementia_min_rise = {DementiaMinRise} must be ≥ 0");
        if (EumentiaMinAlpha < 0) e.Add($"eumentia_min_alpha = {EumentiaMinAlpha} must be ≥ 0");
        if (EumentiaSigmas < 0) e.Add($"eumentia_sigmas = {EumentiaSigmas} must be ≥ 0");
        return e;
    }

    /// <summary>
    /// Classifies one curve. <paramref name="sizes"/> ascending; <paramref name="alpha"/> and
    /// <paramref name="alphaError"/> from the power-law fit of the whole window (NaN when no fit).
    /// </summary>
    public PhaseVerdict Classify(IReadOnlyList<double> sizes, IReadOnlyList<double> loss, IReadOnlyList<double> lossError,
        int classes, double alpha, double alphaError)
    {
        if (sizes.Count < 2 || sizes.Count != loss.Count || loss.Count != lossError.Count)
            throw new ArgumentException("a phase needs at least two sizes with a loss and an error each");
        double chance = Math.Log(classes);
        if (loss.All(l => l >= AmentiaFraction * chance))
            return new PhaseVerdict(Phase.Amentia, $"L ≥ {AmentiaFraction:G3}·ln {classes} at every N (min {loss.Min():G4})");

        int iMin = 0;
        for (int i = 1; i < loss.Count; i++) if (loss[i] < loss[iMin]) iMin = i;
        int last = loss.Count - 1;
        if (iMin < last)
        {
            double rise = loss[last] - loss[iMin];
            double err = Math.Sqrt(lossError[last] * lossError[last] + lossError[iMin] * lossError[iMin]);
            if (rise > DementiaSigmas * err && rise > DementiaMinRise * loss[iMin])
                return new PhaseVerdict(Phase.Dementia, $"L rises by {rise:G3} (> {DementiaSigmas:G3}σ = {DementiaSigmas * err:G3}) from its minimum at N = {sizes[iMin]:G6} to N = {sizes[last]:G6}");
        }
        if (double.IsFinite(alpha) && double.IsFinite(alphaError) && alpha > EumentiaMinAlpha && alpha - EumentiaSigmas * alphaError > EumentiaMinAlpha)
            return new PhaseVerdict(Phase.Eumentia, $"α = {alpha:G3} ± {alphaError:G2} > {EumentiaMinAlpha:G3} by {EumentiaSigmas:G3}σ");
        return new PhaseVerdict(Phase.Undetermined, double.IsFinite(alpha) ? $"α = {alpha:G3} ± {alphaError:G2} not clearly above {EumentiaMinAlpha:G3}, no significant rise" : "no power-law fit");
    }
}

/// <summary>A phase with the reason the rules gave it.</summary>
public sealed record PhaseVerdict(Phase Phase, string Reason);
