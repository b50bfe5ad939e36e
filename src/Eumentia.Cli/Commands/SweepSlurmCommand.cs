using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Slurm;
using Eumentia.Sweeps.Workers;
using System.CommandLine;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia sweep slurm`: register a spec's runs and write (and submit) an sbatch job array of workers.</summary>
public static class SweepSlurmCommand
{
    public static Command Create()
    {
        var cmd = new Command("slurm", "Write an sbatch job-array script whose tasks are sweep workers; --submit submits it.");
        var spec = new SweepSpecOptions();
        spec.AddTo(cmd);
        var partition = new Option<string?>("--partition", "-p") { Description = "Slurm partition." };
        var time = new Option<string>("--time", "-t") { Description = "Wall time per task (Slurm format, e.g. 01:00:00).", DefaultValueFactory = _ => "01:00:00" };
        var cpus = new Option<int>("--cpus") { Description = "CPUs per task.", DefaultValueFactory = _ => 1 };
        var tasks = new Option<int?>("--tasks") { Description = "Array tasks (default: pending runs, at most 100); each packs many runs." };
        var concurrency = new Option<int?>("--concurrency") { Description = "At most this many tasks at once (--array=...%K)." };
        var memory = new Option<string?>("--mem") { Description = "Memory per task (sbatch --mem)." };
        var jobName = new Option<string?>("--job-name") { Description = "Job name (default eumentia-<sweep>)." };
        var perTask = new Option<int>("--workers-per-task") { Description = "Worker threads per task; the CPUs are split between them.", DefaultValueFactory = _ => 1 };
        var submit = new Option<bool>("--submit") { Description = "Submit with sbatch and print the job id." };
        var eumentia = new Option<string?>("--eumentia") { Description = "Command that starts eumentia on the compute nodes (default: this one)." };
        var heartbeat = SweepSpecOptions.HeartbeatTimeout();
        foreach (var o in new Option[] { partition, time, cpus, tasks, concurrency, memory, jobName, perTask, submit, eumentia, heartbeat }) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            // Every option is checked before the runs are registered: a refusal changes nothing.
            var options = new SlurmOptions
            {
                Partition = parse.GetValue(partition),
                Time = parse.GetValue(time)!,
                CpusPerTask = parse.GetValue(cpus),
                Tasks = parse.GetValue(tasks) ?? 1,
                Concurrency = parse.GetValue(concurrency),
                Memory = parse.GetValue(memory),
                JobName = parse.GetValue(jobName),
                WorkersPerTask = parse.GetValue(perTask),
            };
            options.Validate();
            var timeout = Durations.Parse(parse.GetValue(heartbeat)!, "--heartbeat-timeout");
            var (sweep, planned, added) = spec.Prepare(parse);
            sweep.ClearFailFast();
            var summary = SweepSummary.Of(new RunLedger(sweep, timeout));
            int pending = summary.Count(RunState.Pending);
            stdout.WriteLine($"sweep {sweep.Root}: {planned} runs in spec, {added} new; {pending} pending, {summary.Count(RunState.Done)} done");
            options = options with { Tasks = parse.GetValue(tasks) ?? Math.Clamp(pending, 1, 100) };
            IReadOnlyList<string> command = parse.GetValue(eumentia) is { } e
                ? e.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : SelfCommand.Get();
            string script = SlurmScript.Write(options, sweep, command, timeout);
            stdout.WriteLine($"wrote {script}");
            if (!parse.GetValue(submit))
            {
                stdout.WriteLine($"submit with: sbatch {script}");
                return ExitCodes.Ok;
            }
            if (pending == 0)
            {
                stdout.WriteLine("nothing pending: not submitted");
                return ExitCodes.Ok;
            }
            string job = SlurmScript.Submit(script);
            stdout.WriteLine($"submitted job {job}: {options.Tasks} task{(options.Tasks == 1 ? "" : "s")}; follow with `eumentia sweep status --dir {sweep.Root}`");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
