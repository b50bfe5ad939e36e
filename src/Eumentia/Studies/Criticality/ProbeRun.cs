using System.Globalization;
using System.Text.Json;
using System.Text;
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
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

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
        AtomicFile.WriteAllText(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(config, Json));
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
        }, Json));
        return result;
    }

    /// <summary>The finished probe in <paramref name="directory"/>, or null when it is not done or was another config.</summary>
    public static ProbeResult? TryLoad(ProbeConfig config, string directory)
    {
        string resultPath = Path.Combine(directory, "result.json"), rhoPath = Path.Combine(directory, "rho.csv"), configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(resultPath) || !File.Exists(rhoPath) || !File.Exists(configPath)) return null;
        var stored = JsonSerializer.Deserialize<ProbeConfig>(File.ReadAllText(configPath), Json);
        if (stored is null || Key(stored) != Key(config)) return null;
        var lines = File.ReadAllLines(rhoPath);
        int draws = lines[0].Split(',').Length - 3;
        if (draws != config.Draws || lines.Length != config.Depth + 2)
            throw new EumentiaException($"{rhoPath}: expected {config.Depth + 1} layers × {config.Draws} draws, found {lines.Length - 1} × {draws}");
        var perDraw = Enumerable.Range(0, draws).Select(_ => new double[config.Depth + 1]).ToArray();
        for (int l = 0; l <= config.Depth; l++)
        {
            var cells = lines[l + 1].Split(',');
            if (cells.Length != draws + 3) throw new EumentiaException($"{rhoPath}, line {l + 2}: expected {draws + 3} columns, found {cells.Length}");
            for (int d = 0; d < draws; d++)
                if (!double.TryParse(cells[d + 3], NumberStyles.Float, CultureInfo.InvariantCulture, out perDraw[d][l]))
                    throw new EumentiaException($"{rhoPath}, line {l + 2}, column {d + 4}: '{cells[d + 3]}' is not a number");
        }
        return new ProbeResult(config, perDraw);
    }

    static string RhoCsv(ProbeResult result)
    {
        var text = new StringBuilder("layer,rho,rho_se");
        for (int d = 0; d < result.PerDraw.Count; d++) text.Append(",rho_draw_").Append(d);
        text.Append('\n');
        for (int l = 0; l <= result.Depth; l++)
        {
            text.Append(l).Append(',').Append(R(result.Mean[l])).Append(',').Append(R(result.StdErr[l]));
            foreach (var curve in result.PerDraw) text.Append(',').Append(R(curve[l]));
            text.Append('\n');
        }
        return text.ToString();
    }

    static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
