using System.Buffers.Binary;

namespace Eumentia.Data;

/// <summary>
/// One numeric .npy array as stored: its shape, numpy dtype text ('&lt;f4', '|u1', '&lt;i8', …) and raw
/// C-order element bytes. Converts to the float features and byte labels a data set needs.
/// </summary>
public sealed record NpyArray(IReadOnlyList<int> Shape, string Dtype, byte[] Data)
{
    /// <summary>Bytes per element of a numeric dtype, or null for a dtype data sets cannot hold.</summary>
    public static int? ItemSize(string dtype)
    {
        var (kind, size, _) = Decode(dtype);
        return kind is 'u' or 'i' or 'f' && (kind != 'f' || size is 4 or 8) && size is 1 or 2 or 4 or 8 ? size : null;
    }

    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>True for unsigned bytes: grey levels, which data sets scale to [0, 1] as byte/255.</summary>
    public bool IsBytes => Decode(Dtype) is ('u', 1, _);

    /// <summary>Every element as float32 (float64 rounded to nearest, integers converted exactly up to 2^24).</summary>
    public float[] ToFloats()
    {
        var (kind, size, big) = Decode(Dtype);
        var result = new float[Count];
        for (int i = 0; i < result.Length; i++)
        {
            var b = Data.AsSpan(i * size, size);
            result[i] = kind == 'f' ? (size == 4 ? Single(b, big) : (float)Double(b, big)) : (float)Integer(b, kind, size, big);
        }
        return result;
    }

    /// <summary>Every element as a class label 0..255; <paramref name="where"/> names the array in the error for anything else.</summary>
    public byte[] ToLabels(string where)
    {
        var (kind, size, big) = Decode(Dtype);
        var result = new byte[Count];
        for (int i = 0; i < result.Length; i++)
        {
            var b = Data.AsSpan(i * size, size);
            double value = kind == 'f' ? (size == 4 ? Single(b, big) : Double(b, big)) : Integer(b, kind, size, big);
            if (value is < 0 or > 255 || value != Math.Floor(value))
                throw new EumentiaException($"{where}: label {value} at index {i} is not a class 0..255");
            result[i] = (byte)value;
        }
        return result;
    }

    // "<f4" → ('f', 4, little); "|u1", "u1", "B" → ('u', 1, _); ">i8" → ('i', 8, big).
    static (char Kind, int Size, bool BigEndian) Decode(string dtype)
    {
        if (dtype is "B" or "|B") return ('u', 1, false);
        if (dtype is "b" or "|b") return ('i', 1, false);
        string body = dtype.Length > 0 && dtype[0] is '<' or '>' or '|' or '=' ? dtype[1..] : dtype;
        bool big = dtype.StartsWith('>');
        return body.Length == 2 && body[0] is 'u' or 'i' or 'f' && char.IsAsciiDigit(body[1]) ? (body[0], body[1] - '0', big) : ('?', 0, false);
    }

    static float Single(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);

    static double Double(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);

    static double Integer(ReadOnlySpan<byte> b, char kind, int size, bool big) => (kind, size) switch
    {
        ('u', 1) => b[0],
        ('i', 1) => (sbyte)b[0],
        ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
        ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
        ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
        ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
        ('u', 8) => big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
        _ => big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
    };
}
