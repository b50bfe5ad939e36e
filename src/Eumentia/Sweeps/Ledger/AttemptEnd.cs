using System.Text.Json.Serialization;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Sweeps.Ledger;

/// <summary>How an attempt ended, in attempt-N.end.</summary>
[JsonConverter(typeof(SnakeCaseEnum<AttemptStatus>))]
public enum AttemptStatus
{
    /// <summary>result.json written.</summary>
    Done,
    /// <summary>The executor failed or threw; counts towards the attempt limit.</summary>
    Failed,
    /// <summary>Stopped on purpose (fail-fast, time limit, Ctrl-C) or by its environment (disk full); does not count.</summary>
    Cancelled,
    /// <summary>
    /// The worker died (its process gone, or its lease expired): a kill, an OOM kill, a preemption, a node
    /// failure. Not a failure of the run; counted apart, against the sweep's own limit for lost attempts (none by default).
    /// </summary>
    Lost,
}

public sealed record AttemptEnd(
    [property: JsonPropertyName("status")] AttemptStatus Status,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("retryable")] bool Retryable,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("ended_utc")] DateTime EndedUtc)
{
    [JsonIgnore]
    public bool CountsAsFailure => Status is AttemptStatus.Failed;

    public string ToJson() => JsonDefaults.OneLine(this);

    public static AttemptEnd? TryRead(string path)
    {
        try { return JsonSerializer.Deserialize<AttemptEnd>(File.ReadAllText(path), JsonDefaults.Options); }
        catch (Exception e) when (e is JsonException or IOException) { return null; }
    }
}
