using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Workers;

namespace Eumentia.Tests.Sweeps.Workers;

public class SweepProgressTests
{
    static RunStatus Run(string key, RunState state) => new(key, state, 0, 0, null, null, false);

    [Fact]
    public void CountsFollowTheEventsFromTheDirectorysState()
    {
        var initial = new SweepSummary("d", "toy", [Run("a", RunState.Done), Run("b", RunState.Pending), Run("c", RunState.Pending), Run("d", RunState.Failed)]);
        var progress = new SweepProgress(initial);
        Assert.Equal(new ProgressCounts(4, 1, 1, 0, null), progress.Snapshot());

        progress.OnEvent(new SweepEvent(SweepEventType.Started, "b", 1, "w"));
        progress.OnEvent(new SweepEvent(SweepEventType.Started, "c", 1, "w"));
        var counts = progress.Snapshot();
        Assert.Equal((2, 0), (counts.Running, counts.Pending));

        progress.OnEvent(new SweepEvent(SweepEventType.Failed, "c", 1, "w", Reason: "x", Final: false)); // will retry
        progress.OnEvent(new SweepEvent(SweepEventType.Done, "b", 1, "w", 1.0));
        counts = progress.Snapshot();
        Assert.Equal((2, 1, 0, 1), (counts.Done, counts.Failed, counts.Running, counts.Pending));
        Assert.NotNull(counts.Eta); // one run finished here: a rate exists

        progress.OnEvent(new SweepEvent(SweepEventType.Started, "c", 2, "w"));
        progress.OnEvent(new SweepEvent(SweepEventType.Failed, "c", 2, "w", Reason: "x", Final: true));
        counts = progress.Snapshot();
        Assert.Equal((2, 2, 0, 0), (counts.Done, counts.Failed, counts.Running, counts.Pending));
        Assert.Equal(TimeSpan.Zero, counts.Eta);
        Assert.Equal("2/4 done, 2 failed, 0 running, 0 pending, ETA 0s", counts.ToString());
    }

    [Fact]
    public void EventsRoundTripThroughTheChildProcessLineFormat()
    {
        var e = new SweepEvent(SweepEventType.Failed, "0123456789abcdef", 2, "vm:child1", 1.5, "NaN loss at epoch 3", true);
        string line = e.ToLine();
        Assert.StartsWith(SweepEvent.LinePrefix + "{\"type\":\"failed\"", line);
        Assert.Equal(e, SweepEvent.TryParseLine(line));
        Assert.Null(SweepEvent.TryParseLine("epoch 3: loss 0.5"));
        Assert.Equal("FAILED 0123456789abcdef (attempt 2, giving up): NaN loss at epoch 3", e.Describe());
    }
}
