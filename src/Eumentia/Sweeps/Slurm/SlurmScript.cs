using Eumentia.Sweeps.Ledger;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using Eumentia.IO;

namespace Eumentia.Sweeps.Slurm;

/// <summary>
/// Writes (and submits) the sbatch script of a sweep: a job array whose every task runs
/// `eumentia sweep worker --dir D --time-limit T`, which claims pending runs from the shared sweep directory
/// until none is left or T nears (T = the task's wall time less a margin), then exits cleanly. We do not
/// schedule anything ourselves: Slurm runs the tasks, the ledger hands out the runs.
/// </summary>
public static partial class SlurmScript
{
    /// <summary>Slurm's time formats: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.</summary>
    public static TimeSpan ParseTime(string text, string option = "--time")
    {
        var m = SlurmTime().Match(text.Trim());
        if (!m.Success) throw new UsageException($"{option} '{text}': expected MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS");
        if (m.Value.Split(':', '-').Any(p => p.Length > 6)) throw new UsageException($"{option} '{text}': too long");
        int days = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
        var parts = m.Groups["rest"].Value.Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var time = m.Groups["d"].Success
            ? parts.Length switch
            {
                1 => new TimeSpan(days, parts[0], 0, 0),
                2 => new TimeSpan(days, parts[0], parts[1], 0),
                _ => new TimeSpan(days, parts[0], parts[1], parts[2]),
            }
            : parts.Length switch
            {
                1 => TimeSpan.FromMinutes(parts[0]),
                2 => new TimeSpan(0, parts[0], parts[1]),
                _ => new TimeSpan(parts[0], parts[1], parts[2]),
            };
        if (time <= TimeSpan.Zero) throw new UsageException($"{option} '{text}' must be positive");
        return time;
    }

    /// <summary>
    /// How long a task's worker may claim runs: the wall time less 10 % (at least 30 s, at most 10 min), so the
    /// last run ends and its files are written before Slurm's SIGTERM.
    /// </summary>
    public static TimeSpan WorkerTimeLimit(TimeSpan wallTime)
    {
        var margin = TimeSpan.FromTicks(Math.Clamp(wallTime.Ticks / 10, TimeSpan.FromSeconds(30).Ticks, TimeSpan.FromMinutes(10).Ticks));
        return wallTime > margin * 2 ? wallTime - margin : wallTime / 2;
    }

    /// <param name="eumentia">The command that starts this CLI on the compute nodes (e.g. dotnet /path/Eumentia.Cli.dll).</param>
    public static string Render(SlurmOptions options, SweepDirectory sweep, IReadOnlyList<string> eumentia, TimeSpan heartbeatTimeout)
    {
        options.Validate();
        var wall = ParseTime(options.Time);
        var limit = WorkerTimeLimit(wall);
        string name = options.JobName ?? "eumentia-" + Path.GetFileName(sweep.Root);
        string logs = Path.Combine(sweep.Root, "slurm");

        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name={name}\n");
        s.Append($"#SBATCH --array=0-{options.Tasks - 1}{(options.Concurrency is { } k ? $"%{k}" : "")}\n");
        s.Append($"#SBATCH --time={options.Time}\n");
        s.Append($"#SBATCH --cpus-per-task={options.CpusPerTask}\n");
        s.Append("#SBATCH --ntasks=1\n");
        if (options.Partition is { } partition) s.Append($"#SBATCH --partition={partition}\n");
        if (options.Memory is { } memory) s.Append($"#SBATCH --mem={memory}\n");
        s.Append($"#SBATCH --output={logs}/%A_%a.out\n");
        s.Append("# Written by `eumentia sweep slurm`. Each array task is a worker: it claims pending runs from the sweep\n");
        s.Append("# directory (on a shared file system) until none is left or its time limit nears, then exits.\n");
        s.Append("set -euo pipefail\n");
        s.Append("export EUMENTIA_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        var args = eumentia.Concat([
            "sweep", "worker", "--dir", sweep.Root,
            "--time-limit", $"{(long)limit.TotalSeconds}s",
            "--workers", options.WorkersPerTask.ToString(CultureInfo.InvariantCulture),
            "--heartbeat-timeout", $"{(long)Math.Ceiling(heartbeatTimeout.TotalSeconds)}s",
            "--name", "slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}",
        ]);
        s.Append("exec ").Append(string.Join(' ', args.Select(Quote))).Append('\n');
        return s.ToString();
    }

    /// <summary>Writes the script to &lt;sweep&gt;/slurm/sweep.sbatch (and creates the log directory).</summary>
    public static string Write(SlurmOptions options, SweepDirectory sweep, IReadOnlyList<string> eumentia, TimeSpan heartbeatTimeout)
    {
        string text = Render(options, sweep, eumentia, heartbeatTimeout);
        string dir = Path.Combine(sweep.Root, "slurm");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "sweep.sbatch");
        AtomicFile.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    /// <summary>Submits a script with `sbatch --parsable` and returns the job id.</summary>
    public static string Submit(string scriptPath)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        start.ArgumentList.Add(scriptPath);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { throw new EumentiaException("sbatch not found on PATH: is this a Slurm login node? The script is at " + scriptPath); }
        using (process)
        {
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new EumentiaException($"sbatch failed (exit {process.ExitCode}): {stderr.Trim()}");
            string id = stdout.Trim().Split(';')[0];
            if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new EumentiaException($"sbatch printed no job id: '{stdout.Trim()}'");
            return id;
        }
    }

    /// <summary>Shell word: left bare when safe, else single-quoted; "${SLURM...}" expansions stay double-quoted.</summary>
    static string Quote(string arg)
    {
        if (arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c))) return arg;
        if (arg.Contains("${", StringComparison.Ordinal) && !arg.Contains('"') && !arg.Contains('`') && !arg.Contains('\\')) return $"\"{arg}\"";
        return "'" + arg.Replace("'", "'\\''") + "'";
    }

    [GeneratedRegex(@"^(?:(?<d>\d+)-)?(?<rest>\d+(?::\d+){0,2})$")]
    private static partial Regex SlurmTime();
}
