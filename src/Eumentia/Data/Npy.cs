using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Eumentia.Data;

/// <summary>
/// Reads numpy's .npy arrays and .npz archives (zips of .npy members, stored or deflated), as Keras ships
/// MNIST in mnist.npz, and writes .npy arrays. Only what data sets need: C-order arrays of integers and
/// floats; the built-in image sets insist on unsigned bytes (dtype |u1).
/// Format: "\x93NUMPY", major, minor, header length (uint16 LE in v1, uint32 LE in v2/v3), then a Python
/// dict literal {'descr': '|u1', 'fortran_order': False, 'shape': (60000, 28, 28), } padded with spaces.
/// </summary>
public static partial class Npy
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads every .npy member of an .npz archive, keyed by the member name without ".npy".</summary>
    /// <exception cref="EumentiaException">The archive or a member is missing, corrupt or not uint8.</exception>
    public static IReadOnlyDictionary<string, ByteTensor> ReadNpz(string path) => ReadMembers(path, Parse);

    static IReadOnlyDictionary<string, T> ReadMembers<T>(string path, ParseMember<T> parse)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, T>(StringComparer.Ordinal);
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
                arrays[entry.FullName[..^4]] = parse(bytes, where);
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
        catch (DirectoryNotFoundException e)
        {
            throw new EumentiaException($"{path}: file not found", e);
        }
        catch (IOException e)
        {
            throw new EumentiaException($"{path}: cannot read: {e.Message}", e);
        }
    }

    delegate T ParseMember<out T>(ReadOnlySpan<byte> npy, string where);

    /// <summary>Parses one .npy file's bytes of unsigned bytes (images, labels); <paramref name="where"/> names it in error messages.</summary>
    public static ByteTensor Parse(ReadOnlySpan<byte> npy, string where)
    {
        var array = ParseArray(npy, where);
        if (array.Dtype is not ("|u1" or "<u1" or ">u1" or "=u1" or "u1" or "B" or "|B"))
            throw new EumentiaException($"{where}: dtype is '{array.Dtype}'; images and labels must be unsigned bytes ('|u1')");
        return new ByteTensor(array.Shape, array.Data);
    }

    /// <summary>
    /// Parses one .npy file's bytes of any numeric dtype numpy writes for data (u1, i1, u2, i2, u4, i4, u8, i8,
    /// f4, f8; either byte order): the shape, the dtype text and the raw element bytes.
    /// </summary>
    public static NpyArray ParseArray(ReadOnlySpan<byte> npy, string where)
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
        int itemSize = NpyArray.ItemSize(descr)
            ?? throw new EumentiaException($"{where}: dtype is '{descr}'; data must be integers or floats (e.g. '|u1', '<i8', '<f4')");
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
            if (count * itemSize > Array.MaxLength) throw new EumentiaException($"{where}: shape ({string.Join(", ", shape)}...) is too large");
        }
        var data = npy[(headerStart + headerLength)..];
        long bytes = count * itemSize;
        string of = itemSize > 1 ? $" of '{descr}'" : "";
        if (data.Length != bytes)
            throw new EumentiaException(data.Length < bytes
                ? $"{where}: truncated: shape {Idx.FormatShape(shape)}{of} = {bytes} bytes, found {data.Length}"
                : $"{where}: length mismatch: shape {Idx.FormatShape(shape)}{of} = {bytes} bytes, found {data.Length}");
        return new NpyArray(shape, descr, data.ToArray());
    }

    /// <summary>Reads one .npy file of any numeric dtype.</summary>
    /// <exception cref="EumentiaException">Missing, unreadable or not a numeric .npy array.</exception>
    public static NpyArray ReadArray(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException e) { throw new EumentiaException($"{path}: file not found", e); }
        catch (DirectoryNotFoundException e) { throw new EumentiaException($"{path}: file not found", e); }
        catch (IOException e) { throw new EumentiaException($"{path}: cannot read: {e.Message}", e); }
        return ParseArray(bytes, path);
    }

    /// <summary>Reads every .npy member of an .npz archive of any numeric dtypes, keyed by member name without ".npy".</summary>
    public static IReadOnlyDictionary<string, NpyArray> ReadNpzArrays(string path) => ReadMembers(path, ParseArray);

    /// <summary>Writes float32 as a C-order little-endian .npy (format 1.0, dtype '&lt;f4'); atomically.</summary>
    public static void Write(string path, IReadOnlyList<int> shape, ReadOnlySpan<float> values)
    {
        var body = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(4 * i), values[i]);
        WriteRaw(path, shape, "<f4", body);
    }

    /// <summary>Writes unsigned bytes as a .npy (dtype '|u1'); atomically.</summary>
    public static void Write(string path, IReadOnlyList<int> shape, ReadOnlySpan<byte> values) => WriteRaw(path, shape, "|u1", values.ToArray());

    static void WriteRaw(string path, IReadOnlyList<int> shape, string descr, byte[] body)
    {
        string dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // numpy pads the header with spaces so that the data starts at a multiple of 64 bytes, ending in \n.
        int unpadded = 10 + dict.Length + 1;
        string header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        IO.AtomicFile.Write(path, s =>
        {
            s.Write(Magic);
            s.WriteByte(1);
            s.WriteByte(0);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            s.Write(length);
            s.Write(Encoding.Latin1.GetBytes(header));
            s.Write(body);
        });
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
