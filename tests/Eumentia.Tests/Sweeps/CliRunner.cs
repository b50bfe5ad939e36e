using System.Diagnostics;
using Eumentia.Cli;

namespace Eumentia.Tests.Sweeps;

/// <summary>Runs the command line in-process or as a child process (`dotnet Eumentia.Cli.dll ...`).</summary>
public static class CliRunner
{
    static CliRunner() => RegisterKinds();

    /// <summary>The toy kind and the library's kinds (train, ...), also for tests that open a sweep directory directly.</summary>
    public static void RegisterKinds()
    {
        ToyKind.Register();
        Eumentia.Studies.StudyCatalog.RegisterRunKinds();
    }

    public static (int Code, string Out, string Err) InProcess(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The real CLI as a child process (it knows only its built-in kinds); output goes to the given file.</summary>
    public static Process Start(string stdoutFile, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (InterruptIgnored())
        {
            // A test host started in the background (nohup, `&`) ignores SIGINT, a child inherits that through exec and
            // .NET keeps it ignored, so a Ctrl-C test would see the sweep run to the end. Reset it to the default in a
            // python3 that then execs dotnet: the same pid, so a signal sent to the process still reaches the CLI.
            start.FileName = "python3";
            foreach (var a in new[] { "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp('dotnet', sys.argv[1:])", "dotnet" })
                start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add(CliDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        var process = Process.Start(start)!;
        var sink = new StreamWriter(stdoutFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (sink) sink.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (sink) sink.WriteLine(e.Data); };
        process.Exited += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status; Linux only).</summary>
    static bool InterruptIgnored()
    {
        if (!OperatingSystem.IsLinux()) return false;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Eumentia.Cli.dll");
}
