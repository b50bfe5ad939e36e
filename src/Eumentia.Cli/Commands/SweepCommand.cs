using System.CommandLine;
using System.Runtime.InteropServices;

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
    public static StopSignals OnSignals(CancellationTokenSource stop) => new(stop);

    /// <summary>The registrations of <see cref="OnSignals"/>, and which signal came.</summary>
    public sealed class StopSignals : IDisposable
    {
        readonly List<PosixSignalRegistration> registrations;

        internal StopSignals(CancellationTokenSource stop) =>
            registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }.Select(signal => PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                Received ??= ctx.Signal;
                stop.Cancel();
            })).ToList();

        public PosixSignal? Received { get; private set; }

        /// <summary>The shell's convention for a process stopped by a signal: 128 + its number (130 for Ctrl-C, 143 for SIGTERM).</summary>
        public int ExitCode => Received == PosixSignal.SIGTERM ? 143 : 130;

        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
