using System.Globalization;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// A probe as a run on disk: &lt;dir&gt;/config.json, rho.csv (layer, mean, stderr, then one column per weight
/// draw) and, last and atomically, result.json — a run is done exactly when result.json exists. Run
/// directories are named by the probe's run key, so re-running a study skips every probe already done.
/// </summary>
public static class ProbeRun
{
    /// <summary>The study's JSON: snake_case keys, indented, NaN and ±∞ written as strings.</summary>
    /// <summary>The sweep machinery's run kind for probes: `eumentia sweep run` with kind criticality-probe.</summary>
    public static RunKind<ProbeConfig> Kind { get; } = RunKind.Create<ProbeConfig>("criticality-probe", (config, dir, cancel) => Execute(config, dir, cancel))
        .WithCost((config, _) => ProbeCost.Operations(config), ProbeCost.Rate, ProbeCost.SecondsPerRun);

    /// <summary>The probe's run key: the sweep machinery's canonical-config hash, so a study and a sweep share runs.</summary>
    public static string Key(ProbeConfig config) => CanonicalConfig.Key(Kind, config);

    /// <summary>Loads the probe from <paramref name="directory"/> if it is done there, else runs and writes it.</summary>
    /// <remarks><paramref name="activation"/>: a user-supplied φ named by the config (see <see cref="SignalProbe.Run"/>).</remarks>
    public static ProbeResult LoadOrRun(ProbeConfig config, string directory, CancellationToken cancel = default, Theory.Activation? activation = null) =>
        TryLoad(config, directory) ?? Execute(config, directory, cancel, activation);

    public static ProbeResult Execute(ProbeConfig config, string directory, CancellationToken cancel = default, Theory.Activation? activation = null)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(config, JsonDefaults.Options));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = SignalProbe.Run(config, cancel: cancel, activation: activation);
        AtomicFile.WriteAllText(Path.Combine(directory, "rho.csv"), RhoCsv(result));
        AtomicFile.WriteAllText(Path.Combine(directory, "result.json"), JsonSerializer.Serialize(new
        {
            status = "done",
            key = Key(config),
            seconds = clock.Elapsed.TotalSeconds,
            final_rho = result.Mean[^1],
            final_rho_se = result.StdErr[^1],
        }, JsonDefaults.Options));
        return result;
    }

    /// <summary>The finished probe in <paramref name="directory"/>, or null when it is not done or was another config.</summary>
    public static ProbeResult? TryLoad(ProbeConfig config, string directory)
    {
        string resultPath = Path.Combine(directory, "result.json"), rhoPath = Path.Combine(directory, "rho.csv"), configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(resultPath) || !File.Exists(rhoPath) || !File.Exists(configPath)) return null;
        var stored = JsonSerializer.Deserialize<ProbeConfig>(File.ReadAllText(configPath), JsonDefaults.Options);
        if (stored is null || Key(stored) != Key(config)) return null;
        CsvTable rho;
        try { rho = CsvTable.Read(rhoPath); }
        catch (UsageException e) { throw new EumentiaException(e.Message); }
        int draws = rho.Headers.Count - 3;
        if (draws != config.Draws || rho.Rows.Count != config.Depth + 1)
            throw new EumentiaException($"{rhoPath}: expected {config.Depth + 1} layers × {config.Draws} draws, found {rho.Rows.Count} × {draws}");
        var perDraw = Enumerable.Range(0, draws).Select(_ => new double[config.Depth + 1]).ToArray();
        for (int l = 0; l <= config.Depth; l++)
            for (int d = 0; d < draws; d++)
                if (!double.TryParse(rho.Rows[l][d + 3], NumberStyles.Float, CultureInfo.InvariantCulture, out perDraw[d][l]))
                    throw new EumentiaException($"{rhoPath}: line {rho.Lines[l]}: column '{rho.Headers[d + 3]}' holds '{rho.Rows[l][d + 3]}', not a number");
        return new ProbeResult(config, perDraw);
    }

    static string RhoCsv(ProbeResult result) => CsvTable.ToText(
        ["layer", "rho", "rho_se", .. Enumerable.Range(0, result.PerDraw.Count).Select(d => $"rho_draw_{d}")],
        Enumerable.Range(0, result.Depth + 1).Select(l => (IReadOnlyList<string>)
            [CsvTable.Cell(l), CsvTable.Format(result.Mean[l]), CsvTable.Format(result.StdErr[l]), .. result.PerDraw.Select(curve => CsvTable.Format(curve[l]))]));
}
