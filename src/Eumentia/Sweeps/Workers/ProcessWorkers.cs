using Eumentia.Sweeps.Ledger;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Eumentia.Sweeps.Workers;

/// <summary>
/// N workers as child processes (`eumentia sweep worker --events ...`), each with its own heap, GC and thread
/// budget. Their event lines are parsed back into <see cref="SweepEvent"/>s for one display; their other output
/// is passed through. On stop they get SIGTERM and cancel their runs cleanly.
/// </summary>
public static partial class ProcessWorkers
{
    /// <param name="command">Executable and leading arguments that start the CLI (e.g. dotnet + Eumentia.Cli.dll).</param>
    /// <param name="workerArguments">Arguments after the command, e.g. sweep worker --dir D --events.</param>
    public static IReadOnlyList<int> Run(IReadOnlyList<string> command, IReadOnlyList<string> workerArguments, int workers, int threadsPerWorker,
        ISweepObserver observer, TextWriter passthrough, CancellationToken stop)
    {
        var processes = new List<Process>();
        try
        {
            for (int i = 0; i < workers; i++)
            {
                var start = new ProcessStartInfo(command[0])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var a in command.Skip(1).Concat(workerArguments).Append("--name").Append($"{ClaimRecord.ThisHost}:child{i}")) start.ArgumentList.Add(a);
                start.Environment["EUMENTIA_THREADS"] = threadsPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var process = new Process { StartInfo = start };
                process.OutputDataReceived += (_, e) =>
                {
                    if (e.Data is null) return;
                    if (SweepEvent.TryParseLine(e.Data) is { } ev) observer.OnEvent(ev);
                    else lock (passthrough) passthrough.WriteLine(e.Data);
                };
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is not null) lock (passthrough) passthrough.WriteLine(e.Data);
                };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                processes.Add(process);
            }
            using var onStop = stop.Register(() =>
            {
                foreach (var p in processes)
                    if (!p.HasExited) Terminate(p.Id);
            });
            foreach (var p in processes) p.WaitForExit(); // also drains the output handlers
            return processes.Select(p => p.ExitCode).ToList();
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }
    }

    /// <summary>SIGTERM (a clean stop: the worker cancels its run and releases the claim); Process.Kill would be SIGKILL.</summary>
    static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows()) { using var p = Process.GetProcessById(pid); p.Kill(); return; }
        _ = SendSignal(pid, 15);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
