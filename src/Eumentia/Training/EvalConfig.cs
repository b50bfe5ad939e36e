namespace Eumentia.Training;

/// <summary>
/// One evaluation of a trained network: a branch of the training run <see cref="TrainKey"/> (a "train" run in the same
/// ledger, whose weights.safetensors and config.json it reads) at one dropout setting. Its key is (training key,
/// evaluation settings), so evaluating a finished study at a new p_eval, mode or draw count trains nothing.
/// The mask draws use the training run's seed, exactly as the training run's own evaluation does.
/// </summary>
public sealed record EvalConfig
{
    /// <summary>The run key of the trained network (a sibling directory of this run in the ledger).</summary>
    public string TrainKey { get; init; } = "";
    /// <summary>Dropout rate on hidden units at evaluation.</summary>
    public double PEval { get; init; } = 0.0;
    /// <summary>mc, mc-noscale or prune (<see cref="Training.EvalMode"/>).</summary>
    public string EvalMode { get; init; } = "mc";
    /// <summary>Mask draws K averaged when p_eval &gt; 0.</summary>
    public int EvalDraws { get; init; } = 4;

    /// <summary>Every problem with the values, each naming its key; empty when the config is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Sweeps.Spec.CanonicalConfig.IsKey(TrainKey)) errors.Add($"train_key = '{TrainKey}' is not a run key (16 lowercase hex digits)");
        if (PEval is < 0 or >= 1) errors.Add($"p_eval = {PEval} is outside [0, 1)");
        if (EvalDraws < 1) errors.Add($"eval_draws = {EvalDraws} must be ≥ 1");
        try { EvalModes.Parse(EvalMode); } catch (UsageException e) { errors.Add($"eval_mode: {e.Message}"); }
        return errors;
    }
}
