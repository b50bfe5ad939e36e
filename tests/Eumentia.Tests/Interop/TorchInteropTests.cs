using Eumentia.Data;
using Eumentia.IO;
using Eumentia.Nets;
using Eumentia.Numerics;
using Eumentia.Tests.Data;
using Eumentia.Tests.Sweeps;
using Eumentia.Training;

namespace Eumentia.Tests.Interop;

/// <summary>
/// PyTorch interop against a file really made by PyTorch (Fixtures/torch, made by make_fixture.py with Debian's
/// python3-torch): its nn.Sequential names load as they are and give torch's own logits and loss.
/// </summary>
public class TorchInteropTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", name);

    [Fact]
    public void ATorchSequentialStateDictLoadsAndGivesTorchsLogits()
    {
        var file = MlpWeights.Read(Fixture("sequential.safetensors"));
        Assert.Equal(WeightNames.Torch, file.Names);
        Assert.Equal([20, 16, 12, 5], file.Sizes);
        var net = MlpWeights.Create(file, "tanh");
        var inputs = Npy.ReadArray(Fixture("inputs.npy")).ToFloats();
        var expected = Npy.ReadArray(Fixture("logits.npy")).ToFloats();
        var logits = net.Infer(inputs, 8, DropoutPass.Off).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], logits[i], 1e-5f);

        var labels = Npy.ReadArray(Fixture("labels.npy")).ToLabels("labels.npy");
        double torchLoss = BitConverter.ToDouble(Npy.ReadArray(Fixture("loss.npy")).Data);
        var data = new LabeledData("fixture", 8, 20, 5, inputs, labels);
        var result = Evaluator.Evaluate(net, data, LossKind.CrossEntropy, 0, EvalMode.Mc, 1, 0);
        Assert.Equal(torchLoss, result.Loss, 1e-6);
    }

    [Fact]
    public void TorchNamesRoundTripAndLoadUnderEitherNaming()
    {
        var net = MlpWeights.Create(MlpWeights.Read(Fixture("sequential.safetensors")), "tanh");
        string torch = temp.File("torch.safetensors"), eumentia = temp.File("eumentia.safetensors");
        MlpWeights.Save(net, torch, names: WeightNames.Torch);
        MlpWeights.Save(net, eumentia);
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"], SafeTensors.Read(torch).Keys.Order(StringComparer.Ordinal));
        Assert.Contains("layers.2.weight", SafeTensors.Read(eumentia).Keys);
        var original = SafeTensors.Read(Fixture("sequential.safetensors"));
        foreach (var (name, tensor) in SafeTensors.Read(torch))
        {
            Assert.Equal(original[name].Shape, tensor.Shape);
            Assert.Equal(original[name].Data, tensor.Data); // bit for bit
        }
        var back = MlpWeights.Read(eumentia);
        Assert.Equal((WeightNames.Eumentia, "tanh"), (back.Names, back.Activation));
        Assert.Equal(original["4.weight"].Data, back.Layers[2].Weight);
    }

    [Fact]
    public void ForeignTensorsAndBrokenChainsAreRefused()
    {
        var w = new Tensor("0.weight", [3, 2], new float[6]);
        var b = new Tensor("0.bias", [3], new float[3]);
        string path = temp.File("x.safetensors");
        SafeTensors.Write(path, [w, b, new Tensor("running_mean", [3], new float[3])]);
        Assert.Contains("tensor 'running_mean' is not a linear layer's weight or bias", Assert.Throws<EumentiaException>(() => MlpWeights.Read(path)).Message);
        SafeTensors.Write(path, [w, b, new Tensor("2.weight", [4, 5], new float[20]), new Tensor("2.bias", [4], new float[4])]);
        Assert.Contains("2.weight takes 5 inputs but the layer before gives 3", Assert.Throws<EumentiaException>(() => MlpWeights.Read(path)).Message);
    }

    [Fact]
    public void WeightsConvertWritesTorchNames()
    {
        string output = temp.File("out.safetensors");
        var (code, stdout, stderr) = CliRunner.InProcess("weights", "convert", Fixture("sequential.safetensors"), output, "--names", "torch", "--activation", "tanh");
        Assert.True(code == 0, stderr);
        Assert.Contains("torch names, layer sizes 20-16-12-5, activation tanh", stdout);
        Assert.Equal("tanh", MlpWeights.Read(output).Activation);
    }
}
