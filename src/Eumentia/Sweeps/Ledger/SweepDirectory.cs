using Eumentia.Sweeps.Spec;
using System.Text.Json;

using Eumentia.IO;

namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// A sweep's results directory, runs/&lt;sweep&gt;/, which is also its ledger:
/// <code>
/// sweep.json                   format version, run kind, attempt limit
/// &lt;key&gt;/run.json              the run's kind, key, canonical form and full config (registered = pending)
/// &lt;key&gt;/attempt-N.claim        who runs attempt N (host, pid, time); created exclusively
/// &lt;key&gt;/attempt-N.heartbeat    refreshed while attempt N runs
/// &lt;key&gt;/attempt-N.end          how attempt N ended (done, failed + reason, cancelled, lost)
/// &lt;key&gt;/config.json, metrics.csv, result.json   written by the executor; result.json last = done
/// results.csv, metrics.csv     written by `eumentia collect`
/// </code>
/// Everything is plain files written atomically or created exclusively, so the directory may live on a shared
/// (NFS) file system used by many hosts at once; no database, no locks.
/// </summary>
public sealed class SweepDirectory
{
    /// <summary>Bumped whenever the layout changes incompatibly; older or newer directories are refused unless forced.</summary>
    public const int FormatVersion = 1;

    public const string ManifestFile = "sweep.json", RunFile = "run.json", ResultFile = "result.json",
        MetricsFile = "metrics.csv", FailFastMarker = "fail-fast.stop";

    public const int DefaultMaxAttempts = 3;

    SweepDirectory(string root, RunKind kind, int maxAttempts, int maxLost)
    {
        Root = root;
        Kind = kind;
        MaxAttempts = maxAttempts;
        MaxLost = maxLost;
    }

    public string Root { get; }

    public RunKind Kind { get; }

    /// <summary>Attempts a run gets before it counts as failed (from sweep.json; changed by a new `sweep run --max-attempts`).</summary>
    public int MaxAttempts { get; }

    /// <summary>
    /// Attempts a run may lose to dead workers (killed, preempted, out of memory, node gone) before it counts as
    /// failed: unlimited (<see cref="int.MaxValue"/>) unless sweep.json says otherwise (`sweep run --max-lost`).
    /// </summary>
    public int MaxLost { get; }

    public string RunDir(string key) => Path.Combine(Root, key);

    /// <summary>Opens a sweep directory, creating it for <paramref name="kind"/> if new.</summary>
    public static SweepDirectory OpenOrCreate(string root, RunKind kind, bool force, int? maxAttempts = null, int? maxLost = null)
    {
        root = Path.GetFullPath(root);
        string manifest = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifest))
        {
            Directory.CreateDirectory(root);
            var created = new SweepDirectory(root, kind, maxAttempts ?? DefaultMaxAttempts, maxLost ?? int.MaxValue);
            created.WriteManifest();
            return created;
        }
        var existing = Open(root, force);
        if (existing.Kind.Name != kind.Name)
            throw new UsageException($"{manifest}: this sweep directory holds runs of kind '{existing.Kind.Name}', not '{kind.Name}'; use another --dir");
        var changed = new SweepDirectory(root, kind, maxAttempts ?? existing.MaxAttempts, maxLost ?? existing.MaxLost);
        if (changed.MaxAttempts == existing.MaxAttempts && changed.MaxLost == existing.MaxLost) return existing;
        changed.WriteManifest();
        return changed;
    }

    /// <summary>Opens an existing sweep directory; refuses one written by an incompatible format unless <paramref name="force"/>.</summary>
    public static SweepDirectory Open(string root, bool force)
    {
        root = Path.GetFullPath(root);
        string manifest = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifest))
            throw new UsageException(Directory.Exists(root)
                ? $"{root} is not a sweep directory (no {ManifestFile}); start one with `eumentia sweep run`"
                : $"sweep directory {root} does not exist");
        JsonElement json;
        try { json = JsonDocument.Parse(File.ReadAllText(manifest)).RootElement; }
        catch (JsonException e) { throw new EumentiaException($"{manifest}: not valid JSON ({e.Message})"); }
        if (json.ValueKind != JsonValueKind.Object) throw new EumentiaException($"{manifest}: not a sweep manifest (a JSON object with format and kind)");
        int format = json.TryGetProperty("format", out var f) && f.TryGetInt32(out int v) ? v : -1;
        if (format != FormatVersion && !force)
            throw new EumentiaException($"{manifest}: written by sweep format {(format < 0 ? "unknown" : format)}, this eumentia reads format {FormatVersion}; " +
                                        "use a new directory, or --force to use it anyway");
        string kindName = json.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() is { } s ? s
            : throw new EumentiaException($"{manifest}: no run kind");
        int maxAttempts = json.TryGetProperty("max_attempts", out var m) && m.TryGetInt32(out int a) && a >= 1 ? a : DefaultMaxAttempts;
        int maxLost = json.TryGetProperty("max_lost", out var l) && l.TryGetInt32(out int b) && b >= 0 ? b : int.MaxValue;
        RunKind kind;
        try { kind = RunKinds.Get(kindName); }
        catch (UsageException e) { throw new EumentiaException($"{manifest}: {e.Message}"); }
        return new SweepDirectory(root, kind, maxAttempts, maxLost);
    }

    void WriteManifest()
    {
        var manifest = new Dictionary<string, object>
        {
            ["format"] = FormatVersion,
            ["kind"] = Kind.Name,
            ["max_attempts"] = MaxAttempts,
            ["written_utc"] = DateTime.UtcNow.ToString("O"),
        };
        if (MaxLost != int.MaxValue) manifest["max_lost"] = MaxLost;
        AtomicFile.WriteAllText(Path.Combine(Root, ManifestFile), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>
    /// Adds runs that are not registered yet (a changed spec adds only its new runs); returns how many were new.
    /// Registration order is kept in run.json ("index") so that workers take runs in spec order.
    /// </summary>
    public int Register(IReadOnlyList<PlannedRun> runs)
    {
        var known = new HashSet<string>(RunKeys(), StringComparer.Ordinal);
        int next = known.Count;
        int added = 0;
        foreach (var run in runs)
        {
            if (known.Contains(run.Key)) continue;
            string path = Path.Combine(RunDir(run.Key), RunFile);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = CanonicalConfig.WriterOptions.Encoder }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("format", FormatVersion);
                writer.WriteString("kind", Kind.Name);
                writer.WriteString("key", run.Key);
                writer.WriteNumber("index", next++);
                writer.WriteString("canonical", run.Canonical);
                writer.WritePropertyName("config");
                Kind.Schema.WriteFull(writer, run.Config);
                writer.WriteEndObject();
            }
            AtomicFile.WriteAllBytes(path, buffer.WrittenSpan);
            known.Add(run.Key);
            added++;
        }
        return added;
    }

    /// <summary>Keys of registered runs (directories named like a key holding run.json).</summary>
    public IReadOnlyList<string> RunKeys() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>()
                .Where(name => CanonicalConfig.IsKey(name) && File.Exists(Path.Combine(Root, name, RunFile)))
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>A registered run's config and registration index; refuses a run.json that no longer hashes to its key.</summary>
    public (object Config, int Index) LoadRun(string key)
    {
        string path = Path.Combine(RunDir(key), RunFile);
        JsonElement json;
        try { json = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new EumentiaException($"{path}: not valid JSON ({e.Message})"); }
        if (!json.TryGetProperty("config", out var configJson)) throw new EumentiaException($"{path}: no config");
        var config = Kind.Schema.Read(configJson, path);
        string recomputed = CanonicalConfig.Key(Kind, config);
        if (recomputed != key)
            throw new EumentiaException($"{path}: its config now hashes to {recomputed}, not {key}: a default of {Kind.ConfigType.Name} changed meaning " +
                                        "(give new fields defaults that change nothing)");
        int index = json.TryGetProperty("index", out var i) && i.TryGetInt32(out int n) ? n : int.MaxValue;
        return (config, index);
    }

    /// <summary>True when a worker with fail-fast saw a failure; other workers stop claiming.</summary>
    public bool FailFastTripped => File.Exists(Path.Combine(Root, FailFastMarker));

    public void TripFailFast(string reason) => AtomicFile.WriteAllText(Path.Combine(Root, FailFastMarker), reason + "\n");

    public void ClearFailFast() => File.Delete(Path.Combine(Root, FailFastMarker));
}
