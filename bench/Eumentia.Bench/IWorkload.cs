namespace Eumentia.Bench;

/// <summary>One benchmark subcommand: a family of timed cases, each reported as a median rate.</summary>
public interface IWorkload
{
    string Name { get; }
    string Description { get; }
    string Usage { get; }

    /// <summary>Runs the cases one after another, yielding each as soon as it is measured.</summary>
    IEnumerable<BenchRecord> Run(BenchArgs args);
}

/// <summary>A measured case: which workload, which configuration (key=value words), the unit and the rates.</summary>
public sealed record BenchRecord(string Workload, string Case, string Unit, Timing.Result Rate);
