using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eumentia.Sweeps;

/// <summary>Who holds an attempt: written into attempt-N.claim by the worker that created it.</summary>
public sealed record ClaimRecord(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("process_start_utc")] DateTime ProcessStartUtc,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("claimed_utc")] DateTime ClaimedUtc)
{
    static readonly Lazy<DateTime> ownStart = new(() => Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public static string ThisHost { get; } = Environment.MachineName;

    public static ClaimRecord ForThisProcess(string worker) =>
        new(ThisHost, Environment.ProcessId, ownStart.Value, worker, DateTime.UtcNow);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The claim in a file, or null while it is still being written (or was cut short by a kill).</summary>
    public static ClaimRecord? TryRead(string path)
    {
        try { return JsonSerializer.Deserialize<ClaimRecord>(File.ReadAllText(path)); }
        catch (Exception e) when (e is JsonException or IOException) { return null; }
    }

    /// <summary>
    /// For a claim made on this host: whether its process still runs. The process start time guards against a
    /// recycled pid. Null for claims from other hosts, which only their heartbeat can vouch for.
    /// </summary>
    public bool? ProcessAliveOnThisHost()
    {
        if (Host != ThisHost) return null;
        if (Pid == Environment.ProcessId) return Math.Abs((ownStart.Value - ProcessStartUtc).TotalSeconds) < 2;
        try
        {
            using var process = Process.GetProcessById(Pid);
            if (process.HasExited) return false;
            return Math.Abs((process.StartTime.ToUniversalTime() - ProcessStartUtc).TotalSeconds) < 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // no such process
        }
    }
}
