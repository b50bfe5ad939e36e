namespace Eumentia.Numerics.RandomNumbers;

/// <summary>
/// A stable hash (FNV-1a) of a name, cut to a number of bits, used as a random-stream index: a network's or
/// an allocation's draws then depend on its name only, not on where it sits in a study's lists.
/// </summary>
static class StableTag
{
    public static long Of(string name, int bits)
    {
        uint h = 2166136261;
        foreach (char ch in name) { h ^= ch; h *= 16777619; }
        return h & ((1L << bits) - 1);
    }
}
