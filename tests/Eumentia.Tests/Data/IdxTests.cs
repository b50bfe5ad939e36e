using System.IO.Compression;
using Eumentia.Data;

namespace Eumentia.Tests.Data;

public class IdxTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    static byte[] Header(byte type, params uint[] dims)
    {
        var h = new byte[4 + 4 * dims.Length];
        h[2] = type;
        h[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4 + 4 * i), dims[i]);
        return h;
    }

    static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest)) z.Write(raw);
        return ms.ToArray();
    }

    string WriteBytes(string name, byte[] bytes, bool gzip = false)
    {
        string path = temp.File(name);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    static string MessageOf(Action read) => Assert.Throws<EumentiaException>(read).Message;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTripsBytesAndShape(bool gzip)
    {
        var data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 37 + 11);
        string path = temp.File("round-idx3-ubyte" + (gzip ? ".gz" : ""));
        Idx.Write(path, [3, 4, 5], data, gzip);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(gzip, bytes[0] == 0x1F && bytes[1] == 0x8B);
        var read = Idx.Read(path);
        Assert.Equal([3, 4, 5], read.Shape);
        Assert.Equal(data, read.Data);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp")); // the atomic write left nothing behind
    }

    [Fact]
    public void DetectsCompressionByMagicBytesNotByName()
    {
        byte[] labels = [1, 2, 3, 4];
        string gzipWithoutExtension = temp.File("labels-idx1-ubyte");
        string rawWithGzExtension = temp.File("other-idx1-ubyte.gz");
        Idx.Write(gzipWithoutExtension, [4], labels, gzip: true);
        Idx.Write(rawWithGzExtension, [4], labels, gzip: false);
        Assert.Equal(labels, Idx.Read(gzipWithoutExtension).Data);
        Assert.Equal(labels, Idx.Read(rawWithGzExtension).Data);
    }

    [Fact]
    public void RejectsWrongMagicNamingTheFile()
    {
        string path = WriteBytes("page.html", "<html><body>404</body></html>"u8.ToArray());
        string message = MessageOf(() => Idx.Read(path));
        Assert.StartsWith(path + ": not an IDX file: magic number 3C68746D", message);
    }

    [Theory]
    [InlineData(0x0D, "float32 (0x0D)")]
    [InlineData(0x0C, "int32 (0x0C)")]
    [InlineData(0x42, "unknown (0x42)")]
    public void RejectsElementTypesOtherThanUnsignedBytes(byte type, string named)
    {
        string path = WriteBytes("floats-idx1-ubyte", [.. Header(type, 2), .. new byte[8]]);
        Assert.Equal($"{path}: element type is {named}; images and labels must be unsigned bytes (0x08)", MessageOf(() => Idx.Read(path)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsTruncatedDataSayingHowMuchIsMissing(bool gzip)
    {
        string path = WriteBytes("t10k-images-idx3-ubyte" + (gzip ? ".gz" : ""), [.. Header(8, 10, 28, 28), .. new byte[123]], gzip);
        Assert.Equal($"{path}: truncated: header says 10×28×28 = 7840 bytes, found 123", MessageOf(() => Idx.Read(path)));
    }

    [Fact]
    public void RejectsACutGzipStream()
    {
        string whole = temp.File("whole.gz");
        var data = new byte[50_000];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * i % 251);
        Idx.Write(whole, [50_000], data);
        var bytes = File.ReadAllBytes(whole);
        string path = WriteBytes("cut-labels-idx1-ubyte.gz", bytes[..(bytes.Length / 2)]);
        string message = MessageOf(() => Idx.Read(path));
        Assert.StartsWith(path + ": ", message);
        Assert.Matches("truncated|corrupt gzip", message);
    }

    [Fact]
    public void RejectsTrailingBytes()
    {
        string path = WriteBytes("long-idx1-ubyte", [.. Header(8, 3), 1, 2, 3, 4, 5]);
        Assert.Equal($"{path}: length mismatch: header says 3 = 3 bytes, found 5 (2 trailing bytes)", MessageOf(() => Idx.Read(path)));
    }

    [Fact]
    public void RejectsATruncatedHeader()
    {
        string path = WriteBytes("short-idx3-ubyte", [.. Header(8, 10, 28, 28)[..9]]);
        Assert.Equal($"{path}: truncated header: 3 dimensions need 12 bytes after the magic number, found 5", MessageOf(() => Idx.Read(path)));
        string tiny = WriteBytes("tiny", [0, 0]);
        Assert.StartsWith($"{tiny}: truncated: 2 bytes", MessageOf(() => Idx.Read(tiny)));
    }

    [Fact]
    public void RejectsZeroAndAbsurdDimensions()
    {
        string zero = WriteBytes("zero-idx3-ubyte", Header(8, 10, 0, 28));
        Assert.Equal($"{zero}: dimension 1 is 0; dimensions must be between 1 and {int.MaxValue}", MessageOf(() => Idx.Read(zero)));
        string huge = WriteBytes("huge-idx3-ubyte.gz", [.. Header(8, 100000, 100000, 28)], gzip: true);
        Assert.Contains("the header is corrupt", MessageOf(() => Idx.Read(huge)));
        string noDims = WriteBytes("nodims", Header(8));
        Assert.Equal($"{noDims}: header has 0 dimensions", MessageOf(() => Idx.Read(noDims)));
    }

    [Fact]
    public void RejectsAMissingFile()
    {
        string path = temp.File("absent-idx1-ubyte.gz");
        Assert.Equal($"{path}: file not found", MessageOf(() => Idx.Read(path)));
    }

    [Fact]
    public void ImageFilesNeedThreeDimensionsAndLabelFilesOne()
    {
        string labels = temp.File("labels-idx1-ubyte.gz");
        string flat = temp.File("flat-images-idx2-ubyte.gz");
        Idx.Write(labels, [2], [0, 1]);
        Idx.Write(flat, [2, 784], new byte[2 * 784]);
        Assert.Equal($"{flat}: expected images with 3 dimensions (count×rows×columns), found 2 (2×784)",
            MessageOf(() => ImageSet.ReadIdx(flat, labels, 10)));
        string images = temp.File("images-idx3-ubyte.gz");
        Idx.Write(images, [2, 2, 2], new byte[8]);
        Assert.Equal($"{flat}: expected labels with 1 dimension (count), found 2 (2×784)",
            MessageOf(() => ImageSet.ReadIdx(images, flat, 10)));
    }

    [Fact]
    public void RejectsImageAndLabelCountsThatDisagree()
    {
        string images = temp.File("train-images-idx3-ubyte.gz");
        string labels = temp.File("train-labels-idx1-ubyte.gz");
        Idx.Write(images, [3, 2, 2], new byte[12]);
        Idx.Write(labels, [2], [0, 1]);
        Assert.Equal($"{labels}: 2 labels, but {images} has 3 images", MessageOf(() => ImageSet.ReadIdx(images, labels, 10)));
    }

    [Fact]
    public void RejectsLabelsOutsideTheClasses()
    {
        string images = temp.File("i.gz");
        string labels = temp.File("l.gz");
        Idx.Write(images, [3, 2, 2], new byte[12]);
        Idx.Write(labels, [3], [0, 12, 1]);
        Assert.Equal($"{labels}: label 12 at index 1 is not a class 0..9", MessageOf(() => ImageSet.ReadIdx(images, labels, 10)));
    }
}
