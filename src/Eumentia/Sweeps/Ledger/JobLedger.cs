using System.Text;
using System.Text.Json;

namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// An append-only, fsync'd ledger of finished jobs of one long computation: one JSON line {"key", "value"}
/// per job, written and flushed to the disk as the job ends, so a process killed at any moment loses only
/// the jobs in flight, and a rerun with the same ledger skips every job already in it. For the many small
/// jobs of one process (thousands of matching draws) where a run directory per job, as the sweep
/// machinery keeps, would cost more than the job. A torn last line (a kill during the write) is ignored
/// and cut off by the next append; a line that does not parse is ignored. Results must be a function of
/// the key alone (as they are with counter-based random draws), so that a resumed computation equals an
/// uninterrupted one; the caller names the file after everything else the results depend on.
/// Thread-safe; without a path it keeps nothing and every job runs. Other ledgers of the same computation
/// (those of shards run elsewhere) can be read beside it, never written.
/// </summary>
public sealed class JobLedger<T> : IDisposable
{
    static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    readonly Dictionary<string, T> done = new(StringComparer.Ordinal);
    readonly FileStream? stream;
    readonly Lock gate = new();

    sealed record Line(string Key, T Value);

    public JobLedger(string? path, IEnumerable<string>? alsoRead = null)
    {
        foreach (var other in alsoRead ?? []) Read(other);
        if (path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Read(path);
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            bool endsWithNewline = stream.ReadByte() == '\n';
            stream.Seek(0, SeekOrigin.End);
            if (!endsWithNewline) stream.WriteByte((byte)'\n'); // close a torn line so the next one parses
        }
        LedgerPath = path;
    }

    void Read(string path)
    {
        if (!File.Exists(path)) return;
        foreach (var text in File.ReadLines(path))
        {
            Line? line = null;
            try { line = JsonSerializer.Deserialize<Line>(text, Json); }
            catch (JsonException) { } // a torn or damaged line: that job runs again
            if (line is { Key: not null, Value: not null }) done[line.Key] = line.Value;
        }
    }

    /// <summary>The ledger file, or null when nothing is kept.</summary>
    public string? LedgerPath { get; }

    /// <summary>Jobs finished so far (read from the file or added).</summary>
    public int Count { get { lock (gate) return done.Count; } }

    public bool TryGet(string key, out T value)
    {
        lock (gate) return done.TryGetValue(key, out value!);
    }

    /// <summary>Records a finished job: appended as one line and forced to the disk before returning.</summary>
    public void Add(string key, T value)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Line(key, value), Json) + "\n");
        lock (gate)
        {
            done[key] = value;
            if (stream is null) return;
            stream.Write(bytes);
            stream.Flush(flushToDisk: IO.AtomicFile.Fsync);
        }
    }

    public void Dispose() => stream?.Dispose();
}
