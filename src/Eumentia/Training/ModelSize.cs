using System.Globalization;

namespace Eumentia.Training;

/// <summary>
/// The size of an MLP with <c>depth</c> hidden layers of <c>width</c> units, checked before anything is allocated
/// or written: every weight matrix must fit one .NET array (2³¹ − 1 elements), and training holds about four
/// float copies of the parameters (weights, gradients, two optimizer moments), which must fit the memory this
/// process may use (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours container limits).
/// </summary>
public sealed record ModelSize(int Inputs, int Width, int Depth, int Outputs)
{
    /// <summary>Bytes per parameter while training: weights, gradients and two optimizer moments, as float32.</summary>
    public const int TrainingBytesPerParameter = 4 * sizeof(float);

    public long Parameters => Depth == 0
        ? ((long)Inputs + 1) * Outputs
        : ((long)Inputs + 1) * Width + (Depth - 1L) * ((long)Width + 1) * Width + ((long)Width + 1) * Outputs;

    /// <summary>The largest weight matrix, in elements.</summary>
    public long LargestMatrix => Depth == 0 ? (long)Inputs * Outputs
        : Math.Max(Math.Max((long)Inputs * Width, Depth > 1 ? (long)Width * Width : 0), (long)Width * Outputs);

    /// <summary>Refuses a network that cannot be built or trained here, saying what would fit.</summary>
    public void EnsureFits(long availableBytes)
    {
        string what = $"width {Width} at depth {Depth} ({Inputs} inputs, {Outputs} outputs)";
        string fits = $"at this depth width ≤ {LargestWidth(availableBytes)} fits";
        if (LargestMatrix > Array.MaxLength)
            throw new UsageException($"{what}: a weight matrix of {Sci(LargestMatrix)} elements exceeds the largest array ({Sci(Array.MaxLength)}); {fits}");
        if (!Trainable(availableBytes))
            throw new UsageException($"{what}: {Sci(Parameters)} parameters need about {Gib((double)Parameters * TrainingBytesPerParameter)} to train, " +
                                     $"more than the {Gib(availableBytes)} this process may use; {fits}");
    }

    bool Trainable(long availableBytes) => LargestMatrix <= Array.MaxLength && (double)Parameters * TrainingBytesPerParameter <= availableBytes;

    /// <summary>The widest network of this depth that can be built and trained (bisection on width).</summary>
    int LargestWidth(long availableBytes)
    {
        int lo = 0, hi = Width;
        while (lo < hi)
        {
            int mid = lo + (hi - lo + 1) / 2;
            if ((this with { Width = mid }).Trainable(availableBytes)) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    static string Sci(double x) => x.ToString("0.##e+0", CultureInfo.InvariantCulture);

    static string Gib(double bytes) => (bytes / (1L << 30)).ToString(bytes < 10L << 30 ? "F2" : "N0", CultureInfo.InvariantCulture) + " GiB";

    /// <summary>The memory this process may use: the machine's, or its container's or job's limit.</summary>
    public static long AvailableBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}
