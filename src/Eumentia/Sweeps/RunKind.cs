using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;

namespace Eumentia.Sweeps;

/// <summary>
/// Executes one run: reads its config, writes config.json, metrics.csv and (last, atomically, e.g. with
/// <see cref="IO.AtomicFile"/>) result.json into <paramref name="runDirectory"/>. It should honour
/// <paramref name="cancel"/> between epochs so that fail-fast and Slurm's time limit stop it promptly.
/// </summary>
public delegate RunOutcome RunExecutor<in TConfig>(TConfig config, string runDirectory, CancellationToken cancel);

/// <summary>
/// Executes several runs of one batch (<see cref="RunKind.BatchKey"/>) together, sharing what they share (e.g. one
/// trained net and its test set), with numbers bit-identical to executing each alone. It calls
/// <paramref name="finished"/> once per run, with the run's index, as soon as that run's result.json is written
/// (atomically), so a kill mid-batch leaves the finished runs done and the others without a result.
/// </summary>
public delegate void BatchExecutor<TConfig>(IReadOnlyList<BatchedRun<TConfig>> runs, Action<int, RunOutcome> finished, CancellationToken cancel);

/// <summary>One run of a batch: its config and the directory its files go to.</summary>
public sealed record BatchedRun<TConfig>(TConfig Config, string RunDirectory);

/// <summary>
/// A kind of run the sweep machinery can schedule: a name (part of every run key), a config record type and
/// an executor. The machinery knows nothing else about what a run does.
/// </summary>
public abstract class RunKind
{
    protected RunKind(string name, ConfigSchema schema)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"run kind name '{name}' must be letters, digits, '-' or '_'", nameof(name));
        Name = name;
        Schema = schema;
    }

    public string Name { get; }

    public ConfigSchema Schema { get; }

    public Type ConfigType => Schema.Type;

    /// <summary>
    /// Names this kind's result.json used in older versions → their current names; `collect` reads old run
    /// directories through it so one table has one name per quantity.
    /// </summary>
    public IReadOnlyDictionary<string, string> LegacyResultNames { get; private init; } = new Dictionary<string, string>();

    /// <summary>What a run of this kind costs, from its config (null: the kind has no model).</summary>
    public RunCostModel? Cost { get; private set; }

    /// <summary>Gives the kind its cost model (once, where the kind is defined).</summary>
    protected void SetCost(RunCostModel cost) => Cost = Cost is null ? cost : throw new InvalidOperationException($"run kind {Name} has a cost model already");

    /// <summary>Runs the executor on a config object of <see cref="ConfigType"/>.</summary>
    public abstract RunOutcome Execute(object config, string runDirectory, CancellationToken cancel);

    /// <summary>
    /// Runs of this kind whose configs give the same non-null key may be executed together by one worker
    /// (<see cref="ExecuteBatch"/>); null for every config of a kind without a batch executor. Each run keeps its own
    /// key, directory, result and ledger record: batching changes how runs are executed, never what they are.
    /// </summary>
    public virtual string? BatchKey(object config) => null;

    /// <summary>Executes runs that share one <see cref="BatchKey"/> (see <see cref="BatchExecutor{TConfig}"/>).</summary>
    public virtual void ExecuteBatch(IReadOnlyList<(object Config, string RunDirectory)> runs, Action<int, RunOutcome> finished, CancellationToken cancel) =>
        throw new InvalidOperationException($"run kind {Name} executes its runs one at a time");

    /// <summary>A kind whose executor returns an outcome; <paramref name="legacyResultNames"/> as <see cref="LegacyResultNames"/>.</summary>
    public static RunKind<TConfig> Create<TConfig>(string name, RunExecutor<TConfig> execute, IReadOnlyDictionary<string, string>? legacyResultNames = null)
        where TConfig : class, new() =>
        new(name, execute) { LegacyResultNames = legacyResultNames ?? new Dictionary<string, string>() };

    /// <summary>A kind whose executor succeeds unless it throws.</summary>
    public static RunKind<TConfig> Create<TConfig>(string name, Action<TConfig, string, CancellationToken> execute) where TConfig : class, new() =>
        new(name, (config, dir, cancel) => { execute(config, dir, cancel); return RunOutcome.Success; });
}

public sealed class RunKind<TConfig> : RunKind where TConfig : class, new()
{
    readonly RunExecutor<TConfig> execute;
    Func<TConfig, string>? batchKey;
    BatchExecutor<TConfig>? executeBatch;

    internal RunKind(string name, RunExecutor<TConfig> execute) : base(name, ConfigSchema.For(typeof(TConfig))) =>
        this.execute = execute;

    public override RunOutcome Execute(object config, string runDirectory, CancellationToken cancel) =>
        execute((TConfig)config, runDirectory, cancel);

    public override string? BatchKey(object config) => batchKey?.Invoke((TConfig)config);

    public override void ExecuteBatch(IReadOnlyList<(object Config, string RunDirectory)> runs, Action<int, RunOutcome> finished, CancellationToken cancel)
    {
        if (executeBatch is null) base.ExecuteBatch(runs, finished, cancel);
        else executeBatch([.. runs.Select(r => new BatchedRun<TConfig>((TConfig)r.Config, r.RunDirectory))], finished, cancel);
    }

    /// <summary>This kind with a batch executor for the runs whose configs share <paramref name="key"/> (once, where the kind is defined).</summary>
    public RunKind<TConfig> WithBatches(Func<TConfig, string> key, BatchExecutor<TConfig> execute)
    {
        if (executeBatch is not null) throw new InvalidOperationException($"run kind {Name} has a batch executor already");
        batchKey = key;
        executeBatch = execute;
        return this;
    }

    /// <summary>This kind with its cost model: operations of a config (and the ledger directory), the measured rate per core and fixed seconds per run.</summary>
    public RunKind<TConfig> WithCost(Func<TConfig, string, double> operations, double operationsPerCoreSecond, double secondsPerRun)
    {
        SetCost(new RunCostModel((config, ledger) => operations((TConfig)config, ledger), operationsPerCoreSecond, secondsPerRun));
        return this;
    }
}
