using Eumentia.Numerics.Threading;
using System.Collections.Concurrent;

namespace Eumentia.Tests.Numerics.Threading;

/// <summary>
/// The fork-join runner and its spinning crew: every chunk exactly once, helpers that wake after parking, callers
/// that find the crew taken, and errors that leave it usable.
/// </summary>
public class ForkJoinTests
{
    /// <summary>Counts runs per chunk and the threads that ran them.</summary>
    readonly struct CountingWork(int[] runs, ConcurrentDictionary<int, byte> threads) : IChunkedWork
    {
        public void RunChunk(int chunk)
        {
            Interlocked.Increment(ref runs[chunk]);
            threads.TryAdd(Environment.CurrentManagedThreadId, 0);
        }
    }

    /// <summary>Chunk 0 holds the caller until chunk 1 has started elsewhere: passes only when a helper took part.</summary>
    readonly struct NeedsAHelperWork(ManualResetEventSlim secondStarted, int[] outcome) : IChunkedWork
    {
        public void RunChunk(int chunk)
        {
            if (chunk == 1) secondStarted.Set();
            else if (chunk == 0) outcome[0] = secondStarted.Wait(TimeSpan.FromSeconds(20)) ? 1 : -1;
        }
    }

    readonly struct ThrowingWork(int bad) : IChunkedWork
    {
        public void RunChunk(int chunk)
        {
            if (chunk == bad) throw new InvalidOperationException($"chunk {chunk}");
        }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 2)]
    [InlineData(64, 3)]
    [InlineData(5, 8)]
    public void EveryChunkRunsExactlyOnce(int chunks, int workers)
    {
        for (int call = 0; call < 200; call++)
        {
            var runs = new int[chunks];
            ForkJoin.Run(new CountingWork(runs, new ConcurrentDictionary<int, byte>()), chunks, workers);
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Fact]
    public void AHelperWakesAfterItHasParked()
    {
        // Gaps below, around and well above the spin time: the helper is spinning, parking, or parked when the
        // next call comes. A wake-up lost to the park/post race would leave chunk 0 waiting for its timeout.
        double spinMs = SpinningCrew.SpinTime.TotalMilliseconds;
        foreach (double gap in new[] { 0, 0.5 * spinMs, spinMs, 1.2 * spinMs, 2 * spinMs, 10 * spinMs })
            for (int call = 0; call < 10; call++)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(gap));
                using var started = new ManualResetEventSlim();
                var outcome = new int[1];
                ForkJoin.Run(new NeedsAHelperWork(started, outcome), 2, 2);
                Assert.Equal(1, outcome[0]);
            }
    }

    [Fact]
    public void CallersThatFindTheCrewTakenStillFinish()
    {
        // Four threads at once: one holds the crew, the others go through the thread pool.
        var failures = new ConcurrentBag<string>();
        var callers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int call = 0; call < 300; call++)
            {
                var runs = new int[9];
                ForkJoin.Run(new CountingWork(runs, new ConcurrentDictionary<int, byte>()), runs.Length, 2);
                if (runs.Any(r => r != 1)) failures.Add($"caller {t} call {call}: runs {string.Join(",", runs)}");
            }
        })).ToArray();
        foreach (var c in callers) c.Start();
        foreach (var c in callers) Assert.True(c.Join(TimeSpan.FromSeconds(60)), "a caller did not finish");
        Assert.Empty(failures);
    }

    [Fact]
    public void AFailingChunkIsReportedAndTheCrewStaysUsable()
    {
        var error = Assert.Throws<AggregateException>(() => ForkJoin.Run(new ThrowingWork(3), 8, 2));
        Assert.Equal("chunk 3", error.InnerException!.Message);
        var runs = new int[8];
        ForkJoin.Run(new CountingWork(runs, new ConcurrentDictionary<int, byte>()), runs.Length, 2);
        Assert.All(runs, r => Assert.Equal(1, r));
    }
}
