using Eumentia.IO;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eumentia.Sweeps.Ledger;
using Eumentia.Training;

namespace Eumentia.Studies.Subset;

/// <summary>
/// Brings a subset study directory made before the study contract (git 02a3989) up to date. The old layout:
/// ledger/matching-&lt;hash&gt;.jsonl (and .shard-i-of-n.jsonl), one line per finished (network, allocation, draw) job
/// with its outcomes, ledger/mnist-&lt;hash&gt;.jsonl, one line per finished MNIST training, the hashes naming the
/// settings the outcomes depend on; subset.json (once the study had finished) records networks, allocations, draws and
/// the search options, but not the budget grid, the bootstrap, the rechecks or the MNIST case. So the spec is the one
/// the settings make (preset and --set, as `eumentia subset` takes them) with the networks, allocations, draws and seed
/// that subset.json records, and it must name the ledgers' hashes: settings that differ in anything the outcomes depend
/// on are refused. Every ledger line becomes a finished "subset-match" or "subset-mnist" run; the rechecks (never kept)
/// are computed by the study.
/// </summary>
public sealed class SubsetMigration : IStudyMigration
{
    const string LedgerFolder = "ledger", SummaryFile = "subset.json";

    public string Study => "subset";

    public bool Recognises(string root) => Ledgers(root, "matching-").Length + Ledgers(root, "mnist-").Length > 0;

    static string[] Ledgers(string root, string prefix) => Directory.Exists(Path.Combine(root, LedgerFolder))
        ? [.. Directory.GetFiles(Path.Combine(root, LedgerFolder), prefix + "*.jsonl").Order(StringComparer.Ordinal)]
        : [];

    public StudyMigrationReport Migrate(string root, MigrationSettings settings)
    {
        // Everything is read and checked before anything changes.
        var study = new SubsetStudy();
        var spec = Recorded(root, (SubsetSpec)settings.Spec(study));
        study.Check(spec);
        if (spec.Allocations.FirstOrDefault(a => a.Mask is not null) is { } mask)
            throw new UsageException($"{root}: allocation {mask.Name} is a user-given mask, which the old ledger records only by its hash; not migrated");

        var matching = Ledgers(root, "matching-");
        string matchingStem = OldMatchingStem(spec);
        Check(root, matching, matchingStem, "seed, max_budget_points or the match options");
        var jobs = Read<MatchOutcome[]>(matching);
        var mnistFiles = Ledgers(root, "mnist-");
        if (mnistFiles.Length > 0 && spec.Mnist is null) throw new UsageException($"{root}: holds MNIST trainings ({Path.GetFileName(mnistFiles[0])}) but these settings have no MNIST case");
        if (spec.Mnist is not null) Check(root, mnistFiles, OldMnistStem(spec.Mnist, spec.Seed), "the MNIST case's settings (but its seeds) or the seed");
        var trainings = Read<MnistRunRow>(mnistFiles);

        var matchRuns = jobs.Select(j =>
        {
            var parts = j.Key.Split('|');
            if (parts.Length != 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int draw))
                throw new UsageException($"{string.Join(", ", matching.Select(Path.GetFileName))}: job '{j.Key}' is not NETWORK|ALLOCATION|DRAW");
            var config = MatchJobConfig.Of(spec, parts[0], Allocation.Parse(parts[1]), draw);
            return new MigratedRun(config, [], [(MatchJob.OutcomesFile, JsonSerializer.Serialize(j.Value, JsonDefaults.Options))], MatchJob.ResultJson(j.Value, seconds: 0));
        }).ToList();
        var mnistRuns = spec.Mnist is not { } m ? [] : trainings.Select(t =>
        {
            var config = MnistSubsetStudy.Job(m, spec.Seed, t.Value.Budget == 0 ? null : Allocation.Parse(t.Value.Allocation), t.Value.Budget, t.Value.Seed);
            return new MigratedRun(config, [], [(MnistJob.RowFile, JsonSerializer.Serialize(t.Value, JsonDefaults.Options))], MnistJob.ResultJson(t.Value));
        }).ToList();

        var ledger = SweepDirectory.OpenOrCreate(Path.Combine(root, StudyDirectory.RunsFolder), null, force: false);
        MigratedRun.AddAll(ledger, MatchJob.Kind, matchRuns);
        MigratedRun.AddAll(ledger, MnistJob.Kind, mnistRuns);
        StudyDirectory.Adopt(root, study, spec);
        Directory.Delete(Path.Combine(root, LedgerFolder), recursive: true);

        return new StudyMigrationReport(root, Study,
        [
            $"migrated {root}: {matchRuns.Count} matching jobs and {mnistRuns.Count} MNIST trainings kept as runs under their new keys (the rechecks were never kept: the study computes them)",
            $"spec (study.json): networks {string.Join(",", spec.Networks)}, {spec.Allocations.Count} allocations, {spec.Draws} draws" +
            (File.Exists(Path.Combine(root, SummaryFile)) ? $" (from {SummaryFile})" : "") + $", the rest from the settings given; they name the ledgers' hashes",
        ]);
    }

    /// <summary>
    /// <paramref name="spec"/> with what subset.json records where it exists: networks, allocations, draws and seed (the
    /// settings cannot give allocations but as JSON). Search options that it records and the settings contradict are refused.
    /// </summary>
    static SubsetSpec Recorded(string root, SubsetSpec spec)
    {
        string path = Path.Combine(root, SummaryFile);
        if (!File.Exists(path)) return spec;
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new UsageException($"{path}: not a subset study's summary ({e.Message})"); }
        T Get<T>(string name) => json[name] is { } node ? node.Deserialize<T>(JsonDefaults.Options) ?? throw new UsageException($"{path}: \"{name}\" is null")
            : throw new UsageException($"{path}: no \"{name}\"");
        spec = spec with
        {
            Networks = Get<string[]>("networks"),
            Allocations = [.. Get<string[]>("allocations").Select(name => name.StartsWith("mask:", StringComparison.Ordinal)
                ? throw new UsageException($"{path}: allocation {name} is a user-given mask, which the old ledger records only by its hash; not migrated")
                : Allocation.Parse(name))],
            Draws = Get<int>("draws"),
            Seed = Get<ulong>("seed"),
        };
        void Same<T>(string name, T given)
        {
            var recorded = Get<T>(name);
            if (!EqualityComparer<T>.Default.Equals(recorded, given))
                throw new UsageException($"{path} records {name} {recorded}, the settings give {given}: give the settings the old study was run with");
        }
        Same("restarts", spec.Match.Restarts);
        Same("confirm_restarts", spec.Match.ConfirmRestarts);
        Same("rough_confirm_restarts", spec.Match.RoughConfirmRestarts ?? spec.Match.ConfirmRestarts);
        Same("tolerance", spec.Match.Tolerance);
        // 02a3989's search had no certification (issue 23): its outcomes are keyed, and the rest run, as that search.
        if (spec.Match.Certify)
            throw new UsageException($"{path}: the old study was searched without certification; give --set match.certify=false");
        return spec;
    }

    /// <summary>Refuses ledgers other than those of <paramref name="stem"/>: they were made with other settings.</summary>
    static void Check(string root, string[] files, string stem, string what)
    {
        var other = files.FirstOrDefault(f => Path.GetFileName(f).Split('.')[0] != stem);
        if (other is not null)
            throw new UsageException($"{other}: made with other {what} than the settings given (which name {stem}.jsonl); give the settings the old study was run with");
    }

    /// <summary>The finished jobs of the ledgers, a later line for the same job replacing an earlier one; torn or damaged lines skipped (their jobs run again), as the old ledger read them.</summary>
    static IReadOnlyList<KeyValuePair<string, T>> Read<T>(IEnumerable<string> files) where T : class
    {
        var done = new Dictionary<string, T>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var file in files)
            foreach (var text in File.ReadLines(file))
            {
                JsonObject? line = null;
                try { line = JsonNode.Parse(text) as JsonObject; }
                catch (JsonException) { }
                if (line?["Key"] is not JsonValue k || !k.TryGetValue(out string? key) || line["Value"] is not { } value) continue;
                T? parsed = null;
                try { parsed = value.Deserialize<T>(OldLedgerJson); }
                catch (JsonException) { }
                if (parsed is null) continue;
                if (!done.ContainsKey(key)) order.Add(key);
                done[key] = parsed;
            }
        return [.. order.Select(k => new KeyValuePair<string, T>(k, done[k]))];
    }

    /// <summary>
    /// JSON as 02a3989 hashed its settings: System.Text.Json's defaults (names as declared, one line, every enum as its
    /// number). The library's enums now carry their spelling on their types (an allocation's kind is "concentrated" in
    /// study.json), so the old numbers need a converter in the options, which takes precedence over the types'.
    /// </summary>
    static readonly JsonSerializerOptions OldDefaultJson = new(JsonDefaults.Options)
    {
        PropertyNamingPolicy = null,
        WriteIndented = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        Converters = { new EnumsAsNumbers() },
    };

    /// <summary>The old ledgers' lines: the defaults with NaN as "NaN".</summary>
    static readonly JsonSerializerOptions OldLedgerJson = new(OldDefaultJson) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Every enum as its number, as System.Text.Json writes an enum that carries no converter.</summary>
    sealed class EnumsAsNumbers : System.Text.Json.Serialization.JsonConverterFactory
    {
        public override bool CanConvert(Type type) => type.IsEnum;

        public override System.Text.Json.Serialization.JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
            (System.Text.Json.Serialization.JsonConverter)Activator.CreateInstance(typeof(Number<>).MakeGenericType(type))!;

        sealed class Number<T> : System.Text.Json.Serialization.JsonConverter<T> where T : struct, Enum
        {
            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => (T)Enum.ToObject(typeof(T), reader.GetInt64());

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The matching ledger's name at 02a3989: a hash of everything a job's outcomes depend on besides its (network, allocation, draw).</summary>
    static string OldMatchingStem(SubsetSpec spec) => "matching-" + Hash(JsonSerializer.Serialize(new
    {
        version = 2,
        seed = spec.Seed,
        budget_points = spec.MaxBudgetPoints,
        match = OldMatchOptions(spec.Match),
        masks = spec.Allocations.Where(a => a.Mask is not null).Select(a => new { a.Name, a.MaskNetwork, a.Mask }),
    }, OldLedgerJson));

    /// <summary>The match options as 02a3989 knew them: without <see cref="MatchOptions.Certify"/>, which came later.</summary>
    static JsonObject OldMatchOptions(MatchOptions match)
    {
        var node = JsonSerializer.SerializeToNode(match, OldLedgerJson)!.AsObject();
        node.Remove(nameof(MatchOptions.Certify));
        return node;
    }

    /// <summary>The MNIST ledger's name at 02a3989: a hash of the MNIST spec (less its seed count; its data directory was part of it, null) and the root seed.</summary>
    static string OldMnistStem(MnistSubsetSpec spec, ulong seed)
    {
        var node = JsonSerializer.SerializeToNode(spec with { Seeds = 0 }, OldDefaultJson)!.AsObject();
        node["DataDir"] = null;
        return "mnist-" + Hash(JsonSerializer.Serialize(new { spec = node, seed }, OldDefaultJson));
    }

    static string Hash(string identity) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
}
