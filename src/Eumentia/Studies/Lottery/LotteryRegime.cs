using Eumentia.Analysis.Statistics;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>How strongly the dense networks of a lottery study localise.</summary>
public enum LocalisationRegime
{
    /// <summary>No dense network with a distance ratio: the regime was not measured.</summary>
    Unmeasured,
    /// <summary>The dense fields are broad: their distance ratio lies above <see cref="LotteryRegime.StrongThreshold"/> by more than two standard errors.</summary>
    Weak,
    /// <summary>The dense fields' distance ratio lies within two standard errors of the threshold.</summary>
    Borderline,
    /// <summary>The dense fields are sharply local, as Ingrosso &amp; Goldt report for non-Gaussian inputs.</summary>
    Strong,
}

/// <summary>
/// The regime a lottery study's verdicts hold in. Redman et al.'s mechanism (IMP amplifying the non-Gaussian statistics
/// that already localise the dense network) acts where the dense network localises, which Ingrosso &amp; Goldt (PNAS 2022)
/// report for sharply non-Gaussian inputs after long training. A study whose dense NLGP networks stay broad
/// (distance ratio near 1) tests the claims outside that regime: a claim it contradicts is contradicted there, and is
/// still undecided where the dense network localises. The measure is the dense (level 0) distance ratio of the
/// non-Gaussian data set ("nlgp" when the study has it, else each data set's own), mean ± standard error over seeds.
/// </summary>
/// <param name="Source">The data set whose dense networks were measured (null when none was).</param>
public sealed record LotteryRegime(string? Source, Estimate DenseDistanceRatio, LocalisationRegime Regime)
{
    /// <summary>
    /// The dense distance ratio below which the fields count as strongly localised: the w²-weighted spread of a unit's
    /// inputs at most half of what the same weights at random sites would give. A convention, not a law: the scan of
    /// issue 23 reached 0.83 (a broad bump) and Ingrosso &amp; Goldt's few-site fields would read well below 0.5.
    /// </summary>
    public const double StrongThreshold = 0.5;

    /// <summary>The regime of <paramref name="rows"/>, from the IMP level-0 networks of the non-Gaussian data set.</summary>
    public static LotteryRegime Of(IReadOnlyList<LevelMeasurement> rows, string data)
    {
        string source = rows.Any(r => r.Data == "nlgp") ? "nlgp" : data;
        var dense = rows.Where(r => r.Data == source && r.Method == LotteryRun.Imp && r.Level == 0 && double.IsFinite(r.DistanceRatioMean))
            .Select(r => r.DistanceRatioMean).ToArray();
        if (dense.Length == 0) return new LotteryRegime(null, Estimate.Missing, LocalisationRegime.Unmeasured);
        var ratio = Estimate.MeanOf(dense);
        double margin = double.IsFinite(ratio.Error) ? 2 * ratio.Error : 0;
        var regime = ratio.Value - margin > StrongThreshold ? LocalisationRegime.Weak
            : ratio.Value + margin < StrongThreshold ? LocalisationRegime.Strong
            : LocalisationRegime.Borderline;
        return new LotteryRegime(source, ratio, regime);
    }

    /// <summary>
    /// A finding's verdict in words that carry the regime: outside the strongly localised regime a contradiction holds
    /// only there and the claim stays undecided where the paper's mechanism acts.
    /// </summary>
    public string Qualify(string verdict)
    {
        var (v, e) = (DenseDistanceRatio.Value, DenseDistanceRatio.Error);
        string measured = $"dense {Source} distance ratio {(double.IsFinite(e) && e > 0 ? NumberText.WithError(v, e) : NumberText.Short(v))}";
        return Regime switch
        {
            LocalisationRegime.Unmeasured => verdict,
            LocalisationRegime.Strong => $"{verdict} (strongly localised regime: {measured})",
            _ when verdict == "contradicted" => $"contradicted in this {Words()} regime ({measured}); undecided in the strongly localised one",
            _ when verdict is "supported" or "inconclusive" => $"{verdict} in this {Words()} regime ({measured})",
            _ => verdict,
        };
    }

    string Words() => Regime == LocalisationRegime.Weak ? "weakly localised" : "borderline localised";
}
