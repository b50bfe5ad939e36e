namespace Eumentia.Studies.Phases;

/// <summary>The phases of a network trained at p_train and evaluated at p_eval, read from L(N).</summary>
public enum Phase
{
    /// <summary>The net learns: L(N) decays as a power law with α clearly above zero over the whole window.</summary>
    Eumentia,
    /// <summary>The net learned at small N but forgets: L stops decaying and rises with N beyond a crossover N*.</summary>
    Dementia,
    /// <summary>The net never learned: L stays near ln C (chance) at every N.</summary>
    Amentia,
    /// <summary>None of the rules fires with the required confidence (e.g. a plateau, or too noisy).</summary>
    Undetermined,
}

public static class Phases
{
    public static string Name(Phase p) => p.ToString().ToLowerInvariant();
}
