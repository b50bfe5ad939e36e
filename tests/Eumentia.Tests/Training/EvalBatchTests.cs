using System.Text.RegularExpressions;
using Eumentia.Sweeps;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;
using Eumentia.Tests.Sweeps;
using Eumentia.Training;

namespace Eumentia.Tests.Training;

/// <summary>
/// The evaluation branches of one trained net run as one batch (net and test set loaded once, every p_eval in one
/// pass), each still its own run with its own key, files and ledger record.
/// </summary>
public partial class EvalBatchTests
{
    static EvalBatchTests() => Eumentia.Studies.StudyCatalog.RegisterRunKinds(); // a mixed-kind ledger looks kinds up by name

    static readonly TrainConfig Trained = new() { Data = "mnist-10k", TrainSize = 256, ValidationSize = 0, Width = 32, Depth = 2, PTrain = 0.2, Epochs = 2, Seed = 3 };

    static IReadOnlyList<EvalConfig> Branches(string trainKey) =>
        [.. from mode in new[] { "mc-noscale", "prune" } from p in new[] { 0.0, 0.3, 0.7, 0.9 } select new EvalConfig { TrainKey = trainKey, PEval = p, EvalMode = mode, EvalDraws = 3 }];

    /// <summary>A ledger holding the finished training run and, registered after it, its evaluation branches.</summary>
    static (SweepDirectory Sweep, IReadOnlyList<string> EvalKeys) Ledger(string root)
    {
        var sweep = SweepDirectory.OpenOrCreate(root, null, false);
        sweep.Register(TrainRunKind.Kind, [PlannedRun.Of(TrainRunKind.Kind, Trained)]);
        ThreadWorkers.Run(new RunLedger(sweep, TimeSpan.FromMinutes(1)), 1, new WorkerOptions(), new EventLog(), CancellationToken.None);
        string trainKey = CanonicalConfig.Key(TrainRunKind.Kind, Trained);
        var planned = Branches(trainKey).Select(c => PlannedRun.Of(EvalRunKind.Kind, c)).ToList();
        sweep.Register(EvalRunKind.Kind, planned);
        return (sweep, [.. planned.Select(p => p.Key)]);
    }

    [GeneratedRegex("\"seconds\": *[0-9.eE+-]+")]
    private static partial Regex Seconds();

    // The result file as bytes, but for the run's own timing.
    static string ResultWithoutTiming(SweepDirectory sweep, string key) =>
        Seconds().Replace(File.ReadAllText(Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile)), "\"seconds\": _");

    [Fact]
    public void BatchedAndSingleEvaluationsWriteTheSameFilesByteForByte()
    {
        using var temp = new SweepTestDirectory();
        var (single, keys) = Ledger(Path.Combine(temp.Root, "single"));
        var (batched, batchedKeys) = Ledger(Path.Combine(temp.Root, "batched"));
        Assert.Equal(keys, batchedKeys);

        var singleLog = new EventLog();
        var batchedLog = new EventLog();
        ThreadWorkers.Run(new RunLedger(single, TimeSpan.FromMinutes(1)), 1, new WorkerOptions { BatchLimit = 1 }, singleLog, CancellationToken.None);
        ThreadWorkers.Run(new RunLedger(batched, TimeSpan.FromMinutes(1)), 1, new WorkerOptions(), batchedLog, CancellationToken.None);

        // Batched: every branch started before the first finished (one batch); single: one after the other.
        static int StartedBeforeFirstDone(EventLog log) =>
            log.Events.TakeWhile(e => e.Type != SweepEventType.Done).Count(e => e.Type == SweepEventType.Started);
        Assert.Equal(keys.Count, StartedBeforeFirstDone(batchedLog));
        Assert.Equal(1, StartedBeforeFirstDone(singleLog));

        var ledger = new RunLedger(batched, TimeSpan.FromMinutes(1));
        foreach (var key in keys)
        {
            Assert.Equal(RunState.Done, ledger.Inspect(key).State);
            Assert.Equal(File.ReadAllBytes(Path.Combine(single.RunDir(key), "config.json")), File.ReadAllBytes(Path.Combine(batched.RunDir(key), "config.json")));
            Assert.Equal(ResultWithoutTiming(single, key), ResultWithoutTiming(batched, key));
        }
        // The comparison has teeth: the branches differ from each other.
        Assert.Equal(keys.Count, keys.Select(k => ResultWithoutTiming(batched, k)).Distinct().Count());
    }

    /// <summary>
    /// A worker killed mid-batch (here: right after the batch's second result was written) leaves those two runs done
    /// and the others without a result; the next worker runs only the others, to the same numbers.
    /// </summary>
    [Fact]
    public void AKillMidBatchLeavesTheFinishedRunsDoneAndTheRestPending()
    {
        using var temp = new SweepTestDirectory();
        var (sweep, keys) = Ledger(Path.Combine(temp.Root, "killed"));
        var (clean, _) = Ledger(Path.Combine(temp.Root, "clean"));
        ThreadWorkers.Run(new RunLedger(clean, TimeSpan.FromMinutes(1)), 1, new WorkerOptions(), new EventLog(), CancellationToken.None);

        var ledger = new RunLedger(sweep, TimeSpan.FromMinutes(1));
        var runs = keys.Select(k => ((object)sweep.LoadRun(k).Config, sweep.RunDir(k))).ToList();
        int reported = 0;
        Assert.Throws<OperationCanceledException>(() => EvalRunKind.Kind.ExecuteBatch(runs, (_, _) =>
        {
            if (++reported == 2) throw new OperationCanceledException("killed");
        }, CancellationToken.None));

        Assert.Equal([RunState.Done, RunState.Done, .. Enumerable.Repeat(RunState.Pending, keys.Count - 2)], keys.Select(k => ledger.Inspect(k).State));
        Assert.All(keys.Skip(2), k => Assert.False(File.Exists(Path.Combine(sweep.RunDir(k), SweepDirectory.ResultFile))));

        var log = new EventLog();
        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), log, CancellationToken.None);
        Assert.Equal(keys.Skip(2).Order(), log.Events.Where(e => e.Type == SweepEventType.Started).Select(e => e.Key!).Order());
        foreach (var key in keys)
            Assert.Equal(ResultWithoutTiming(clean, key), ResultWithoutTiming(sweep, key));
    }

    /// <summary>A branch with a bad config fails alone, for good; its batch mates run.</summary>
    [Fact]
    public void ABadBranchFailsAloneInItsBatch()
    {
        using var temp = new SweepTestDirectory();
        var (sweep, keys) = Ledger(Path.Combine(temp.Root, "bad"));
        var runs = keys.Select(k => (sweep.LoadRun(k).Config, sweep.RunDir(k))).ToList();
        runs[1] = (((EvalConfig)runs[1].Config) with { EvalMode = "sideways" }, runs[1].Item2);
        var outcomes = new RunOutcome?[runs.Count];
        EvalRunKind.Kind.ExecuteBatch(runs, (i, o) => outcomes[i] = o, CancellationToken.None);
        Assert.False(outcomes[1]!.Succeeded);
        Assert.False(outcomes[1]!.Retryable);
        Assert.Contains("eval_mode", outcomes[1]!.Reason);
        Assert.All(outcomes.Where((_, i) => i != 1), o => Assert.True(o!.Succeeded));
    }
}
