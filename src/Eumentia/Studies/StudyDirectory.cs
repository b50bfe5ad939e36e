using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;

namespace Eumentia.Studies;

/// <summary>
/// A study's directory:
/// <code>
/// study.json       format version, the study's name and its spec (snake_case JSON, as the spec record serialises)
/// runs/            the ledger: every run of every kind the study planned, runs/&lt;key&gt;/ (see <see cref="SweepDirectory"/>)
/// report.html, summary.json, tables and figures   written by the study when it completes
/// </code>
/// Reopening with a changed spec records the new one: that is how a study grows, reusing every run whose key is
/// unchanged. Reopening with another study's name is refused.
/// </summary>
public sealed class StudyDirectory
{
    /// <summary>Bumped when study.json changes incompatibly.</summary>
    public const int FormatVersion = 1;

    public const string ManifestFile = "study.json", RunsFolder = "runs";

    /// <summary>How spec records are written to and read from study.json: snake_case names, enums as snake_case strings.</summary>
    StudyDirectory(string root, string study, JsonNode spec)
    {
        Root = root;
        Study = study;
        SpecNode = spec;
    }

    public string Root { get; }

    /// <summary>The study's name (study.json's "study").</summary>
    public string Study { get; }

    JsonNode SpecNode { get; }

    /// <summary>The ledger folder, &lt;dir&gt;/runs.</summary>
    public string RunsDir => Path.Combine(Root, RunsFolder);

    /// <summary>The recorded spec as JSON text.</summary>
    public string SpecText => SpecNode.ToJsonString(JsonDefaults.Options);

    public static bool IsStudy(string dir) => File.Exists(Path.Combine(dir, ManifestFile));

    /// <summary>Reads study.json; a usage error when <paramref name="dir"/> is not a study directory.</summary>
    public static StudyDirectory Open(string dir)
    {
        string root = Path.GetFullPath(dir);
        string manifest = Path.Combine(root, ManifestFile);
        if (!File.Exists(manifest))
            throw new UsageException(!Directory.Exists(root) ? $"study directory {root} does not exist"
                : StudyMigrations.Hint(root, dir) ?? $"{root} is not a study directory (no {ManifestFile})");
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(manifest)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new EumentiaException($"{manifest}: not a study manifest ({e.Message})"); }
        int format = json["format"] is JsonValue f && f.TryGetValue(out int v) ? v : -1;
        if (format != FormatVersion)
            throw new EumentiaException($"{manifest}: written by study format {(format < 0 ? "unknown" : format)}, this eumentia reads format {FormatVersion}");
        string study = json["study"] is JsonValue s && s.TryGetValue(out string? name) && name is not null ? name
            : throw new EumentiaException($"{manifest}: no \"study\" name");
        var spec = json["spec"] ?? throw new EumentiaException($"{manifest}: no \"spec\"");
        return new StudyDirectory(root, study, spec.DeepClone());
    }

    /// <summary>
    /// Opens or creates the directory of <paramref name="study"/> and records <paramref name="spec"/> (a changed spec
    /// replaces the recorded one); refuses a directory of another study, or one with files but no study.json.
    /// </summary>
    public static StudyDirectory Create(string dir, IStudy study, object spec)
    {
        string root = Path.GetFullPath(dir);
        var node = JsonSerializer.SerializeToNode(spec, study.SpecType, JsonDefaults.Options) ?? throw new ArgumentException("spec serialises to null", nameof(spec));
        if (IsStudy(root))
        {
            var existing = Open(root);
            if (existing.Study != study.Name)
                throw new UsageException($"{Path.Combine(root, ManifestFile)}: this is a '{existing.Study}' study's directory, not '{study.Name}'; use another --out");
            if (JsonNode.DeepEquals(existing.SpecNode, node)) return existing;
        }
        else if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new UsageException(StudyMigrations.Hint(root, dir) ?? $"{root} is not empty and not a study directory; use another --out");
        return Write(root, study, node);
    }

    /// <summary>
    /// Records <paramref name="spec"/> as the study of an existing directory that has none (a migration's last step:
    /// the directory's runs are already in the study's form).
    /// </summary>
    public static StudyDirectory Adopt(string dir, IStudy study, object spec)
    {
        string root = Path.GetFullPath(dir);
        if (IsStudy(root)) throw new UsageException($"{root} is already a study directory");
        var node = JsonSerializer.SerializeToNode(spec, study.SpecType, JsonDefaults.Options) ?? throw new ArgumentException("spec serialises to null", nameof(spec));
        return Write(root, study, node);
    }

    static StudyDirectory Write(string root, IStudy study, JsonNode node)
    {
        Directory.CreateDirectory(root);
        var manifest = new JsonObject
        {
            ["format"] = FormatVersion,
            ["study"] = study.Name,
            ["written_utc"] = DateTime.UtcNow.ToString("O"),
            ["spec"] = node.DeepClone(),
        };
        AtomicFile.WriteAllText(Path.Combine(root, ManifestFile), manifest.ToJsonString(JsonDefaults.Options) + "\n");
        return new StudyDirectory(root, study.Name, node);
    }

    /// <summary>The recorded spec as <paramref name="study"/>'s spec record.</summary>
    public object Spec(IStudy study)
    {
        if (study.Name != Study) throw new UsageException($"{Root} is a '{Study}' study, not '{study.Name}'");
        try { return SpecNode.Deserialize(study.SpecType, JsonDefaults.Options) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new EumentiaException($"{Path.Combine(Root, ManifestFile)}: its spec does not read as a {study.SpecType.Name} ({e.Message})"); }
    }

    /// <summary>The ledger, created empty (for runs of any kinds) if there is none yet.</summary>
    public SweepDirectory Ledger(bool force) => SweepDirectory.OpenOrCreate(RunsDir, null, force);
}
