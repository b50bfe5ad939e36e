namespace Eumentia.Numerics.Threading;

/// <summary>
/// How elementwise passes (bias, activation, dropout, optimizer updates) are cut for <see cref="ForkJoin"/>:
/// into chunks of a fixed size that depends on the shape alone, so every element sees the same operations
/// whatever the thread count, and small enough that a chunk's passes run out of L2 one after another (each
/// chunk does all its passes before the next starts: the fusion is by cache, not by loop).
/// </summary>
internal static class ElementwiseSplit
{
    /// <summary>Floats per chunk: 64 KiB per operand, so three or four operands stay in a 512 KiB L2.</summary>
    public const int ChunkElements = 16384;

    /// <summary>Below this many elements a pass runs on the calling thread: waking a helper costs more (~5 µs).</summary>
    public const int ParallelElements = 2 * ChunkElements;

    /// <summary>Rows per chunk for a rows×width pass (at least one row).</summary>
    public static int RowsPerChunk(int width) => Math.Max(1, ChunkElements / Math.Max(1, width));

    /// <summary>Threads for a pass over <paramref name="elements"/> values, within this thread's budget.</summary>
    public static int Workers(long elements, int chunks) =>
        elements < ParallelElements ? 1 : Math.Min(Parallelism.MaxThreads, chunks);

    public static int Chunks(long elements, int perChunk) => (int)((elements + perChunk - 1) / perChunk);
}
