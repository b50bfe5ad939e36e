using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Eumentia.IO;

/// <summary>
/// SHA-256 (lowercase hex) of files' bytes, concatenated in the given order: for one file what
/// <c>sha256sum FILE</c> prints. Cached per path, size and modification time, because a sweep plans many runs
/// on the same data file.
/// </summary>
public static class FileHash
{
    static readonly ConcurrentDictionary<string, string> Cache = new();

    public static string Sha256(params IReadOnlyList<string> files)
    {
        var stamp = string.Join("|", files.Select(f => { var i = new FileInfo(f); return $"{i.FullName}:{i.Length}:{i.LastWriteTimeUtc.Ticks}"; }));
        return Cache.GetOrAdd(stamp, _ =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            foreach (var file in files)
            {
                try
                {
                    using var stream = File.OpenRead(file);
                    int n;
                    while ((n = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, n);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new EumentiaException($"{file}: cannot read: {e.Message}", e);
                }
            }
            return Convert.ToHexStringLower(sha.GetHashAndReset());
        });
    }
}
