namespace Eumentia.Bench;

/// <summary>
/// A bench subcommand that measures nothing itself: it prepares a peer's inputs or checks a peer's answers
/// against Eumentia's. Returns the process exit code (0 agreement or success, 1 disagreement, 2 bad usage).
/// </summary>
public interface IBenchTool
{
    string Name { get; }
    string Description { get; }
    string Usage { get; }

    int Run(BenchArgs args);
}
