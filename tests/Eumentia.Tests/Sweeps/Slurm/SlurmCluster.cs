using System.Diagnostics;

namespace Eumentia.Tests.Sweeps.Slurm;

/// <summary>The one-node Slurm cluster the Slurm tests submit to.</summary>
public static class SlurmCluster
{
    /// <summary>Fails (rather than skips) when sbatch is installed but the cluster does not answer.</summary>
    public static void AssertAnswers()
    {
        Assert.True(SlurmFactAttribute.SbatchOnPath, "CI=true but sbatch is not on PATH: .ci/setup should have installed Slurm");
        var (sinfo, sinfoOut) = Shell("sinfo", "-h", "-o", "%T");
        Assert.True(sinfo == 0 && sinfoOut.Trim().Length > 0, $"sbatch is on PATH but the cluster does not answer (sinfo: {sinfoOut.Trim()}); start it with .ci/slurm/start.sh");
    }

    /// <summary>Runs a Slurm command; its exit code and its stdout and stderr together.</summary>
    public static (int Code, string Output) Shell(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
