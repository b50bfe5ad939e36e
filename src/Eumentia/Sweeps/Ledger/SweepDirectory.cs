using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Spec;

namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// A sweep's results directory, runs/&lt;sweep&gt;/, which is also its ledger:
/// <code>
/// sweep.json                   format version, run kind (absent when the runs are of several kinds: a study's), attempt limit
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

    SweepDirectory(string root, RunKind? kind, int maxAttempts, int maxLost)
    {
        Root = root;
        Kind = kind;
        MaxAttempts = maxAttempts;
        MaxLost = maxLost;
    }

    public string Root { get; }

    /// <summary>
    /// The kind of every run of a plain sweep; null for a directory holding runs of several kinds (a study's ledger:
    /// training runs and their evaluation branches), where each run.json names its own.
    /// </summary>
    public RunKind? Kind { get; private set; }

    /// <summary>The kind of a single-kind sweep; a usage error naming <paramref name="purpose"/> for a mixed one.</summary>
    public RunKind SingleKind(string purpose) => Kind
        ?? throw new UsageException($"{Root} holds runs of several kinds (a study's ledger); {purpose} needs a sweep of one kind");

    /// <summary>Attempts a run gets before it counts as failed (from sweep.json; changed by a new `sweep run --max-attempts`).</summary>
    public int MaxAttempts { get; }

    /// <summary>
    /// Attempts a run may lose to dead workers (killed, preempted, out of memory, node gone) before it counts as
    /// failed: unlimited (<see cref="int.MaxValue"/>) unless sweep.json says otherwise (`sweep run --max-lost`).
    /// </summary>
    public int MaxLost { get; }

    public string RunDir(string key) => Path.Combine(Root, key);

    /// <summary>
    /// Opens a sweep directory, creating it for <paramref name="kind"/> if new; <paramref name="kind"/> null opens
    /// or creates a ledger of runs of any kinds (an existing single-kind one stays as it is until a run of another
    /// kind is registered in it).
    /// </summary>
    public static SweepDirectory OpenOrCreate(string root, RunKind? kind, bool force, int? maxAttempts = null, int? maxLost = null)
    {
        root = FullPath(root);
        string manifest = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifest))
        {
            Directory.CreateDirectory(root);
            var created = new SweepDirectory(root, kind, maxAttempts ?? DefaultMaxAttempts, maxLost ?? int.MaxValue);
            created.WriteManifest();
            return created;
        }
        var existing = Open(root, force);
        if (kind is not null && existing.Kind?.Name != kind.Name)
            throw new UsageException(existing.Kind is null
                ? $"{manifest}: this directory holds runs of several kinds (a study's), not a sweep of kind '{kind.Name}'; use another --dir"
                : $"{manifest}: this sweep directory holds runs of kind '{existing.Kind.Name}', not '{kind.Name}'; use another --dir");
        var changed = new SweepDirectory(root, existing.Kind, maxAttempts ?? existing.MaxAttempts, maxLost ?? existing.MaxLost);
        if (changed.MaxAttempts == existing.MaxAttempts && changed.MaxLost == existing.MaxLost) return existing;
        changed.WriteManifest();
        return changed;
    }

    /// <summary>The absolute path of a directory argument; an empty one is a usage error (Path.GetFullPath would throw).</summary>
    static string FullPath(string root) => string.IsNullOrWhiteSpace(root)
        ? throw new UsageException("the sweep directory is empty: give --dir a path")
        : Path.GetFullPath(root);

    /// <summary>Opens an existing sweep directory; refuses one written by an incompatible format unless <paramref name="force"/>.</summary>
    public static SweepDirectory Open(string root, bool force)
    {
        root = FullPath(root);
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
        string? kindName = !json.TryGetProperty("kind", out var k) || k.ValueKind == JsonValueKind.Null ? null
            : k.ValueKind == JsonValueKind.String && k.GetString() is { } s ? s
            : throw new EumentiaException($"{manifest}: \"kind\" is not a run kind's name");
        int maxAttempts = json.TryGetProperty("max_attempts", out var m) && m.TryGetInt32(out int a) && a >= 1 ? a : DefaultMaxAttempts;
        int maxLost = json.TryGetProperty("max_lost", out var l) && l.TryGetInt32(out int b) && b >= 0 ? b : int.MaxValue;
        RunKind? kind = null;
        try { if (kindName is not null) kind = RunKinds.Get(kindName); }
        catch (UsageException e) { throw new EumentiaException($"{manifest}: {e.Message}"); }
        return new SweepDirectory(root, kind, maxAttempts, maxLost);
    }

    void WriteManifest()
    {
        var manifest = new Dictionary<string, object>
        {
            ["format"] = FormatVersion,
            ["max_attempts"] = MaxAttempts,
            ["written_utc"] = DateTime.UtcNow.ToString("O"),
        };
        if (Kind is not null) manifest["kind"] = Kind.Name;
        if (MaxLost != int.MaxValue) manifest["max_lost"] = MaxLost;
        AtomicFile.WriteAllText(Path.Combine(Root, ManifestFile), JsonSerializer.Serialize(manifest, JsonDefaults.Options) + "\n");
    }

    /// <summary>
    /// Adds runs of this sweep's kind that are not registered yet (a changed spec adds only its new runs); returns
    /// how many were new. Registration order is kept in run.json ("index") so that workers take runs in spec order.
    /// </summary>
    public int Register(IReadOnlyList<PlannedRun> runs) => Register(SingleKind("registering runs without naming their kind"), runs);

    /// <summary>
    /// Adds runs of <paramref name="kind"/> that are not registered yet, as <see cref="Register(IReadOnlyList{PlannedRun})"/>.
    /// A single-kind sweep asked to hold another kind becomes a ledger of several kinds: its sweep.json loses "kind"
    /// before the first such run is written, so no run is ever registered under a manifest that contradicts it.
    /// </summary>
    public int Register(RunKind kind, IReadOnlyList<PlannedRun> runs)
    {
        if (Kind is not null && Kind.Name != kind.Name && runs.Count > 0)
        {
            Kind = null;
            WriteManifest();
        }
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
                writer.WriteString("kind", kind.Name);
                writer.WriteString("key", run.Key);
                writer.WriteNumber("index", next++);
                writer.WriteString("canonical", run.Canonical);
                writer.WritePropertyName("config");
                kind.Schema.WriteFull(writer, run.Config);
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

    /// <summary>
    /// A registered run's kind (run.json's, else the sweep's), config and registration index; refuses a run.json
    /// that no longer hashes to its key.
    /// </summary>
    public RegisteredRun LoadRun(string key)
    {
        string path = Path.Combine(RunDir(key), RunFile);
        JsonElement json;
        try { json = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new EumentiaException($"{path}: not valid JSON ({e.Message})"); }
        if (!json.TryGetProperty("config", out var configJson)) throw new EumentiaException($"{path}: no config");
        string? kindName = json.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        RunKind kind;
        if (kindName is null) kind = Kind ?? throw new EumentiaException($"{path}: no run kind");
        else if (Kind is not null && Kind.Name != kindName) throw new EumentiaException($"{path}: a run of kind '{kindName}' in a sweep of kind '{Kind.Name}'");
        else
        {
            try { kind = Kind ?? RunKinds.Get(kindName); }
            catch (UsageException e) { throw new EumentiaException($"{path}: {e.Message}"); }
        }
        var config = kind.Schema.Read(configJson, path);
        string recomputed = CanonicalConfig.Key(kind, config);
        if (recomputed != key)
            throw new EumentiaException($"{path}: its config now hashes to {recomputed}, not {key}: a default of {kind.ConfigType.Name} changed meaning " +
                                        "(give new fields defaults that change nothing)");
        int index = json.TryGetProperty("index", out var i) && i.TryGetInt32(out int n) ? n : int.MaxValue;
        return new RegisteredRun(key, kind, config, index);
    }

    /// <summary>True when a worker with fail-fast saw a failure; other workers stop claiming.</summary>
    public bool FailFastTripped => File.Exists(Path.Combine(Root, FailFastMarker));

    public void TripFailFast(string reason) => AtomicFile.WriteAllText(Path.Combine(Root, FailFastMarker), reason + "\n");

    public void ClearFailFast() => File.Delete(Path.Combine(Root, FailFastMarker));
}
