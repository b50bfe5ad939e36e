using System.Collections.Concurrent;
using System.Diagnostics;

namespace Eumentia.Tests.Interop;

/// <summary>
/// The repository's Python package (python/eumentia) run with Debian's python3. Tests that need it run wherever
/// python3 can import what they need, and in CI (CI=true) always, where .ci/setup installs python3-pandas and
/// python3-torch: there a missing package fails loudly instead of skipping.
/// </summary>
public static class PythonPackage
{
    static readonly ConcurrentDictionary<string, bool> Importable = new();

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    /// <summary>Debian's interpreter, where the apt packages live (a pyenv python3 first on PATH would not see them).</summary>
    public static string Interpreter => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "python", "eumentia", "__init__.py"))) return Path.Combine(dir.FullName, "python");
            throw new DirectoryNotFoundException("python/eumentia not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Whether python3 imports every module named (cached per list).</summary>
    public static bool CanImport(params string[] modules) => Importable.GetOrAdd(string.Join(",", modules), list =>
    {
        try { return Run(["-c", "import " + list]).Code == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; } // no python3 at all
    });

    /// <summary>Runs python3 with the arguments (a script under python/ or -c CODE); stdout and stderr together.</summary>
    public static (int Code, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Interpreter) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}

/// <summary>A test that needs python3 with the given modules (see <see cref="PythonPackage"/>).</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute(params string[] modules)
    {
        string[] needed = ["numpy", "pandas", .. modules];
        if (!PythonPackage.InCi && !PythonPackage.CanImport(needed))
            Skip = $"{PythonPackage.Interpreter} cannot import {string.Join(", ", needed)}; `sudo .ci/setup` installs Debian's python3-numpy, python3-pandas and python3-torch";
    }
}
