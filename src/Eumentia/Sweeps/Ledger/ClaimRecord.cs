using System.Diagnostics;
using System.Text.Json.Serialization;
using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// Who holds an attempt, and for how long: written into attempt-N.claim by the worker that created it.
/// <see cref="Worker"/>'s process is identified by <see cref="Kernel"/> (the boot id of the kernel it runs on),
/// <see cref="PidNamespace"/>, <see cref="Pid"/> and its start time, which together are unique across hosts,
/// containers and PID namespaces even where host names or PIDs repeat. <see cref="LeaseSeconds"/> is how long
/// the claim stays valid after its last heartbeat.
/// </summary>
public sealed record ClaimRecord(
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("process_start_utc")] DateTime ProcessStartUtc,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("claimed_utc")] DateTime ClaimedUtc,
    [property: JsonPropertyName("kernel")] string? Kernel = null,
    [property: JsonPropertyName("pid_namespace")] string? PidNamespace = null,
    [property: JsonPropertyName("lease_seconds")] double? LeaseSeconds = null)
{
    static readonly Lazy<DateTime> ownStart = new(() => Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public static string ThisHost { get; } = Environment.MachineName;

    /// <summary>The running kernel's boot id (Linux; shared by every container and namespace on it), or null elsewhere.</summary>
    public static string? ThisKernel { get; } = ReadOrNull(() => File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim());

    /// <summary>This process's PID namespace ("pid:[4026531836]" on Linux), or null elsewhere.</summary>
    public static string? ThisPidNamespace { get; } = ReadOrNull(() => new FileInfo("/proc/self/ns/pid").LinkTarget);

    public static ClaimRecord ForThisProcess(string worker, TimeSpan lease) =>
        new(ThisHost, Environment.ProcessId, ownStart.Value, worker, DateTime.UtcNow, ThisKernel, ThisPidNamespace, lease.TotalSeconds);

    public string ToJson() => JsonDefaults.OneLine(this);

    /// <summary>The claim in a file, or null while it is still being written (or was cut short by a kill).</summary>
    public static ClaimRecord? TryRead(string path)
    {
        try { return JsonSerializer.Deserialize<ClaimRecord>(File.ReadAllText(path), JsonDefaults.Options); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// Whether the claiming process still runs, where this process can see it: same kernel and same PID namespace
    /// (on Linux; elsewhere, same host name), so its PID means the same process here. The start time guards
    /// against a recycled PID. Null when it cannot be seen from here: only its lease can vouch for it then.
    /// </summary>
    public bool? ProcessAliveHere()
    {
        bool sameProcessSpace = ThisKernel is not null
            ? Kernel == ThisKernel && PidNamespace is not null && PidNamespace == ThisPidNamespace
            : Kernel is null && Host == ThisHost;
        if (!sameProcessSpace) return null;
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

    static string? ReadOrNull(Func<string?> read)
    {
        try { return OperatingSystem.IsLinux() ? read() : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
