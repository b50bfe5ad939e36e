using System.CommandLine;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia train`: one training run.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var cmd = new Command("train", "Train one network and evaluate it at every p_eval.");
        cmd.SetAction(_ => ExitCodes.Ok);
        return cmd;
    }
}
