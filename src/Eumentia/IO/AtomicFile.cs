using System.Text;

namespace Eumentia.IO;

/// <summary>
/// Writes whole files atomically: into a temporary file in the same directory, flushed to disk, then renamed
/// over the target. A reader (or a resumed sweep) sees either the old file or the complete new one, never a
/// half-written one, even if the process is killed mid-write.
/// The flush to the disk (fsync) protects against a crash of the machine, not of the process; on a scratch file
/// system where that is not worth a metadata round trip per file, EUMENTIA_FSYNC=0 turns it off (a run whose
/// result.json a machine crash left empty does not parse, so it simply runs again).
/// </summary>
public static class AtomicFile
{
    /// <summary>Whether written files are forced to the disk before the rename (EUMENTIA_FSYNC=0 or false: not).</summary>
    public static bool Fsync { get; set; } = Environment.GetEnvironmentVariable("EUMENTIA_FSYNC")?.Trim().ToLowerInvariant() is not ("0" or "false" or "no" or "off");

    public static void WriteAllText(string path, string text) => Write(path, s =>
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        s.Write(bytes);
    });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var s = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(s);
                s.Flush(flushToDisk: Fsync);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(tmp); } catch (IOException) { }
            // The error names the file the caller asked for, not our hidden temporary one; the errno
            // (HResult) stays, so a full disk is still recognised as one.
            string message = e.Message.Replace(tmp, full, StringComparison.Ordinal);
            if (message == e.Message) throw;
            throw e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e.HResult);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }
}
