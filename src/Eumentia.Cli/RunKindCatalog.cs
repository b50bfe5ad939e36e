using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Cli;

/// <summary>
/// The run kinds the command line can sweep over. A study adds its kind here (one line); the sweep machinery
/// finds kinds by the name stored in specs and run directories.
/// </summary>
public static class RunKindCatalog
{
    static readonly Lazy<bool> registered = new(() =>
    {
        RunKinds.Register(RunKind.Create<TrainConfig>("train", ExecuteTrain, TrainResultNames.Legacy));
        RunKinds.Register(RunKind.Create<Studies.Lottery.LotterySpec>("lottery", Studies.Lottery.LotteryStudy.ExecuteSweepRun));
        RunKinds.Register(Studies.Criticality.ProbeRun.Kind);
        return true;
    });

    static RunOutcome ExecuteTrain(TrainConfig config, string dir, CancellationToken cancel)
    {
        try
        {
            TrainRun.Execute(config, dir, new TrainRunOptions(Environment.GetEnvironmentVariable("EUMENTIA_DATA")), cancel);
            return RunOutcome.Success;
        }
        catch (TrainingDivergedException e)
        {
            return RunOutcome.Failure(e.Message, retryable: false); // deterministic: the same seed diverges again
        }
    }

    public static void RegisterAll() => _ = registered.Value;
}
