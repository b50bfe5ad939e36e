namespace Eumentia.Data;

/// <summary>
/// Labeled images as stored on disk: <see cref="Count"/> images of <see cref="Rows"/>×<see cref="Cols"/>
/// grey-level bytes and one class label each. Immutable by convention: the arrays are shared by the
/// in-process cache and never handed to callers (they get float copies through <see cref="Select"/>).
/// </summary>
internal sealed class ImageSet
{
    public int Count { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int Features => Rows * Cols;
    readonly byte[] pixels;
    readonly byte[] labels;

    ImageSet(int count, int rows, int cols, byte[] pixels, byte[] labels)
    {
        (Count, Rows, Cols, this.pixels, this.labels) = (count, rows, cols, pixels, labels);
    }

    public ReadOnlySpan<byte> Labels => labels;

    /// <summary>
    /// Pairs an image tensor (count×rows×cols) with a label tensor (count), checking that the counts agree
    /// and every label is a class below <paramref name="classes"/>. The "where" strings name the two files.
    /// </summary>
    public static ImageSet Create(ByteTensor images, string imagesWhere, ByteTensor labels, string labelsWhere, int classes)
    {
        if (images.Shape.Count != 3)
            throw new EumentiaException($"{imagesWhere}: expected images with 3 dimensions (count×rows×columns), found {images.Shape.Count} ({Idx.FormatShape(images.Shape)})");
        if (labels.Shape.Count != 1)
            throw new EumentiaException($"{labelsWhere}: expected labels with 1 dimension (count), found {labels.Shape.Count} ({Idx.FormatShape(labels.Shape)})");
        int count = images.Shape[0];
        if (labels.Shape[0] != count)
            throw new EumentiaException($"{labelsWhere}: {labels.Shape[0]} labels, but {imagesWhere} has {count} images");
        if (count == 0 || images.Shape[1] == 0 || images.Shape[2] == 0)
            throw new EumentiaException($"{imagesWhere}: empty image set ({Idx.FormatShape(images.Shape)})");
        int bad = labels.Data.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(classes - 1));
        if (bad >= 0)
            throw new EumentiaException($"{labelsWhere}: label {labels.Data[bad]} at index {bad} is not a class 0..{classes - 1}");
        return new ImageSet(count, images.Shape[1], images.Shape[2], images.Data, labels.Data);
    }

    /// <summary>Reads an image IDX file and its label IDX file.</summary>
    public static ImageSet ReadIdx(string imagesPath, string labelsPath, int classes) =>
        Create(Idx.Read(imagesPath), imagesPath, Idx.Read(labelsPath), labelsPath, classes);

    /// <summary>
    /// Fresh copies of the chosen examples, in the given order: pixels as float32 byte/255, flattened
    /// row-major, and labels.
    /// </summary>
    public LabeledData Select(string name, ReadOnlySpan<int> indices, int classes)
    {
        int f = Features;
        var x = GC.AllocateUninitializedArray<float>(indices.Length * f);
        var y = new byte[indices.Length];
        var scale = GreyLevels;
        for (int r = 0; r < indices.Length; r++)
        {
            int i = indices[r];
            var src = pixels.AsSpan(i * f, f);
            var dst = x.AsSpan(r * f, f);
            for (int j = 0; j < src.Length; j++) dst[j] = scale[src[j]];
            y[r] = labels[i];
        }
        return new LabeledData(name, indices.Length, f, classes, x, y);
    }

    /// <summary>All examples in file order.</summary>
    public LabeledData All(string name, int classes)
    {
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        return Select(name, order, classes);
    }

    // b / 255f for every byte: a table lookup gives exactly the division's value without dividing per pixel.
    static readonly float[] GreyLevels = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();
}
