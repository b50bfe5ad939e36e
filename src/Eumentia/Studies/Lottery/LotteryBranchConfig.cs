namespace Eumentia.Studies.Lottery;

/// <summary>
/// A baseline at the sparsity of one IMP level as a keyed run (kind "lottery-branch"): the key of that level's
/// "lottery-imp" run (whose run directory, beside this one, holds the ticket and its knobs) and the method —
/// oneshot, random, shuffled or reinit (see <see cref="LotteryRun"/>).
/// </summary>
public sealed record LotteryBranchConfig
{
    public string Imp { get; init; } = "";
    public string Method { get; init; } = "";
}
