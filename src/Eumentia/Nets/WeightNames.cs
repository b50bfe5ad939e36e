namespace Eumentia.Nets;

/// <summary>
/// How the tensors of a weights file are named. Eumentia's own: "layers.{l}.weight" [out, in],
/// "layers.{l}.bias" [out] and, where present, "layers.{l}.weight_mask" and "layers.{l}.learnable_mask".
/// Torch: the state_dict of an <c>nn.Sequential</c> of <c>nn.Linear</c> layers with an activation module
/// between them, "{2l}.weight" and "{2l}.bias" (0, 2, 4, …), which
/// <c>load_state_dict(strict=True)</c> accepts; pruned weights are written as zeros and the masks dropped.
/// </summary>
public enum WeightNames { Eumentia, Torch }

public static class WeightNamings
{
    public static WeightNames Parse(string name) => name.ToLowerInvariant() switch
    {
        "eumentia" => WeightNames.Eumentia,
        "torch" => WeightNames.Torch,
        _ => throw new UsageException($"unknown weight names '{name}' (expected eumentia or torch)"),
    };

    public static string Name(WeightNames names) => names == WeightNames.Torch ? "torch" : "eumentia";
}
