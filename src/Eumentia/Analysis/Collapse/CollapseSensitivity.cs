using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Collapse;

/// <summary>One refit of a collapse on part of the data: which part, its S, and its parameters (with S + 1 errors when the options ask for profiles).</summary>
public sealed record SensitivityRow(double ControlMin, double ControlMax, double MinSize, int Points, double S, bool Interior,
    IReadOnlyList<ParameterEstimate> Parameters, string? Failure);

/// <summary>
/// How much a collapse's answer depends on choices the analyst made: the window of the control parameter
/// fitted (shrunk around p_c) and the smallest size included (corrections to scaling live at small sizes).
/// A trustworthy exponent moves by less than its error across the table.
/// </summary>
public static class CollapseSensitivity
{
    public static IReadOnlyList<SensitivityRow> Table(ObservationSet data, ICollapseForm form, CollapseResult reference, CollapseOptions options,
        IReadOnlyList<double>? windowFractions = null, int maxSizesDropped = 2)
    {
        windowFractions ??= [1.0, 0.75, 0.5];
        var all = CollapseData.From(data, form.Curves);
        double lo = all.Control.Min(), hi = all.Control.Max();
        double center = reference.Parameters.FirstOrDefault(p => p.Name == "p_c")?.Value ?? 0.5 * (lo + hi);
        double halfSpan = Math.Max(center - lo, hi - center);
        var sizes = all.Size.Distinct().Order().ToArray();
        // Each refit starts where the reference fit ended, keeping the user's fixed parameters fixed.
        var overrides = reference.Parameters.Select(p => new ParameterOverride(p.Name, p.Value, p.Fixed)).ToList();
        var refit = options with { Overrides = MergeRanges(options.Overrides, overrides), BootstrapSamples = 0, Starts = Math.Min(options.Starts, 4) };
        var rows = new List<SensitivityRow>();
        foreach (double fraction in windowFractions)
        {
            double wLo = Math.Max(options.ControlMin, center - fraction * halfSpan), wHi = Math.Min(options.ControlMax, center + fraction * halfSpan);
            for (int dropped = 0; dropped <= maxSizesDropped && sizes.Length - dropped >= 2; dropped++)
            {
                double minSize = Math.Max(options.MinSize, sizes[dropped]);
                try
                {
                    var fit = CollapseFitter.Fit(data, form, refit with { ControlMin = wLo, ControlMax = wHi, MinSize = minSize });
                    rows.Add(new SensitivityRow(wLo, wHi, minSize, fit.Quality.Points, fit.Quality.S, fit.Convergence.Interior, fit.Parameters, null));
                }
                catch (EumentiaException e) // too little data left, or curves that no longer overlap
                {
                    rows.Add(new SensitivityRow(wLo, wHi, minSize, 0, double.NaN, false, [], e.Message));
                }
            }
        }
        return rows;
    }

    /// <summary>Start values from the reference, ranges from the user's overrides.</summary>
    static IReadOnlyList<ParameterOverride> MergeRanges(IReadOnlyList<ParameterOverride>? user, List<ParameterOverride> starts) =>
        starts.Select(s => user?.FirstOrDefault(u => u.Name == s.Name) is { } u ? s with { Lower = u.Lower, Upper = u.Upper } : s).ToArray();
}
