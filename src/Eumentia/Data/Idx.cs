using System.IO.Compression;

namespace Eumentia.Data;

/// <summary>
/// The IDX format of the MNIST files (LeCun et al.): magic 00 00 TYPE NDIM, NDIM big-endian uint32
/// dimensions, then the elements in row-major order. Files may be gzip-compressed; compression is detected
/// by the gzip magic bytes, never by the file name, because renamed and half-decompressed copies are common.
/// Only unsigned bytes (type 0x08) are accepted: MNIST-style images and labels are stored that way, and a
/// different type means the file is not what the caller thinks it is.
/// </summary>
public static class Idx
{
    const byte UnsignedByte = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes, validating the header against the data length.</summary>
    /// <exception cref="EumentiaException">The file is missing, corrupt, truncated or not uint8; the message names the file and the problem.</exception>
    public static ByteTensor Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            bool gzip = IsGzip(file);
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            var dims = ReadHeader(stream, path);
            long expected = ElementCount(dims, path);
            if (!gzip)
            {
                // A raw file's length is known up front: check it before allocating anything.
                long found = file.Length - file.Position;
                if (found != expected) throw LengthMismatch(path, dims, expected, found);
            }
            var data = ReadBody(stream, path, dims, expected, lengthKnown: !gzip);
            return new ByteTensor(dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new EumentiaException($"{path}: corrupt gzip data: {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new EumentiaException($"{path}: file not found", e);
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw new EumentiaException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Writes unsigned bytes as an IDX file, gzip-compressed unless <paramref name="gzip"/> is false; atomically.</summary>
    public static void Write(string path, IReadOnlyList<int> dimensions, ReadOnlySpan<byte> data, bool gzip = true)
    {
        if (dimensions.Count is < 1 or > 255)
            throw new ArgumentException($"IDX needs 1 to 255 dimensions, got {dimensions.Count}", nameof(dimensions));
        long count = 1;
        foreach (int d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d, nameof(dimensions));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"dimensions {FormatShape(dimensions)} = {count} elements, data has {data.Length}", nameof(data));

        var header = new byte[4 + 4 * dimensions.Count];
        header[2] = UnsignedByte;
        header[3] = (byte)dimensions.Count;
        for (int i = 0; i < dimensions.Count; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + 4 * i), (uint)dimensions[i]);

        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                if (gzip)
                {
                    using var compressed = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true);
                    compressed.Write(header);
                    compressed.Write(data);
                }
                else
                {
                    file.Write(header);
                    file.Write(data);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Renders dimensions as 10000×28×28.</summary>
    public static string FormatShape(IReadOnlyList<int> dimensions) => string.Join("×", dimensions);

    static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    static int[] ReadHeader(Stream stream, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        int n = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (n < 4)
            throw new EumentiaException($"{path}: truncated: {n} bytes, too short for the 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw new EumentiaException($"{path}: not an IDX file: magic number {Convert.ToHexString(magic)} does not start with 0000 (expected 00 00 type ndim)");
        if (magic[2] != UnsignedByte)
            throw new EumentiaException($"{path}: element type is {TypeName(magic[2])}; images and labels must be unsigned bytes (0x08)");
        int ndim = magic[3];
        if (ndim == 0)
            throw new EumentiaException($"{path}: header has 0 dimensions");

        var raw = new byte[4 * ndim];
        n = stream.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
        if (n < raw.Length)
            throw new EumentiaException($"{path}: truncated header: {ndim} dimensions need {raw.Length} bytes after the magic number, found {n}");
        var dims = new int[ndim];
        for (int i = 0; i < ndim; i++)
        {
            uint d = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(4 * i));
            if (d == 0 || d > int.MaxValue)
                throw new EumentiaException($"{path}: dimension {i} is {d}; dimensions must be between 1 and {int.MaxValue}");
            dims[i] = (int)d;
        }
        return dims;
    }

    static long ElementCount(int[] dims, string path)
    {
        long count = 1;
        foreach (int d in dims)
        {
            count *= d;
            if (count > Array.MaxLength)
                throw new EumentiaException($"{path}: header dimensions {FormatShape(dims)} exceed {Array.MaxLength} elements; the header is corrupt");
        }
        return count;
    }

    static byte[] ReadBody(Stream stream, string path, int[] dims, long expected, bool lengthKnown)
    {
        // Without a known length (gzip), grow the buffer as data arrives, so a corrupt header promising
        // gigabytes allocates only what the stream really holds.
        var buffer = GC.AllocateUninitializedArray<byte>((int)(lengthKnown ? expected : Math.Min(expected, 1 << 20)));
        long found = 0;
        while (found < expected)
        {
            if (found == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(expected, 2L * buffer.Length));
            int n = stream.Read(buffer, (int)found, buffer.Length - (int)found);
            if (n == 0) break;
            found += n;
        }
        if (found < expected) throw LengthMismatch(path, dims, expected, found);
        long extra = 0;
        Span<byte> scratch = stackalloc byte[4096];
        for (int n; (n = stream.Read(scratch)) > 0;) extra += n;
        if (extra > 0) throw LengthMismatch(path, dims, expected, expected + extra);
        return buffer;
    }

    static EumentiaException LengthMismatch(string path, int[] dims, long expected, long found) =>
        new(found < expected
            ? $"{path}: truncated: header says {FormatShape(dims)} = {expected} bytes, found {found}"
            : $"{path}: length mismatch: header says {FormatShape(dims)} = {expected} bytes, found {found} ({found - expected} trailing bytes)");

    static string TypeName(byte code) => code switch
    {
        0x08 => "uint8 (0x08)",
        0x09 => "int8 (0x09)",
        0x0B => "int16 (0x0B)",
        0x0C => "int32 (0x0C)",
        0x0D => "float32 (0x0D)",
        0x0E => "float64 (0x0E)",
        _ => $"unknown (0x{code:X2})",
    };
}
