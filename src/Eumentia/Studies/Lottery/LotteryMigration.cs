using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// Brings a lottery study directory made before the study contract (git 02a3989) up to date. The old layout:
/// spec.json (the pinned spec) and runs/&lt;data&gt;/seed-&lt;s&gt;/ holding rewind.safetensors and
/// &lt;method&gt;/level-&lt;ℓ&gt;/ (weights.safetensors, units.csv, cavity.csv; measurements.json written last = done); a
/// gain scan had one such study per gain in gain-&lt;g&gt;/. Every finished IMP level becomes a finished "lottery-imp"
/// run (level 0 with the rewind point) and every finished baseline a "lottery-branch" run of its IMP level, under the
/// keys the study plans for the spec, which study.json records; levels that were not finished are left for the
/// study to compute. The old folders go once their runs are in the ledger; study.json is written last.
/// </summary>
public sealed class LotteryMigration : IStudyMigration
{
    const string SpecFile = "spec.json", OldRuns = "runs";

    /// <summary>Reads an old spec.json strictly: a field this eumentia does not know would be a setting it cannot express.</summary>
    static readonly JsonSerializerOptions OldSpecJson = new(JsonDefaults.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public string Study => "lottery";

    public bool Recognises(string root) => OldStudies(root).Count > 0;

    /// <summary>The old study directories under <paramref name="root"/>: root itself, or each gain-&lt;g&gt;/ of a gain scan.</summary>
    static IReadOnlyList<string> OldStudies(string root) =>
        File.Exists(Path.Combine(root, SpecFile)) ? [root]
        : [.. Directory.GetDirectories(root, "gain-*").Where(d => File.Exists(Path.Combine(d, SpecFile))).Order(StringComparer.Ordinal)];

    /// <summary>One finished level or baseline of the old layout.</summary>
    sealed record OldLevel(string Dir, string SeedDir, LevelMeasurement Measurement, double Gain);

    public StudyMigrationReport Migrate(string root, MigrationSettings settings)
    {
        settings.RefuseFor(root, SpecFile);
        // Everything is read and checked before anything changes.
        var studies = OldStudies(root).Select(d => (Dir: d, Spec: ReadSpec(Path.Combine(d, SpecFile)))).ToList();
        var spec = CombinedSpec(root, studies);
        var levels = studies.SelectMany(s => Finished(s.Dir, s.Spec)).ToList();
        var imp = levels.Where(l => l.Measurement.Method == LotteryRun.Imp).ToList();
        var baselines = levels.Where(l => l.Measurement.Method != LotteryRun.Imp).ToList();
        foreach (var dense in imp.Where(l => l.Measurement.Level == 0))
            if (!File.Exists(Path.Combine(dense.SeedDir, LotteryRun.RewindFile)))
                throw new UsageException($"{dense.SeedDir}: its dense level is finished but {LotteryRun.RewindFile} is missing; the pruned levels cannot be rewound without it");

        LotteryLevelConfig LevelConfig(OldLevel l, int level) => LotteryLevelConfig.Of(spec with { Gain = l.Gain, Gains = [] }, l.Measurement.Data, l.Measurement.Seed, level);
        var ledger = SweepDirectory.OpenOrCreate(Path.Combine(root, StudyDirectory.RunsFolder), null, force: false);
        MigratedRun.AddAll(ledger, LotteryRuns.Imp, [.. imp.Select(l =>
        {
            var config = LevelConfig(l, l.Measurement.Level);
            var copies = Files(l.Dir).ToList();
            if (l.Measurement.Level == 0) copies.Add((Path.Combine(l.SeedDir, LotteryRun.RewindFile), LotteryRun.RewindFile));
            return new MigratedRun(config, copies, [(LotteryRuns.ConfigFile, LotteryRuns.ConfigJson(config))], LotteryRuns.ResultJson(l.Measurement));
        })]);
        MigratedRun.AddAll(ledger, LotteryRuns.Branch, [.. baselines.Select(l => new MigratedRun(
            new LotteryBranchConfig { Imp = CanonicalConfig.Key(LotteryRuns.Imp, LevelConfig(l, l.Measurement.Level)), Method = l.Measurement.Method },
            [.. Files(l.Dir)], [], LotteryRuns.ResultJson(l.Measurement)))]);

        // The old folders hold nothing the ledger lacks now (unfinished levels are recomputed by the study).
        foreach (var (dir, old) in studies)
        {
            foreach (string data in old.Data)
                if (Directory.Exists(Path.Combine(dir, OldRuns, data))) Directory.Delete(Path.Combine(dir, OldRuns, data), recursive: true);
            if (dir != root && Directory.Exists(Path.Combine(dir, OldRuns)) && !Directory.EnumerateFileSystemEntries(Path.Combine(dir, OldRuns)).Any())
                Directory.Delete(Path.Combine(dir, OldRuns));
        }
        StudyDirectory.Adopt(root, new LotteryStudy(), spec);
        foreach (var (dir, _) in studies) File.Delete(Path.Combine(dir, SpecFile));

        var lines = new List<string>
        {
            $"migrated {root}: {imp.Count} finished IMP levels and {baselines.Count} finished baselines kept as runs under their new keys",
            $"spec (study.json) from {string.Join(", ", studies.Select(s => Path.GetRelativePath(root, Path.Combine(s.Dir, SpecFile))))}: " +
            $"data {string.Join(",", spec.Data)}, {spec.Seeds} seeds from {spec.Seed}" + (spec.Gains.Length > 0 ? $", gains {string.Join(",", spec.Gains.Select(g => g.ToString(CultureInfo.InvariantCulture)))}" : ""),
        };
        return new StudyMigrationReport(root, Study, lines);
    }

    static LotterySpec ReadSpec(string path)
    {
        LotterySpec spec;
        try { spec = JsonSerializer.Deserialize<LotterySpec>(File.ReadAllText(path), OldSpecJson) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new UsageException($"{path}: not the spec of a lottery study this eumentia can express ({e.Message})"); }
        if (spec.Gains.Length > 0) throw new UsageException($"{path}: already names gains; not a study of an older eumentia");
        var errors = spec.Validate();
        if (errors.Count > 0) throw new UsageException($"{path}: {string.Join("; ", errors)}");
        return spec;
    }

    /// <summary>The one spec of the old studies: a single study's, or a gain scan's (specs that differ in their gain only).</summary>
    static LotterySpec CombinedSpec(string root, IReadOnlyList<(string Dir, LotterySpec Spec)> studies)
    {
        if (studies.Count == 1 && studies[0].Dir == root) return studies[0].Spec;
        var first = studies[0].Spec;
        foreach (var (dir, spec) in studies)
        {
            if (JsonSerializer.Serialize(spec with { Gain = first.Gain }, JsonDefaults.Options) != JsonSerializer.Serialize(first, JsonDefaults.Options))
                throw new UsageException($"{Path.Combine(dir, SpecFile)}: differs from {Path.Combine(studies[0].Dir, SpecFile)} in more than its gain; not one gain scan");
            if (Path.GetFileName(dir) != Path.GetFileName(GainScan.GainDir(root, spec.Gain)))
                throw new UsageException($"{Path.Combine(dir, SpecFile)}: gain {spec.Gain.ToString(CultureInfo.InvariantCulture)} does not match its folder's name");
        }
        var gains = studies.Select(s => s.Spec.Gain).Order().ToArray();
        var combined = first with { Gains = gains };
        var errors = combined.Validate();
        if (errors.Count > 0) throw new UsageException($"{root}: its gain scan is not one this eumentia runs: {string.Join("; ", errors)}");
        return combined;
    }

    /// <summary>The finished levels and baselines of one old study: runs/&lt;data&gt;/seed-&lt;s&gt;/&lt;method&gt;/level-&lt;ℓ&gt;/ with measurements.json.</summary>
    static IEnumerable<OldLevel> Finished(string dir, LotterySpec spec)
    {
        var extra = Directory.Exists(Path.Combine(dir, OldRuns))
            ? Directory.GetDirectories(Path.Combine(dir, OldRuns)).Select(Path.GetFileName).Where(d => !CanonicalConfig.IsKey(d!) && !spec.Data.Contains(d)).ToList()
            : [];
        if (extra.Count > 0) throw new UsageException($"{Path.Combine(dir, OldRuns)}: holds {string.Join(", ", extra)}, not a data set of {Path.Combine(dir, SpecFile)}");
        foreach (string data in spec.Data)
            for (int s = 0; s < spec.Seeds; s++)
            {
                ulong seed = spec.Seed + (ulong)s;
                string seedDir = Path.Combine(dir, OldRuns, data, "seed-" + seed.ToString(CultureInfo.InvariantCulture));
                if (!Directory.Exists(seedDir)) continue;
                foreach (string methodDir in Directory.GetDirectories(seedDir).Order(StringComparer.Ordinal))
                {
                    string method = Path.GetFileName(methodDir);
                    if (method != LotteryRun.Imp && !LotterySpec.BaselineNames.Contains(method))
                        throw new UsageException($"{methodDir}: not a method of the lottery study");
                    foreach (string levelDir in Directory.GetDirectories(methodDir, "level-*").Order(StringComparer.Ordinal))
                    {
                        string path = Path.Combine(levelDir, LotteryRun.MeasurementsFile);
                        if (!File.Exists(path)) continue; // not finished: the study computes it again
                        var m = StudyFiles.ReadJson<LevelMeasurement>(path);
                        if (m.Data != data || m.Seed != seed || m.Method != method || Path.GetFileName(levelDir) != $"level-{m.Level:00}")
                            throw new UsageException($"{path}: measures {m.Data} seed {m.Seed} {m.Method} level {m.Level}, not what its folder says");
                        yield return new OldLevel(levelDir, seedDir, m, spec.Gain);
                    }
                }
            }
    }

    static IEnumerable<(string Source, string Name)> Files(string levelDir) =>
        Directory.GetFiles(levelDir).Order(StringComparer.Ordinal).Select(f => (f, Path.GetFileName(f)));
}
