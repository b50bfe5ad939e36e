namespace Eumentia.Sweeps.Slurm;

/// <summary>The sbatch settings of a sweep's job array.</summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }

    /// <summary>Wall time per array task in Slurm's format (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS).</summary>
    public string Time { get; init; } = "01:00:00";

    public int CpusPerTask { get; init; } = 1;

    /// <summary>Array tasks; each is a worker that packs as many runs as fit in its time.</summary>
    public int Tasks { get; init; } = 1;

    /// <summary>At most this many tasks at once (sbatch --array=...%K); null: no limit.</summary>
    public int? Concurrency { get; init; }

    public string? Memory { get; init; }

    public string? JobName { get; init; }

    /// <summary>Worker threads per task (each runs its own runs); the CPUs are split between them.</summary>
    public int WorkersPerTask { get; init; } = 1;

    /// <summary>Refuses settings sbatch would reject, before anything is written.</summary>
    public void Validate()
    {
        if (Tasks < 1) throw new UsageException($"--tasks {Tasks}: at least 1");
        if (CpusPerTask < 1) throw new UsageException($"--cpus {CpusPerTask}: at least 1");
        if (Concurrency is < 1) throw new UsageException($"--concurrency {Concurrency}: at least 1");
        if (WorkersPerTask < 1) throw new UsageException($"--workers-per-task {WorkersPerTask}: at least 1");
        SlurmScript.ParseTime(Time);
    }
}
