using System.IO.Compression;
using System.Text;

namespace Eumentia.Tests.Data;

/// <summary>Writes .npy bytes and .npz archives the way numpy does (header padded to a multiple of 64).</summary>
public static class NpyWriter
{
    public static byte[] Npy(int[] shape, byte[] data, string descr = "|u1", bool fortran = false, int major = 1)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': ({dims}), }}";
        int prefix = major == 1 ? 10 : 12;
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64;
        string header = dict.PadRight(padded - prefix - 1) + "\n";
        using var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        if (major == 1) ms.Write(BitConverter.GetBytes((ushort)header.Length));
        else ms.Write(BitConverter.GetBytes((uint)header.Length));
        ms.Write(Encoding.Latin1.GetBytes(header));
        ms.Write(data);
        return ms.ToArray();
    }

    public static void Npz(string path, IEnumerable<(string Name, byte[] Npy)> members, bool compress = false)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, npy) in members)
        {
            var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var s = entry.Open();
            s.Write(npy);
        }
    }

    /// <summary>A Keras-style mnist.npz of synthetic images (see <see cref="SyntheticImages"/>).</summary>
    public static void MnistNpz(string path, int trainCount, int testCount, bool compress = false)
    {
        var yTrain = SyntheticImages.UnbalancedLabels(trainCount);
        var yTest = SyntheticImages.UnbalancedLabels(testCount);
        int s = SyntheticImages.Side;
        Npz(path,
        [
            ("x_train", Npy([trainCount, s, s], SyntheticImages.Images(yTrain, test: false))),
            ("y_train", Npy([trainCount], yTrain)),
            ("x_test", Npy([testCount, s, s], SyntheticImages.Images(yTest, test: true))),
            ("y_test", Npy([testCount], yTest)),
        ], compress);
    }
}
