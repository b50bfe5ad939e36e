using System.Buffers;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// A row-major float32 matrix on a buffer rented from the shared array pool. Users never dispose it: a
/// matrix that is simply dropped is reclaimed by the GC like any array. Engine code that makes short-lived
/// scratch matrices may call <see cref="Release"/> to hand the buffer back to the pool early.
/// </summary>
public sealed class Matrix
{
    float[]? buffer;

    public int Rows { get; }
    public int Cols { get; }
    public int Length => Rows * Cols;

    public Matrix(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Rows = rows;
        Cols = cols;
        buffer = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * cols));
        Span.Clear();
    }

    public static Matrix FromArray(int rows, int cols, ReadOnlySpan<float> values)
    {
        if (values.Length != rows * cols)
            throw new ArgumentException($"expected {rows}x{cols} = {rows * cols} values, got {values.Length}", nameof(values));
        var m = new Matrix(rows, cols);
        values.CopyTo(m.Span);
        return m;
    }

    /// <summary>The elements, row after row.</summary>
    public Span<float> Span => (buffer ?? throw new ObjectDisposedException(nameof(Matrix))).AsSpan(0, Rows * Cols);

    public Span<float> Row(int r) => Span.Slice(r * Cols, Cols);

    public ref float this[int r, int c] => ref Span[r * Cols + c];

    public Matrix Clone() => FromArray(Rows, Cols, Span);

    public float[] ToArray() => Span.ToArray();

    /// <summary>Returns the buffer to the pool; the matrix must not be used afterwards.</summary>
    public void Release()
    {
        if (buffer is null) return;
        ArrayPool<float>.Shared.Return(buffer);
        buffer = null;
    }

    public override string ToString() => $"Matrix {Rows}x{Cols}";
}
