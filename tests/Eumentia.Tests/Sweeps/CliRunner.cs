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

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "Eumentia.Cli.dll");
}
