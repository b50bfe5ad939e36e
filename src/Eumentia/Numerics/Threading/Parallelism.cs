namespace Eumentia.Numerics.Threading;

/// <summary>
/// The thread budget for numeric kernels: process-wide, and narrowed per thread by <see cref="Limit"/> when
/// several networks train side by side (two single-threaded workers beat one two-threaded one on small
/// matrices). Kernels split work only over output blocks, never over a reduction, so the budget changes
/// speed and never the numbers.
/// </summary>
public static class Parallelism
{
    static int maxThreads = FromEnvironment();

    [ThreadStatic] static int threadLimit;

    /// <summary>Threads a kernel called on this thread may use; from EUMENTIA_THREADS or the processor count.</summary>
    public static int MaxThreads
    {
        get => threadLimit > 0 ? Math.Min(threadLimit, maxThreads) : maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
    }

    /// <summary>Caps kernels called on the current thread at <paramref name="threads"/> until the scope is disposed.</summary>
    public static Scope Limit(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var scope = new Scope(threadLimit);
        threadLimit = threads;
        return scope;
    }

    public readonly struct Scope(int previous) : IDisposable
    {
        public void Dispose() => threadLimit = previous;
    }

    static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("EUMENTIA_THREADS"), out int n) && n >= 1 ? n : Environment.ProcessorCount;
}
