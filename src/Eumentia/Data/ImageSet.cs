namespace Eumentia.Data;

/// <summary>
/// Labeled examples as stored on disk: <see cref="Count"/> inputs of <see cref="Rows"/>×<see cref="Cols"/>
/// values (grey-level bytes, scaled to byte/255 when selected, or a user's float features, used as they are)
/// and one class label each. Immutable by convention: the arrays are shared by the in-process cache and
/// never handed to callers (they get float copies through <see cref="Select"/>).
/// </summary>
internal sealed class ImageSet
{
    public int Count { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int Features => Rows * Cols;
    readonly byte[]? pixels;
    readonly float[]? values;
    readonly byte[] labels;

    ImageSet(int count, int rows, int cols, byte[]? pixels, float[]? values, byte[] labels)
    {
        (Count, Rows, Cols, this.pixels, this.values, this.labels) = (count, rows, cols, pixels, values, labels);
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
        return new ImageSet(count, images.Shape[1], images.Shape[2], images.Data, null, labels.Data);
    }

    /// <summary>
    /// A user's examples: <paramref name="count"/> rows of <paramref name="rows"/>×<paramref name="cols"/> float
    /// features and labels already checked to be classes (the caller counts the classes from them).
    /// </summary>
    public static ImageSet FromFeatures(int count, int rows, int cols, float[] features, byte[] labels, string where)
    {
        if (count == 0 || rows * cols == 0) throw new EumentiaException($"{where}: no examples");
        if (features.Length != (long)count * rows * cols || labels.Length != count)
            throw new ArgumentException($"{where}: {features.Length} features and {labels.Length} labels for {count} examples of {rows}×{cols}");
        int bad = Array.FindIndex(features, v => !float.IsFinite(v));
        if (bad >= 0) throw new EumentiaException($"{where}: feature {bad % (rows * cols)} of example {bad / (rows * cols)} is {features[bad]}, not a finite number");
        return new ImageSet(count, rows, cols, null, features, labels);
    }

    /// <summary>The chosen examples as a set of their own (a split of one pool into training and test).</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        int f = Features;
        var y = indices.Select(i => labels[i]).ToArray();
        if (values is null)
        {
            var p = new byte[indices.Count * f];
            for (int r = 0; r < indices.Count; r++) pixels.AsSpan(indices[r] * f, f).CopyTo(p.AsSpan(r * f));
            return new ImageSet(indices.Count, Rows, Cols, p, null, y);
        }
        var v = new float[indices.Count * f];
        for (int r = 0; r < indices.Count; r++) values.AsSpan(indices[r] * f, f).CopyTo(v.AsSpan(r * f));
        return new ImageSet(indices.Count, Rows, Cols, null, v, y);
    }

    /// <summary>The largest label plus one: the number of classes the examples imply.</summary>
    public int ImpliedClasses => labels.Length == 0 ? 0 : labels.Max() + 1;

    /// <summary>Reads an image IDX file and its label IDX file.</summary>
    public static ImageSet ReadIdx(string imagesPath, string labelsPath, int classes) =>
        Create(Idx.Read(imagesPath), imagesPath, Idx.Read(labelsPath), labelsPath, classes);

    /// <summary>
    /// Fresh copies of the chosen examples, in the given order: pixels as float32 byte/255 (float features as
    /// they are), flattened row-major, and labels.
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
            var dst = x.AsSpan(r * f, f);
            if (values is not null) values.AsSpan(i * f, f).CopyTo(dst);
            else
            {
                var src = pixels!.AsSpan(i * f, f);
                for (int j = 0; j < src.Length; j++) dst[j] = scale[src[j]];
            }
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
