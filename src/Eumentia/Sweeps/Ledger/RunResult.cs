using System.Text.Json;

namespace Eumentia.Sweeps.Ledger;

/// <summary>
/// The check that makes a run done: its result.json exists and is a whole JSON object or list. A file cut short
/// (a full disk, a kind that wrote it in place and was killed) or damaged does not parse, so its run is pending
/// again instead of being read as a result.
/// </summary>
public static class RunResult
{
    public static bool IsValid(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
