namespace Eumentia.Data;

/// <summary>Keras' mnist.npz: a zip of x_train.npy, y_train.npy, x_test.npy, y_test.npy (dtype |u1).</summary>
internal sealed record NpzLocation(string Where) : DataLocation(Where)
{
    public override ImageDataSet Read(int classes)
    {
        var arrays = Npy.ReadNpz(Where);
        ByteTensor Member(string name) => arrays.TryGetValue(name, out var a) ? a
            : throw new EumentiaException($"{Where}: no {name}.npy in the archive (has {string.Join(", ", arrays.Keys.Order().Select(k => k + ".npy"))})");
        string M(string name) => $"{Where}: {name}.npy";
        return ImageDataSet.Create(
            ImageSet.Create(Member("x_train"), M("x_train"), Member("y_train"), M("y_train"), classes),
            ImageSet.Create(Member("x_test"), M("x_test"), Member("y_test"), M("y_test"), classes),
            Where, classes);
    }
}
