namespace Eumentia.Tests.Sweeps.Slurm;

/// <summary>
/// A test that needs a Slurm cluster. It runs whenever `sbatch` is on PATH (CI installs and starts one with
/// .ci/setup), and in CI (CI=true) always, so that a missing cluster there fails loudly. Elsewhere it is
/// reported as skipped, with the reason, instead of passing without testing anything.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!SbatchOnPath && Environment.GetEnvironmentVariable("CI") is not ("true" or "1"))
            Skip = "Slurm is not installed here (no sbatch on PATH); `sudo .ci/setup` installs and starts a one-node cluster";
    }

    public static bool SbatchOnPath =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "sbatch")));
}
