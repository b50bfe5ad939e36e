using System.Diagnostics;

namespace Eumentia.Numerics.Threading;

/// <summary>Something the crew's helpers run: claims chunks of one piece of work until none are left.</summary>
internal abstract class CrewJob
{
    public abstract void Execute();
}

/// <summary>
/// Dedicated helper threads for <see cref="ForkJoin"/>, one caller at a time. After a job a helper keeps
/// spinning for <see cref="SpinTime"/> before it parks, so the back-to-back products and passes of a training
/// step find it awake. Why not the thread pool: a pool thread that has gone idle must be woken, and on a
/// virtual machine an idle vCPU halts; waking it costs from microseconds to a millisecond depending on the
/// host, so the two-thread split lost 10–15 % against OpenBLAS, whose OpenMP threads spin the same way.
/// The cost is up to <see cref="SpinTime"/> of a core after the last parallel call, and only for callers
/// that asked for more than one thread.
/// </summary>
internal static class SpinningCrew
{
    /// <summary>How long a helper waits for the next job awake before it parks: several training steps' worth
    /// of gaps between products, little enough that an idle process gives its cores back at once.</summary>
    public static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(2);

    const int MaxHelpers = 255;

    static readonly long spinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    static readonly Lock growLock = new();
    static Helper[] helpers = [];
    static int owned;

    /// <summary>
    /// Claims the crew for the calling thread, with at least <paramref name="count"/> helpers started; false
    /// when another thread holds it (that caller falls back to the thread pool).
    /// </summary>
    public static bool TryAcquire(int count)
    {
        if (count > MaxHelpers || Interlocked.CompareExchange(ref owned, 1, 0) != 0) return false;
        if (helpers.Length < count) Grow(count);
        return true;
    }

    public static void Release() => Volatile.Write(ref owned, 0);

    /// <summary>Hands <paramref name="job"/> to the first <paramref name="count"/> helpers (the caller holds the crew).</summary>
    public static void Post(CrewJob job, int count)
    {
        var crew = helpers;
        for (int i = 0; i < count; i++) crew[i].Post(job);
    }

    static void Grow(int count)
    {
        lock (growLock)
        {
            var grown = new Helper[Math.Max(count, helpers.Length)];
            helpers.CopyTo(grown, 0);
            for (int i = helpers.Length; i < grown.Length; i++) grown[i] = new Helper(i);
            helpers = grown;
        }
    }

    sealed class Helper
    {
        readonly SemaphoreSlim wake = new(0);
        CrewJob? job;
        int posted, parked;

        public Helper(int index)
        {
            new Thread(Loop) { IsBackground = true, Name = $"eumentia-crew-{index}" }.Start();
        }

        public void Post(CrewJob next)
        {
            job = next;
            Interlocked.Increment(ref posted);
            // A parked helper announced it; take the announcement so that exactly one release wakes it.
            if (Interlocked.Exchange(ref parked, 0) == 1) wake.Release();
        }

        void Loop()
        {
            int seen = 0;
            long idleSince = Stopwatch.GetTimestamp();
            while (true)
            {
                if (Volatile.Read(ref posted) != seen)
                {
                    seen = Volatile.Read(ref posted);
                    Volatile.Read(ref job)!.Execute();
                    idleSince = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetTimestamp() - idleSince < spinTicks)
                {
                    Thread.SpinWait(16);
                }
                else
                {
                    // A full fence (not a plain store): the look at posted below must not pass the announcement.
                    Interlocked.Exchange(ref parked, 1);
                    // A job posted between the last look and the announcement must not be slept through: if the
                    // announcement is still ours to withdraw, nobody will release us; else the poster has or will.
                    if (Volatile.Read(ref posted) == seen || Interlocked.Exchange(ref parked, 0) == 0) wake.Wait();
                    idleSince = Stopwatch.GetTimestamp();
                }
            }
        }
    }
}
