using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// Per-thread scratch for packed GEMM panels: pinned (so a raw pointer stays valid across calls), 64-byte
/// aligned (so a 16-float panel row is one cache line and no vector load splits a line), grown on demand and
/// kept, so that a training loop's thousands of products allocate nothing after the first.
/// </summary>
internal static unsafe class PackBuffers
{
    [ThreadStatic] static float[]? aBuffer, bBuffer;

    /// <summary>Room for <paramref name="count"/> floats for packed A on this thread.</summary>
    public static float* A(int count) => Get(ref aBuffer, count);

    /// <summary>Room for <paramref name="count"/> floats for packed B on this thread.</summary>
    public static float* B(int count) => Get(ref bBuffer, count);

    const int AlignFloats = 16;

    /// <summary>Floats past the requested count that packing may scribble on (whole-vector stores of short rows).</summary>
    public const int Slack = 16;

    static float* Get(ref float[]? slot, int count)
    {
        if (slot is null || slot.Length < count + AlignFloats + Slack)
            slot = GC.AllocateUninitializedArray<float>(count + AlignFloats + Slack, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(slot));
        return (float*)((start + AlignFloats * sizeof(float) - 1) & ~(nint)(AlignFloats * sizeof(float) - 1));
    }
}
