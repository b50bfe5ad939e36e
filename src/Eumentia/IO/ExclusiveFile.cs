using System.Runtime.InteropServices;

namespace Eumentia.IO;

/// <summary>
/// Creates a file with its whole content in one step, failing if the name exists: the contents go to a private
/// temporary file first, which is then hard-linked to the name (POSIX link(2): atomic and exclusive, on NFS too).
/// A process killed at any instant leaves either no file or the whole one — never an empty claim, which nobody
/// could attribute to a process and so nobody could declare dead. Windows, without link(2) here, falls back to
/// an exclusive create followed by one write.
/// </summary>
public static partial class ExclusiveFile
{
    const int AlreadyExists = 17; // EEXIST on Linux and macOS

    /// <summary>Creates <paramref name="path"/> holding <paramref name="bytes"/>; false when it already exists.</summary>
    public static bool TryCreate(string path, byte[] bytes)
    {
        if (OperatingSystem.IsWindows()) return TryCreateInPlace(path, bytes);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // A dot name that no "attempt-*" or result pattern matches; unique per process and thread.
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096))
        {
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: AtomicFile.Fsync);
        }
        try
        {
            if (Link(temp, path) == 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == AlreadyExists) return false;
            throw new IOException($"could not create {path}: link(2) failed with errno {errno}");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    static bool TryCreateInPlace(string path, byte[] bytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 4096);
            stream.Write(bytes, 0, bytes.Length);
            stream.Flush(flushToDisk: AtomicFile.Fsync);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
