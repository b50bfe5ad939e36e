namespace Eumentia.Sweeps;

/// <summary>A run as its run.json records it: key, kind, config and registration index (workers take runs in index order).</summary>
public sealed record RegisteredRun(string Key, RunKind Kind, object Config, int Index);
