namespace Eumentia.Numerics;

/// <summary>
/// The process-wide thread budget for numeric kernels. Kernels split work only over output blocks, never
/// over a reduction, so the budget changes speed and never the numbers.
/// </summary>
public static class Parallelism
{
    static int maxThreads = FromEnvironment();

    /// <summary>Threads a kernel may use; from EUMENTIA_THREADS or the processor count.</summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
    }

    static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("EUMENTIA_THREADS"), out int n) && n >= 1 ? n : Environment.ProcessorCount;
}
