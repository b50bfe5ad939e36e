namespace Eumentia.Numerics.Threading;

/// <summary>A piece of work split into numbered chunks that may run on any thread in any order.</summary>
internal interface IChunkedWork
{
    void RunChunk(int chunk);
}

/// <summary>
/// Runs the chunks of one piece of work on the calling thread plus up to workers − 1 helpers: the
/// <see cref="SpinningCrew"/> when no other thread holds it, else thread-pool threads. Chunks are claimed from
/// a shared counter, so the caller never waits for a helper that has not started (a late helper just means
/// the caller does more), and nothing is allocated per call: each calling thread keeps one job object and
/// reuses it. Chunk results must not depend on which thread ran them.
/// </summary>
internal static class ForkJoin
{
    public static void Run<TWork>(TWork work, int chunks, int workers) where TWork : struct, IChunkedWork
    {
        if (chunks <= 0) return;
        if (workers <= 1 || chunks == 1)
        {
            for (int i = 0; i < chunks; i++) work.RunChunk(i);
            return;
        }
        // A nested call from inside a chunk on this thread must not reuse the job that is running it.
        var job = Job<TWork>.ForThisThread ??= new Job<TWork>();
        if (job.Busy) job = new Job<TWork>();
        job.Start(work, chunks);
        int helpers = Math.Min(workers, chunks) - 1;
        if (SpinningCrew.TryAcquire(helpers))
        {
            try
            {
                SpinningCrew.Post(job, helpers);
                job.Execute();
                job.WaitAndRethrow();
            }
            finally { SpinningCrew.Release(); }
            return;
        }
        for (int i = 0; i < helpers; i++)
            ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
        job.Execute();
        job.WaitAndRethrow();
    }

    sealed class Job<TWork> : CrewJob, IThreadPoolWorkItem where TWork : struct, IChunkedWork
    {
        [ThreadStatic] public static Job<TWork>? ForThisThread;

        TWork work;
        int count, next, remaining;
        Exception? error;

        public bool Busy { get; private set; }

        public void Start(TWork w, int chunks)
        {
            Busy = true;
            // Fields first, then the counters that let helpers in: a helper queued by an earlier call that
            // arrives now simply joins this one.
            work = w;
            error = null;
            count = chunks;
            Volatile.Write(ref remaining, chunks);
            Volatile.Write(ref next, 0);
        }

        public override void Execute()
        {
            while (true)
            {
                int i = Interlocked.Increment(ref next) - 1;
                if (i >= Volatile.Read(ref count)) return;
                try { work.RunChunk(i); }
                catch (Exception e) { Interlocked.CompareExchange(ref error, e, null); }
                finally { Interlocked.Decrement(ref remaining); }
            }
        }

        public void WaitAndRethrow()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref remaining) > 0) spin.SpinOnce(sleep1Threshold: -1);
            // Leave the counter past the end so that late helpers find nothing to do.
            Volatile.Write(ref next, int.MaxValue / 2);
            Busy = false;
            if (error is { } e) throw new AggregateException(e);
        }
    }
}
