using System.Numerics.Tensors;
using Eumentia.Numerics.Threading;

namespace Eumentia.Nets;

/// <summary>
/// The elementwise work around a layer's GEMM, fused per row block and spread over the thread budget: after
/// the forward product, bias + activation + dropout; before the backward products, dropout mask × activation
/// derivative; and the bias gradient. Each row (or, for the bias gradient, each column) is computed exactly
/// as a serial pass would, so neither the split nor the thread count changes a bit.
/// </summary>
internal static unsafe class LayerPasses
{
    /// <summary>
    /// z += bias (every row); for a hidden layer h = φ(z), then with dropout a = h ⊙ mask. In training a and the
    /// mask are separate buffers (the backward pass needs z, h and the mask); in inference a and h are the
    /// same buffer and the mask pointer is null, so nothing is kept.
    /// </summary>
    public static void Forward(float* z, float* bias, int rows, int width, bool hidden, Activation activation,
        float* h, in DropoutPass dropout, int layer, float* a, float* mask)
    {
        var work = new ForwardWork(z, bias, rows, width, hidden, activation, h, dropout, layer, a, mask);
        Run(work, rows, width);
    }

    /// <summary>a ⊙= mask of <paramref name="dropout"/> for rows×width of <paramref name="layer"/>, exactly as <see cref="Forward"/> applies it.</summary>
    public static void Dropout(float* a, int rows, int width, in DropoutPass dropout, int layer) =>
        Run(new DropoutWork(a, width, dropout, layer, rows), rows, width);

    /// <summary>dz ⊙= mask (if dropout was on), then dz ⊙= φ'(z), for rows×width.</summary>
    public static void Backward(float* dz, float* z, float* h, float* mask, int rows, int width, Activation activation) =>
        Run(new BackwardWork(dz, z, h, mask, rows, width, activation), rows, width);

    /// <summary>db[j] = Σ_r dz[r, j], rows summed in order for every column (columns split among threads).</summary>
    public static void BiasGradient(float* dz, int rows, int width, float* db)
    {
        var work = new BiasGradientWork(dz, rows, width, db);
        long elements = (long)rows * width;
        int chunks = (width + BiasGradientWork.Columns - 1) / BiasGradientWork.Columns;
        ForkJoin.Run(work, chunks, ElementwiseSplit.Workers(elements, chunks));
    }

    static void Run<TWork>(TWork work, int rows, int width) where TWork : struct, IChunkedWork, IRowBlocks
    {
        long elements = (long)rows * width;
        int chunks = ElementwiseSplit.Chunks(rows, work.RowsPerChunk);
        ForkJoin.Run(work, chunks, ElementwiseSplit.Workers(elements, chunks));
    }

    interface IRowBlocks
    {
        int RowsPerChunk { get; }
    }

    readonly struct ForwardWork(float* z, float* bias, int rows, int width, bool hidden, Activation activation,
        float* h, DropoutPass dropout, int layer, float* a, float* mask) : IChunkedWork, IRowBlocks
    {
        public int RowsPerChunk { get; } = ElementwiseSplit.RowsPerChunk(width);

        public void RunChunk(int chunk)
        {
            int r0 = chunk * RowsPerChunk, n = Math.Min(RowsPerChunk, rows - r0), count = n * width;
            nint offset = (nint)r0 * width;
            var zs = new Span<float>(z + offset, count);
            var b = new ReadOnlySpan<float>(bias, width);
            for (int r = 0; r < n; r++) TensorPrimitives.Add(zs.Slice(r * width, width), b, zs.Slice(r * width, width));
            if (!hidden) return;
            var hs = new Span<float>(h + offset, count);
            ActivationKernels.Forward(activation, zs, hs);
            if (!dropout.Active) return;
            var target = hs;
            if (a != h)
            {
                target = new Span<float>(a + offset, count);
                hs.CopyTo(target);
            }
            dropout.ApplyRows(layer, r0, n, width, target, mask == null ? Span<float>.Empty : new Span<float>(mask + offset, count));
        }
    }

    readonly struct DropoutWork(float* a, int width, DropoutPass dropout, int layer, int rows) : IChunkedWork, IRowBlocks
    {
        public int RowsPerChunk { get; } = ElementwiseSplit.RowsPerChunk(width);

        public void RunChunk(int chunk)
        {
            int r0 = chunk * RowsPerChunk, n = Math.Min(RowsPerChunk, rows - r0);
            dropout.ApplyRows(layer, r0, n, width, new Span<float>(a + (nint)r0 * width, n * width), Span<float>.Empty);
        }
    }

    readonly struct BackwardWork(float* dz, float* z, float* h, float* mask, int rows, int width, Activation activation)
        : IChunkedWork, IRowBlocks
    {
        public int RowsPerChunk { get; } = ElementwiseSplit.RowsPerChunk(width);

        public void RunChunk(int chunk)
        {
            int r0 = chunk * RowsPerChunk, count = Math.Min(RowsPerChunk, rows - r0) * width;
            nint offset = (nint)r0 * width;
            var g = new Span<float>(dz + offset, count);
            if (mask != null) TensorPrimitives.Multiply(g, new ReadOnlySpan<float>(mask + offset, count), g);
            ActivationKernels.MultiplyByDerivative(activation, new ReadOnlySpan<float>(z + offset, count), new ReadOnlySpan<float>(h + offset, count), g);
        }
    }

    readonly struct BiasGradientWork(float* dz, int rows, int width, float* db) : IChunkedWork
    {
        /// <summary>Columns per chunk: a 256-byte strip of every row, summed into registers-worth of db.</summary>
        public const int Columns = 64;

        public void RunChunk(int chunk)
        {
            int c0 = chunk * Columns, n = Math.Min(Columns, width - c0);
            var sum = new Span<float>(db + c0, n);
            sum.Clear();
            for (int r = 0; r < rows; r++) TensorPrimitives.Add(sum, new ReadOnlySpan<float>(dz + (nint)r * width + c0, n), sum);
        }
    }
}
