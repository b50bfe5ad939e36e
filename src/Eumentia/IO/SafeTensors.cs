using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eumentia.IO;

/// <summary>A named float32 tensor.</summary>
public sealed record Tensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header
/// mapping names to dtype, shape and byte offsets, then the raw little-endian data. PyTorch's
/// safetensors.torch.load_file reads what this writes.
/// </summary>
public static class SafeTensors
{
    public static void Write(string path, IEnumerable<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var t in list)
        {
            long expected = t.Shape.Aggregate(1L, (a, b) => a * b);
            if (expected != t.Data.Length) throw new ArgumentException($"tensor {t.Name}: shape [{string.Join(",", t.Shape)}] needs {expected} values, has {t.Data.Length}");
            long bytes = 4L * t.Data.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        AtomicFile.Write(path, s =>
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            s.Write(len);
            s.Write(json);
            for (int i = json.Length; i < padded; i++) s.WriteByte((byte)' ');
            var buffer = new byte[1 << 16];
            foreach (var t in list)
            {
                int done = 0;
                while (done < t.Data.Length)
                {
                    int n = Math.Min(buffer.Length / 4, t.Data.Length - done);
                    for (int i = 0; i < n; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(4 * i), t.Data[done + i]);
                    s.Write(buffer, 0, 4 * n);
                    done += n;
                }
            }
        });
    }

    public static IReadOnlyDictionary<string, Tensor> Read(string path) => ReadWithMetadata(path).Tensors;

    /// <summary>The tensors and the header's string metadata ("__metadata__", empty when absent).</summary>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) ReadWithMetadata(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new EumentiaException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw new EumentiaException($"{path}: header length {headerLength} exceeds the file size {bytes.Length}");
        JsonObject header;
        try { header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))!.AsObject(); }
        catch (JsonException e) { throw new EumentiaException($"{path}: corrupt safetensors header: {e.Message}"); }
        int dataStart = 8 + (int)headerLength;
        var result = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                if (node is JsonObject meta)
                    foreach (var (k, v) in meta)
                        if (v is JsonValue value && value.TryGetValue(out string? text)) metadata[k] = text;
                continue;
            }
            var entry = node!.AsObject();
            string dtype = entry["dtype"]!.GetValue<string>();
            if (dtype != "F32") throw new EumentiaException($"{path}: tensor {name} has dtype {dtype}; only F32 is supported");
            var shape = entry["shape"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
            var offsets = entry["data_offsets"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            long begin = dataStart + offsets[0], end = dataStart + offsets[1];
            if (end > bytes.Length || begin > end) throw new EumentiaException($"{path}: tensor {name} lies outside the file (truncated?)");
            var data = new float[(end - begin) / 4];
            if (data.Length != shape.Aggregate(1L, (a, b) => a * b)) throw new EumentiaException($"{path}: tensor {name}: shape and byte length disagree");
            for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)begin + 4 * i));
            result[name] = new Tensor(name, shape, data);
        }
        return (result, metadata);
    }
}
