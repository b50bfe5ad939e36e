using System.Text.Json.Serialization;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Sweeps.Workers;

[JsonConverter(typeof(SnakeCaseEnum<SweepEventType>))]
public enum SweepEventType { Started, Done, Failed, Cancelled, Recovered, WorkerExited }

/// <summary>
/// Something a worker did, for progress displays and logs. Child worker processes print these as JSON lines
/// (prefixed with <see cref="LinePrefix"/>) so the parent shows one display for all of them.
/// </summary>
public sealed record SweepEvent(
    [property: JsonPropertyName("type")] SweepEventType Type,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("seconds")] double Seconds = 0,
    [property: JsonPropertyName("reason")] string? Reason = null,
    [property: JsonPropertyName("final")] bool Final = false)
{
    public const string LinePrefix = "@sweep-event ";

    public string ToLine() => LinePrefix + JsonDefaults.OneLine(this);

    public static SweepEvent? TryParseLine(string line)
    {
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal)) return null;
        try { return JsonSerializer.Deserialize<SweepEvent>(line.AsSpan(LinePrefix.Length), JsonDefaults.Options); }
        catch (JsonException) { return null; }
    }

    /// <summary>A one-line description for logs.</summary>
    public string Describe() => Type switch
    {
        SweepEventType.Started => $"start  {Key} (attempt {Attempt}, {Worker})",
        SweepEventType.Done => $"done   {Key} in {Seconds:F1} s",
        SweepEventType.Failed => $"FAILED {Key} (attempt {Attempt}{(Final ? ", giving up" : ", will retry")}): {Reason}",
        SweepEventType.Cancelled => $"cancelled {Key}: {Reason}",
        SweepEventType.Recovered => $"recovered {Key} from a dead worker: {Reason}",
        _ => $"worker {Worker} exited: {Reason}",
    };
}

/// <summary>Receives worker events; called from worker threads, so implementations must be thread-safe.</summary>
public interface ISweepObserver
{
    void OnEvent(SweepEvent e);
}
