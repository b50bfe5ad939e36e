using Eumentia.Data;

namespace Eumentia.Tests.Data;

public class NpyTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsAKerasStyleMnistNpz(bool compressed)
    {
        string path = temp.File("mnist.npz");
        NpyWriter.MnistNpz(path, trainCount: 30, testCount: 7, compressed);

        var arrays = Npy.ReadNpz(path);
        Assert.Equal(["x_test", "x_train", "y_test", "y_train"], arrays.Keys.Order());
        Assert.Equal([30, 28, 28], arrays["x_train"].Shape);
        Assert.Equal([7], arrays["y_test"].Shape);
        Assert.Equal(SyntheticImages.UnbalancedLabels(30), arrays["y_train"].Data);

        var data = new NpzLocation(path).Read(classes: 10);
        Assert.Equal((30, 7, 28, 28), (data.Train.Count, data.Test.Count, data.Train.Rows, data.Train.Cols));
        var test = data.Test.All("t", 10);
        Assert.Equal((6, true), SyntheticImages.Identify(test, 6));
        Assert.Equal(SyntheticImages.UnbalancedLabels(7), test.Y);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ParsesEveryHeaderVersion(int major)
    {
        var a = Npy.Parse(NpyWriter.Npy([2, 3], [1, 2, 3, 4, 5, 6], major: major), "a.npy");
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal([1, 2, 3, 4, 5, 6], a.Data);
    }

    [Fact]
    public void RejectsOtherDtypesNamingArchiveAndMember()
    {
        string path = temp.File("floats.npz");
        NpyWriter.Npz(path, [("x_train", NpyWriter.Npy([1], [0, 0, 0, 0], descr: "<f4"))]);
        var e = Assert.Throws<EumentiaException>(() => Npy.ReadNpz(path));
        Assert.Equal($"{path}: x_train.npy: dtype is '<f4'; images and labels must be unsigned bytes ('|u1')", e.Message);
    }

    [Fact]
    public void RejectsFortranOrder()
    {
        var e = Assert.Throws<EumentiaException>(() => Npy.Parse(NpyWriter.Npy([2, 2], [1, 2, 3, 4], fortran: true), "f.npy"));
        Assert.Equal("f.npy: fortran_order is True; only C-order arrays are supported", e.Message);
    }

    [Fact]
    public void RejectsTruncatedData()
    {
        var npy = NpyWriter.Npy([10, 28, 28], new byte[7840]);
        var e = Assert.Throws<EumentiaException>(() => Npy.Parse(npy.AsSpan(0, npy.Length - 7717), "x.npy"));
        Assert.Equal("x.npy: truncated: shape 10×28×28 = 7840 bytes, found 123", e.Message);
    }

    [Fact]
    public void RejectsAnythingThatIsNotNpy()
    {
        var e = Assert.Throws<EumentiaException>(() => Npy.Parse("PK\u0003\u0004 not numpy"u8, "z.npy"));
        Assert.Equal(@"z.npy: not a .npy array (no \x93NUMPY magic)", e.Message);
    }

    [Fact]
    public void NamesTheMissingMember()
    {
        string path = temp.File("partial.npz");
        NpyWriter.Npz(path, [("x_train", NpyWriter.Npy([1, 1, 1], [0])), ("y_train", NpyWriter.Npy([1], [0]))]);
        var e = Assert.Throws<EumentiaException>(() => new NpzLocation(path).Read(10));
        Assert.Equal($"{path}: no x_test.npy in the archive (has x_train.npy, y_train.npy)", e.Message);
    }

    [Fact]
    public void RejectsAFileThatIsNotAZip()
    {
        string path = temp.File("mnist.npz");
        File.WriteAllText(path, "version https://git-lfs.github.com/spec/v1\n");
        var e = Assert.Throws<EumentiaException>(() => Npy.ReadNpz(path));
        Assert.StartsWith($"{path}: not a valid .npz (zip) archive", e.Message);
    }
}
