using System.CommandLine;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia sweep run|worker|status|slurm`: resumable sweeps over a grid of run configs.</summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var cmd = new Command("sweep", "Run a grid of configs, resumably, locally or as a Slurm job array.");
        cmd.Add(SweepRunCommand.Create());
        cmd.Add(SweepWorkerCommand.Create());
        cmd.Add(SweepStatusCommand.Create());
        cmd.Add(SweepSlurmCommand.Create());
        return cmd;
    }

    /// <summary>Cancels <paramref name="stop"/> on SIGINT/SIGTERM (Ctrl-C, Slurm's time limit) instead of dying mid-write.</summary>
    public static IDisposable OnSignals(CancellationTokenSource stop)
    {
        var registrations = new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM }
            .Select(signal => System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                stop.Cancel();
            })).ToList();
        return new Registrations(registrations);
    }

    sealed class Registrations(List<System.Runtime.InteropServices.PosixSignalRegistration> items) : IDisposable
    {
        public void Dispose() => items.ForEach(r => r.Dispose());
    }
}
