using System.Text.Json.Serialization;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Analysis.Collapse;

/// <summary>What a comparison of two forms supports.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ComparisonDecision>))]
public enum ComparisonDecision
{
    /// <summary>The winner collapses the data within its errors and the ratio's bootstrap interval excludes 1.</summary>
    Decided,
    /// <summary>The ratio's interval straddles 1 (or, without a bootstrap, the ratio is within a factor 1.5 of it).</summary>
    Undecided,
    /// <summary>Even the better form's S is far above what a collapse within errors gives: neither form describes the data.</summary>
    NeitherCollapses,
}

/// <summary>
/// Two forms fitted to the same data, compared by quality: the ratio S_A / S_B with a bootstrap interval, the
/// winner (smaller S) and what the numbers support. The interval pairs the two fits' bootstrap replicates (the
/// same seeds resampled for both, <see cref="CollapseResult.BootstrapS"/>) and takes the 2.5 and 97.5 % points
/// of their ratios. <paramref name="DeltaChi2"/> approximates the chi^2 difference, (S_A - S_B) times the points
/// used; points of a collapse are not independent, so read it as a guide.
/// </summary>
public sealed record CollapseComparison(string FormA, string FormB, double SA, double SB, double Ratio, double RatioLow, double RatioHigh,
    int RatioSamples, string Winner, ComparisonDecision Decision, double DeltaChi2, string Verdict)
{
    /// <summary>Above this S a collapse misses its points by far more than their errors. With errors from n seeds a
    /// collapse within errors scores about (n - 1)/(n - 3) (the mean of a squared t), so 1.7-2 for 5-6 seeds; the
    /// coverage benchmark's correct forms score S above 3 in 5 of 400 replicas on the coarse grid (0-2 % per case,
    /// largest 4.1) and in none of the fine-grid ones (docs/analysis/collapse-coverage.md), so a true form is called
    /// "neither collapses" that rarely.</summary>
    public const double CollapsesBelow = 3;

    public static CollapseComparison Compare(CollapseResult a, CollapseResult b)
    {
        double ratio = a.Quality.S / b.Quality.S;
        var ratios = a.BootstrapS.Zip(b.BootstrapS, (x, y) => x / y).Where(double.IsFinite).Order().ToArray();
        double low = ratios.Length >= 10 ? BootstrapSummary.Quantile(ratios, 0.025) : double.NaN;
        double high = ratios.Length >= 10 ? BootstrapSummary.Quantile(ratios, 0.975) : double.NaN;
        string winner = ratio <= 1 ? a.Form : b.Form, loser = ratio <= 1 ? b.Form : a.Form;
        double sWin = Math.Min(a.Quality.S, b.Quality.S), sLose = Math.Max(a.Quality.S, b.Quality.S);
        double deltaChi2 = (a.Quality.S - b.Quality.S) * Math.Min(a.Quality.PointsUsed, b.Quality.PointsUsed);
        double factor = ratio <= 1 ? 1 / ratio : ratio;
        bool hasInterval = !double.IsNaN(low);
        string interval = hasInterval ? $", 95 % bootstrap interval of S_{a.Form}/S_{b.Form} [{low:G3}, {high:G3}]" : ", no bootstrap: no interval on the ratio";
        string numbers = $"S = {sWin:G4} ({winner}) against {sLose:G4} ({loser}), ratio {factor:G3}{interval}";
        ComparisonDecision decision;
        string verdict;
        if (!(sWin <= CollapsesBelow))
        {
            decision = ComparisonDecision.NeitherCollapses;
            verdict = $"neither form collapses the data: {numbers}; a collapse within errors has S ≈ 1-2, so {winner} is only the less bad description";
        }
        else if (hasInterval ? low <= 1 && high >= 1 : factor < 1.5)
        {
            decision = ComparisonDecision.Undecided;
            verdict = $"undecided between {a.Form} and {b.Form}: {numbers}";
        }
        else
        {
            decision = ComparisonDecision.Decided;
            string strength = sLose > CollapsesBelow ? $"; {loser} does not collapse the data" : "";
            verdict = $"{winner} collapses the data better than {loser}: {numbers}{strength}";
        }
        return new CollapseComparison(a.Form, b.Form, a.Quality.S, b.Quality.S, ratio, low, high, ratios.Length, winner, decision, deltaChi2, verdict);
    }
}
