using Eumentia.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eumentia.Sweeps.Ledger;
using Eumentia.Training;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// Brings a criticality study directory made before the study contract (git 02a3989) up to date. The old layout:
/// probes/&lt;key&gt;/ (config.json, rho.csv, result.json last), already keyed as "criticality-probe" runs are today, and
/// training/w&lt;width&gt;-d&lt;depth&gt;-f&lt;factor&gt;-s&lt;seed&gt;/ (a `train` run's files, its config.json among them);
/// exponents.json once the study had finished, recording (of its settings) only its preset, activation and σ_b. Every finished probe and
/// training becomes a finished run of the ledger under the key of its own config, so the runs need no spec; study.json
/// records the one the settings make (preset and --set, as `eumentia criticality` takes them), checked against what
/// exponents.json records. Unfinished ones are left for the study to compute.
/// </summary>
public sealed class CriticalityMigration : IStudyMigration
{
    const string Probes = "probes", Trainings = "training", SummaryFile = "exponents.json", ConfigFile = "config.json";

    public string Study => "criticality";

    public bool Recognises(string root) => Directory.Exists(Path.Combine(root, Probes)) || Directory.Exists(Path.Combine(root, Trainings));

    public StudyMigrationReport Migrate(string root, MigrationSettings settings)
    {
        // Everything is read and checked before anything changes.
        var study = new CriticalityStudy();
        var spec = (CriticalitySpec)settings.Spec(study);
        study.Check(spec);
        CheckSummary(Path.Combine(root, SummaryFile), spec);

        var probes = Finished(root, Probes, ["rho.csv"]).Select(dir =>
        {
            var config = StudyFiles.ReadJson<ProbeConfig>(Path.Combine(dir, ConfigFile));
            // A probe's key has not changed since 02a3989: its folder is named by it.
            if (ProbeRun.Key(config) != Path.GetFileName(dir))
                throw new UsageException($"{Path.Combine(dir, ConfigFile)}: its probe's key is {ProbeRun.Key(config)}, not its folder's name: not a probe of this eumentia's");
            return new MigratedRun(config, Copies(dir), [], File.ReadAllText(Path.Combine(dir, SweepDirectory.ResultFile)));
        }).ToList();
        var trainings = Finished(root, Trainings, []).Select(dir =>
        {
            TrainConfig config;
            try { config = JsonSerializer.Deserialize<TrainConfig>(File.ReadAllText(Path.Combine(dir, ConfigFile)), JsonDefaults.Options) ?? throw new JsonException("empty"); }
            catch (Exception e) when (e is JsonException or IOException) { throw new UsageException($"{Path.Combine(dir, ConfigFile)}: not a training's config ({e.Message})"); }
            return new MigratedRun(config, Copies(dir), [], File.ReadAllText(Path.Combine(dir, SweepDirectory.ResultFile)));
        }).ToList();

        var ledger = SweepDirectory.OpenOrCreate(Path.Combine(root, StudyDirectory.RunsFolder), null, force: false);
        MigratedRun.AddAll(ledger, ProbeRun.Kind, probes);
        MigratedRun.AddAll(ledger, TrainRunKind.Kind, trainings);
        StudyDirectory.Adopt(root, study, spec);
        foreach (var folder in new[] { Probes, Trainings })
            if (Directory.Exists(Path.Combine(root, folder))) Directory.Delete(Path.Combine(root, folder), recursive: true);

        return new StudyMigrationReport(root, Study,
        [
            $"migrated {root}: {probes.Count} finished probes and {trainings.Count} finished trainings kept as runs under their keys",
            $"spec (study.json): the {spec.Preset} preset with the settings given" + (File.Exists(Path.Combine(root, SummaryFile)) ? $", as {SummaryFile} records it" : ""),
        ]);
    }

    /// <summary>The run folders under <paramref name="folder"/> that finished: result.json whole, and the files named.</summary>
    static IEnumerable<string> Finished(string root, string folder, string[] files) =>
        !Directory.Exists(Path.Combine(root, folder)) ? []
        : Directory.GetDirectories(Path.Combine(root, folder)).Order(StringComparer.Ordinal)
            .Where(d => RunResult.IsValid(Path.Combine(d, SweepDirectory.ResultFile)) && File.Exists(Path.Combine(d, ConfigFile))
                        && files.All(f => File.Exists(Path.Combine(d, f))))
            .ToList();

    static List<(string Source, string Name)> Copies(string dir) =>
        [.. Directory.GetFiles(dir).Where(f => Path.GetFileName(f) != SweepDirectory.ResultFile).Order(StringComparer.Ordinal).Select(f => (f, Path.GetFileName(f)))];

    /// <summary>Refuses settings that contradict what a finished old study recorded: its preset, activation and σ_b.</summary>
    static void CheckSummary(string path, CriticalitySpec spec)
    {
        if (!File.Exists(path)) return;
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new UsageException($"{path}: not a criticality study's summary ({e.Message})"); }
        void Same(string name, object given, object? recorded)
        {
            if (!Equals(given, recorded))
                throw new UsageException($"{path} records {name} {recorded}, the settings give {given}: give the settings the old study was run with");
        }
        Same("preset", spec.Preset, json["preset"]?.GetValue<string>());
        Same("activation", spec.Activation, json["activation"]?.GetValue<string>());
        Same("sigma_b", spec.SigmaB, json["sigma_b"]?.GetValue<double>());
    }
}
