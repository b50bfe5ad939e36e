using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Eumentia.Data;

/// <summary>
/// Reads numpy's .npy arrays and .npz archives (zips of .npy members, stored or deflated), as Keras ships
/// MNIST in mnist.npz. Only what data sets need: C-order arrays of unsigned bytes (dtype |u1).
/// Format: "\x93NUMPY", major, minor, header length (uint16 LE in v1, uint32 LE in v2/v3), then a Python
/// dict literal {'descr': '|u1', 'fortran_order': False, 'shape': (60000, 28, 28), } padded with spaces.
/// </summary>
public static partial class Npy
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads every .npy member of an .npz archive, keyed by the member name without ".npy".</summary>
    /// <exception cref="EumentiaException">The archive or a member is missing, corrupt or not uint8.</exception>
    public static IReadOnlyDictionary<string, ByteTensor> ReadNpz(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, ByteTensor>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                string where = $"{path}: {entry.FullName}";
                if (entry.Length > Array.MaxLength)
                    throw new EumentiaException($"{where}: {entry.Length} bytes is too large for one array");
                var bytes = new byte[entry.Length];
                using (var s = entry.Open())
                {
                    int n = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                    if (n < bytes.Length) throw new EumentiaException($"{where}: truncated: zip directory says {bytes.Length} bytes, found {n}");
                }
                arrays[entry.FullName[..^4]] = Parse(bytes, where);
            }
            return arrays;
        }
        catch (InvalidDataException e)
        {
            throw new EumentiaException($"{path}: not a valid .npz (zip) archive: {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new EumentiaException($"{path}: file not found", e);
        }
        catch (IOException e)
        {
            throw new EumentiaException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Parses one .npy file's bytes; <paramref name="where"/> names it in error messages.</summary>
    public static ByteTensor Parse(ReadOnlySpan<byte> npy, string where)
    {
        if (npy.Length < 10 || !npy[..6].SequenceEqual(Magic))
            throw new EumentiaException($"{where}: not a .npy array (no \\x93NUMPY magic)");
        byte major = npy[6];
        int headerStart, headerLength;
        switch (major)
        {
            case 1:
                headerStart = 10;
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(npy[8..]);
                break;
            case 2 or 3:
                if (npy.Length < 12) throw new EumentiaException($"{where}: truncated .npy header");
                headerStart = 12;
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(npy[8..]);
                if (length > int.MaxValue) throw new EumentiaException($"{where}: .npy header length {length} is corrupt");
                headerLength = (int)length;
                break;
            default:
                throw new EumentiaException($"{where}: unsupported .npy format version {major}.{npy[7]}");
        }
        if ((long)headerStart + headerLength > npy.Length)
            throw new EumentiaException($"{where}: truncated .npy header: says {headerLength} bytes, file has {npy.Length - headerStart}");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(npy.Slice(headerStart, headerLength));

        string descr = Field(DescrPattern(), header, "descr", where);
        if (descr is not ("|u1" or "<u1" or ">u1" or "=u1" or "u1" or "B" or "|B"))
            throw new EumentiaException($"{where}: dtype is '{descr}'; images and labels must be unsigned bytes ('|u1')");
        if (Field(FortranPattern(), header, "fortran_order", where) != "False")
            throw new EumentiaException($"{where}: fortran_order is True; only C-order arrays are supported");

        var shape = new List<int>();
        long count = 1;
        foreach (var part in Field(ShapePattern(), header, "shape", where).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimEnd('L'), out int d) || d < 0)
                throw new EumentiaException($"{where}: shape entry '{part}' is not a non-negative integer");
            shape.Add(d);
            count *= d;
            if (count > Array.MaxLength) throw new EumentiaException($"{where}: shape ({string.Join(", ", shape)}...) is too large");
        }
        var data = npy[(headerStart + headerLength)..];
        if (data.Length != count)
            throw new EumentiaException(data.Length < count
                ? $"{where}: truncated: shape {Idx.FormatShape(shape)} = {count} bytes, found {data.Length}"
                : $"{where}: length mismatch: shape {Idx.FormatShape(shape)} = {count} bytes, found {data.Length}");
        return new ByteTensor(shape, data.ToArray());
    }

    static string Field(Regex pattern, string header, string key, string where)
    {
        var m = pattern.Match(header);
        return m.Success ? m.Groups[1].Value.Trim() : throw new EumentiaException($"{where}: .npy header has no '{key}': {header.Trim()}");
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
