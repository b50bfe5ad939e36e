namespace Eumentia.IO;

/// <summary>
/// Recognises failures of the machine rather than of the computation: a full disk or quota, a read-only or
/// vanished file system, permission denied, an I/O error, no file handles left. Retrying the run cannot help
/// (the next attempt fails the same way within a second), so a sweep worker stops instead, without counting
/// the attempt against the run. On Unix .NET puts the errno into <see cref="Exception.HResult"/>.
/// </summary>
public static class EnvironmentErrors
{
    static readonly Dictionary<int, string> Errnos = new()
    {
        [5] = "I/O error (EIO)",
        [23] = "too many open files in the system (ENFILE)",
        [24] = "too many open files (EMFILE)",
        [28] = "no space left on device (ENOSPC)",
        [30] = "read-only file system (EROFS)",
        [116] = "stale file handle (ESTALE)",
        [122] = "disk quota exceeded (EDQUOT)",
    };

    /// <summary>The environmental error in <paramref name="e"/> or its inner exceptions, or null when it is none.</summary>
    public static Exception? Find(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate) return aggregate.InnerExceptions.Select(Find).FirstOrDefault(x => x is not null);
            if (e is UnauthorizedAccessException) return e;
            if (e is IOException && !OperatingSystem.IsWindows() && Errnos.ContainsKey(e.HResult)) return e;
        }
        return null;
    }

    /// <summary>One line: what went wrong and where (the exception's message names the path).</summary>
    public static string Describe(Exception e)
    {
        if (e is UnauthorizedAccessException) return $"permission denied: {e.Message}".ReplaceLineEndings(" ");
        if (!Errnos.TryGetValue(e.HResult, out var what)) return e.Message.ReplaceLineEndings(" ");
        // .NET's text is "<strerror> : '<path>'": keep the path, say the rest once.
        int quote = e.Message.IndexOf(" : '", StringComparison.Ordinal);
        return (quote >= 0 ? $"{what} at {e.Message[(quote + 3)..]}" : $"{what}: {e.Message}").ReplaceLineEndings(" ");
    }
}
