using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;

namespace Eumentia.Tests.Sweeps.Collect;

public class SweepSummaryTests
{
    static RunStatus Run(string key, RunState state, string? error = null) => new(key, state, 1, state == RunState.Failed ? 1 : 0, error, null, false);

    [Fact]
    public void DivergedRunsAreNamedApartFromOtherFailuresInAStudysNote()
    {
        var summary = new SweepSummary("runs/x", "train",
        [
            Run("aaaa", RunState.Done),
            Run("bbbb", RunState.Failed, "diverged: training loss 2.8E+31 at epoch 1, step 3 exceeds 100 x its untrained value"),
            Run("cccc", RunState.Failed, "out of memory"),
        ]);
        Assert.Equal(["bbbb"], summary.Diverged.Select(r => r.Key));
        string note = summary.FailureNote()!;
        Assert.Contains("1 run diverged", note);
        Assert.Contains("bbbb", note);
        Assert.Contains("and 1 failed otherwise", note);
        Assert.Contains("left out of every table and fit", note);
        Assert.Null(new SweepSummary("runs/x", "train", [Run("aaaa", RunState.Done)]).FailureNote());
    }
}
