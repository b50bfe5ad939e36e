using Eumentia.IO;

namespace Eumentia.Tests.IO;

public class ExclusiveFileTests
{
    [Fact]
    public void CreatesOnceWithItsWholeContentAndLeavesNoTemporaryFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-exclusive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "attempt-1.claim");
            Assert.True(ExclusiveFile.TryCreate(path, "first"u8.ToArray()));
            Assert.False(ExclusiveFile.TryCreate(path, "second"u8.ToArray()));
            Assert.Equal("first", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ManyThreadsRacingForOneNameProduceExactlyOneWinner()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-exclusive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            for (int round = 0; round < 20; round++)
            {
                string path = Path.Combine(dir, $"attempt-{round}.claim");
                int winners = 0;
                Parallel.For(0, 8, t => { if (ExclusiveFile.TryCreate(path, System.Text.Encoding.UTF8.GetBytes($"thread {t}"))) Interlocked.Increment(ref winners); });
                Assert.Equal(1, winners);
                Assert.StartsWith("thread ", File.ReadAllText(path));
            }
            Assert.Equal(20, Directory.GetFiles(dir).Length);
        }
        finally { Directory.Delete(dir, true); }
    }
}
