using Eumentia.Numerics.Threading;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

/// <summary>Jobs run side by side over the thread budget report their own exception, not the parallel loop's wrapper.</summary>
[Collection(ThreadBudgetCollection.Name)]
public class EnsembleForEachTests
{
    [Fact]
    public void AJobsUsageErrorReachesTheCallerAsItself()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            var error = Assert.Throws<UsageException>(() => Ensemble.ForEach(6, i =>
            {
                if (i == 3) throw new UsageException("job 3: bad size");
            }));
            Assert.Equal("job 3: bad size", error.Message);
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Fact]
    public void EveryJobRunsOnce()
    {
        var runs = new int[10];
        Ensemble.ForEach(runs.Length, i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, r => Assert.Equal(1, r));
    }
}
