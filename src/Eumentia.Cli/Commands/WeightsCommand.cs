using System.CommandLine;
using Eumentia.Nets;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia weights convert`: rewrite a weights file under Eumentia's or PyTorch nn.Sequential tensor names.</summary>
public static class WeightsCommand
{
    public static Command Create()
    {
        var cmd = new Command("weights", "Weights files: convert between Eumentia's and PyTorch's tensor names.");
        var convert = new Command("convert", "Read a weights file (names detected) and write it with Eumentia's names (layers.L.weight) or an nn.Sequential's (0.weight, 2.weight, ...).");
        var input = new Argument<string>("in") { Description = "Weights file to read (.safetensors)." };
        var output = new Argument<string>("out") { Description = "Weights file to write (.safetensors)." };
        var names = new Option<string>("--names") { Description = "Names to write: torch (loads into nn.Sequential(Linear, act, Linear, ...) with strict=True) or eumentia.", Required = true };
        var activation = new Option<string?>("--activation") { Description = "Activation to record when the input file does not say (PyTorch files); default relu." };
        convert.Add(input);
        convert.Add(output);
        convert.Add(names);
        convert.Add(activation);
        convert.SetAction(parse =>
        {
            var target = WeightNamings.Parse(parse.GetValue(names)!);
            string from = parse.GetValue(input)!, to = parse.GetValue(output)!;
            var file = MlpWeights.Read(from);
            var net = MlpWeights.Create(file, parse.GetValue(activation) ?? file.Activation ?? "relu");
            if (target == WeightNames.Torch && net.Layers.Any(d => d.LearnableMask is not null))
                parse.InvocationConfiguration.Output.WriteLine("note: learnable masks are not part of a PyTorch state_dict and are dropped (pruned weights stay zero)");
            MlpWeights.Save(net, to, names: target);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {to}: {WeightNamings.Name(target)} names, layer sizes {string.Join("-", file.Sizes)}, activation {ActivationKernels.Name(net.Activation)}");
            return ExitCodes.Ok;
        });
        cmd.Add(convert);
        return cmd;
    }
}
