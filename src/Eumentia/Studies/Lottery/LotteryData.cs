using Eumentia.Data;
using Eumentia.Data.Synthetic;

namespace Eumentia.Studies.Lottery;

/// <summary>One data set of the study with the spatial layout of its inputs.</summary>
public sealed record LotteryData(string Name, TrainingData Sets, InputGrid Grid)
{
    /// <summary>nlgp / gp from the spec's NLGP knobs (drawn with the run seed), anything else from <see cref="DataSources"/>.</summary>
    public static LotteryData Load(LotterySpec spec, string name, ulong seed, string? dataDir)
    {
        if (spec.IsSynthetic(name))
        {
            var nlgp = spec.Nlgp(name);
            var sets = new NlgpGenerator(nlgp).Load(spec.TrainSize, spec.ValidationSize, spec.TestSize, seed);
            return new LotteryData(name, sets, new InputGrid(nlgp.Side, nlgp.Dimension == 1 ? 1 : nlgp.Side, Periodic: true));
        }
        var real = DataSources.Load(name, spec.TrainSize, spec.ValidationSize, seed, dataDir);
        return new LotteryData(name, real, InputGrid.Infer(real.Train.Features));
    }
}
