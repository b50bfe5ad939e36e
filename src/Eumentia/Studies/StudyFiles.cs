using System.Text.Json;
using Eumentia.IO;
using Eumentia.Training;

namespace Eumentia.Studies;

/// <summary>Reads the JSON files a study's run kinds write beside their result.json.</summary>
public static class StudyFiles
{
    /// <summary>The <typeparamref name="T"/> in <paramref name="path"/>; an error naming the file when it is missing or unreadable.</summary>
    public static T ReadJson<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonDefaults.Options) ?? throw new EumentiaException($"{path}: empty");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new EumentiaException($"{path}: unreadable ({e.Message}); delete its run directory to run it again");
        }
    }

    /// <summary>The seconds a finished run's execution took (result.json's "seconds"; 0 when it has none).</summary>
    public static double Seconds(FinishedRun run)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Directory, Sweeps.Ledger.SweepDirectory.ResultFile)));
            return json.RootElement.TryGetProperty("seconds", out var s) && s.TryGetDouble(out double v) ? v : 0;
        }
        catch (Exception e) when (e is JsonException or IOException) { return 0; }
    }

    /// <summary>Refuses runs that failed for good: the analysis of a study that needs every one of them cannot go on.</summary>
    public static IReadOnlyList<FinishedRun> Succeeded(IReadOnlyList<FinishedRun> runs, string what)
    {
        if (runs.FirstOrDefault(r => !r.Succeeded) is { } failed)
            throw new EumentiaException($"{what} run {failed.Key} failed: {failed.Failure} (see {failed.Directory})");
        return runs;
    }
}
