namespace Eumentia.Studies.Lottery;

/// <summary>
/// What is measured on one trained network of the study (one data set, seed, method and level): its sparsity,
/// test performance and the statistics of the first layer's receptive fields. Unit statistics are over the live
/// hidden units of layer 0 (those with at least one surviving, non-zero weight); *Sem is the standard error of
/// the mean over those units. The cavity fields compare each surviving weight's cavity effect Δκ with whether the
/// next IMP round prunes it (IMP only; NaN elsewhere). Written as measurements.json, the mark of a finished level.
/// </summary>
public sealed record LevelMeasurement
{
    public string Data { get; init; } = "";
    public ulong Seed { get; init; }
    /// <summary>imp, oneshot, random or reinit.</summary>
    public string Method { get; init; } = "";
    public int Level { get; init; }
    /// <summary>Surviving weights of the pruned layers, and how many they had.</summary>
    public long Remaining { get; init; }
    public long Prunable { get; init; }
    public double Density => Prunable > 0 ? (double)Remaining / Prunable : 1;
    public double Sparsity => 1 - Density;
    public long Steps { get; init; }
    public double Seconds { get; init; }

    public double TestLoss { get; init; }
    public double TestAccuracy { get; init; }

    public int LiveUnits { get; init; }
    /// <summary>Mean number of surviving inputs per live unit: IMP empties whole units, so its live units keep more inputs than random pruning's.</summary>
    public double FanInMean { get; init; }
    public double IprMean { get; init; }
    public double IprSem { get; init; }
    public double IprMedian { get; init; }
    /// <summary>IPR over that of random Gaussian weights on the same support (see <see cref="Locality"/>): fair across fan-ins.</summary>
    public double IprNormalisedMean { get; init; }
    public double IprNormalisedSem { get; init; }
    /// <summary>Spatial locality (see <see cref="Locality"/>): 1 = no spatial structure, small = local.</summary>
    public double DistanceRatioMean { get; init; }
    public double DistanceRatioSem { get; init; }
    /// <summary>Sign structure of the receptive fields (see <see cref="Locality"/>): +1 smooth, −1 high-pass, 0 scattered.
    /// NaN in levels measured before it existed.</summary>
    public double NeighbourCorrelationMean { get; init; } = double.NaN;
    public double NeighbourCorrelationSem { get; init; } = double.NaN;
    /// <summary>Spatial locality against shuffled positions (see <see cref="Locality"/>): 0 = no spatial structure, 1 = all weight
    /// within the window around the unit's peak. NaN in levels measured before it existed.</summary>
    public double WindowExcessMean { get; init; } = double.NaN;
    public double WindowExcessSem { get; init; } = double.NaN;
    /// <summary>Median over input coordinates of their excess kurtosis over the probe examples: the sign the inputs' non-Gaussianity
    /// gives the pre-activations (negative for the NLGP, whose saturated erf makes inputs sub-Gaussian; zero for the Gaussian control).</summary>
    public double InputKurtosis { get; init; } = double.NaN;
    /// <summary>Pooled pre-activation excess kurtosis (over all probe examples).</summary>
    public double KurtosisMean { get; init; }
    public double KurtosisSem { get; init; }
    public double KurtosisMedian { get; init; }
    /// <summary>Within-class excess kurtosis, and the non-Gaussianity mean_c |κ_c| (see <see cref="PreactivationStatistics"/>).</summary>
    public double KurtosisWithinMean { get; init; }
    public double KurtosisWithinSem { get; init; }
    public double NonGaussianityMean { get; init; }
    public double NonGaussianitySem { get; init; }

    /// <summary>AUC of the pooled Δκ for "pruned by the next round" among the surviving weights (0.5 = no information).</summary>
    public double CavityAuc { get; init; } = double.NaN;
    /// <summary>AUC of ΔNG (the within-class non-Gaussianity change) for "pruned by the next round".</summary>
    public double CavityNgAuc { get; init; } = double.NaN;
    /// <summary>Spearman correlation of Δκ with |w| over the surviving weights.</summary>
    public double CavitySpearman { get; init; } = double.NaN;
    public double CavityMeanPruned { get; init; } = double.NaN;
    public double CavityMeanKept { get; init; } = double.NaN;
    /// <summary>Share of the next round's pruned (kept) weights whose removal raises the kurtosis (Δκ &gt; 0).</summary>
    public double CavityPositivePruned { get; init; } = double.NaN;
    public double CavityPositiveKept { get; init; } = double.NaN;
}
