using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;

namespace Eumentia.Training;

/// <summary>
/// The sweep kind "train": one <see cref="TrainRun"/> per run directory. A run that diverged ends failed and is not
/// retried: training is deterministic, so the same seed diverges again.
/// </summary>
public static class TrainRunKind
{
    public static RunKind<TrainConfig> Kind { get; } = RunKind.Create<TrainConfig>("train", Execute, TrainResultNames.Legacy)
        .WithCost((config, _) => TrainCost.Train(config), TrainCost.TrainRate, TrainCost.TrainSecondsPerRun);

    static RunOutcome Execute(TrainConfig config, string dir, CancellationToken cancel)
    {
        try
        {
            TrainRun.Execute(config, dir, new TrainRunOptions(Environment.GetEnvironmentVariable("EUMENTIA_DATA")), cancel);
            return RunOutcome.Success;
        }
        catch (TrainingDivergedException e)
        {
            return RunOutcome.Failure(e.Message, retryable: false);
        }
    }
}
