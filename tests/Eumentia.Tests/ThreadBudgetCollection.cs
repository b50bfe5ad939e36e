namespace Eumentia.Tests;

/// <summary>Tests that change the process-wide thread budget run one at a time, so each sees the budget it set.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadBudgetCollection
{
    public const string Name = "thread budget";
}
