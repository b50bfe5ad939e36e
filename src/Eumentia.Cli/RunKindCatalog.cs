using System.Reflection;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Cli;

/// <summary>
/// The run kinds the command line can sweep over. A study adds its kind here (one line); the sweep machinery
/// finds kinds by the name stored in specs and run directories.
/// </summary>
public static class RunKindCatalog
{
    static readonly Lazy<bool> registered = new(() =>
    {
        RunKinds.Register(RunKind.Create<TrainConfig>("train", ExecuteTrain));
        RegisterPlugins(Environment.GetEnvironmentVariable(PluginVariable));
        return true;
    });

    static RunOutcome ExecuteTrain(TrainConfig config, string dir, CancellationToken cancel)
    {
        try
        {
            TrainRun.Execute(config, dir, new TrainRunOptions(Environment.GetEnvironmentVariable("EUMENTIA_DATA")), cancel);
            return RunOutcome.Success;
        }
        catch (TrainingDivergedException e)
        {
            return RunOutcome.Failure(e.Message, retryable: false); // deterministic: the same seed diverges again
        }
    }

    /// <summary>
    /// Extra kinds from other assemblies, as "path/to/assembly.dll!Namespace.Type;..." whose type has a public
    /// static Register(). The tests use it to drive the real command line (child processes, Slurm tasks) with
    /// kinds of their own.
    /// </summary>
    public const string PluginVariable = "EUMENTIA_KIND_PLUGINS";

    public static void RegisterAll() => _ = registered.Value;

    static void RegisterPlugins(string? plugins)
    {
        foreach (var plugin in (plugins ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int bang = plugin.LastIndexOf('!');
            if (bang <= 0) throw new UsageException($"{PluginVariable}: '{plugin}' is not path.dll!Namespace.Type");
            var type = Assembly.LoadFrom(plugin[..bang]).GetType(plugin[(bang + 1)..])
                ?? throw new UsageException($"{PluginVariable}: no type {plugin[(bang + 1)..]} in {plugin[..bang]}");
            var register = type.GetMethod("Register", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes)
                ?? throw new UsageException($"{PluginVariable}: {type.FullName} has no public static Register()");
            register.Invoke(null, null);
        }
    }
}
