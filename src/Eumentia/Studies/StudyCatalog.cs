using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Studies;

/// <summary>
/// Every study and every run kind, in one place: the sweep machinery finds kinds by the name stored in specs and
/// run directories, the command line finds studies by name.
/// </summary>
public static class StudyCatalog
{
    /// <summary>The studies on the contract, in --help order.</summary>
    public static IReadOnlyList<IStudy> All { get; } = [new Phases.PhasesStudy(), new Criticality.CriticalityStudy(), new Lottery.LotteryStudy(), new Subset.SubsetStudy()];

    static readonly Lazy<bool> registered = new(() =>
    {
        foreach (var kind in new RunKind[] { TrainRunKind.Kind, EvalRunKind.Kind }.Concat(All.SelectMany(s => s.RunKinds)).DistinctBy(k => k.Name))
            RunKinds.Register(kind);
        return true;
    });

    /// <summary>The study called <paramref name="name"/>; a usage error with a suggestion otherwise.</summary>
    public static IStudy Get(string name)
    {
        if (All.FirstOrDefault(s => s.Name == name) is { } study) return study;
        var names = All.Select(s => s.Name).ToList();
        string hint = Suggest.Closest(name, names) is { } close ? $" (did you mean '{close}'?)" : "";
        throw new UsageException($"unknown study '{name}'{hint}; known studies: {(names.Count == 0 ? "none" : string.Join(", ", names))}");
    }

    /// <summary>Registers every run kind (train, eval and each study's own); idempotent and thread-safe.</summary>
    public static void RegisterRunKinds() => _ = registered.Value;
}
