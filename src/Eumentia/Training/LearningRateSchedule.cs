namespace Eumentia.Training;

/// <summary>How the learning rate changes over a run's planned steps.</summary>
public enum LearningRateSchedule { Constant, Cosine }

public static class LearningRateSchedules
{
    public static LearningRateSchedule Parse(string name) => name.ToLowerInvariant() switch
    {
        "constant" => LearningRateSchedule.Constant,
        "cosine" => LearningRateSchedule.Cosine,
        _ => throw new UsageException($"unknown learning-rate schedule '{name}' (expected constant or cosine)"),
    };

    /// <summary>The rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>: cosine falls from lr to 0 (Loshchilov &amp; Hutter, no restarts).</summary>
    public static double At(LearningRateSchedule schedule, double lr, long step, long totalSteps) => schedule switch
    {
        LearningRateSchedule.Cosine when totalSteps > 0 => lr * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, totalSteps) / totalSteps)),
        _ => lr,
    };
}
