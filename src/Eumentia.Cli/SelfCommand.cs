namespace Eumentia.Cli;

/// <summary>How to start this command line again (child workers, Slurm tasks): the apphost, or dotnet + the dll.</summary>
public static class SelfCommand
{
    public static IReadOnlyList<string> Get()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string dll = typeof(Program).Assembly.Location;
        string name = Path.GetFileNameWithoutExtension(process);
        if (name == "Eumentia.Cli") return [process];
        // Under `dotnet Eumentia.Cli.dll` or a test host: run the dll with the same dotnet.
        return [name == "dotnet" ? process : "dotnet", dll];
    }
}
