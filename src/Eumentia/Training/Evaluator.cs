using Eumentia.Data;
using System.Text.Json.Serialization;
using Eumentia.Nets;

namespace Eumentia.Training;

/// <summary>
/// Loss and accuracy of a network on a data set at one evaluation dropout setting, averaged over
/// <see cref="Draws"/> mask draws (1 at p = 0), with standard errors over the draws. The JSON names follow the
/// column convention of results.csv (python/eumentia/columns.json): test_loss, test_loss_se, test_accuracy, test_accuracy_se,
/// mask_draws; old result.json files used loss, loss_std_err, accuracy, accuracy_std_err, mode, draws
/// (<see cref="TrainResultNames.Legacy"/>).
/// </summary>
public sealed record EvalResult(
    [property: JsonPropertyName("p_eval")] double PEval,
    [property: JsonPropertyName("eval_mode")] string Mode,
    [property: JsonPropertyName("mask_draws")] int Draws,
    [property: JsonPropertyName("test_loss")] double Loss,
    [property: JsonPropertyName("test_loss_se")] double LossStdErr,
    [property: JsonPropertyName("test_accuracy")] double Accuracy,
    [property: JsonPropertyName("test_accuracy_se")] double AccuracyStdErr);

/// <summary>
/// Per-example outputs at one evaluation setting, averaged over the mask draws (count × classes, row-major):
/// the logits and the softmax probabilities (the mean of each draw's probabilities: the MC-dropout predictive
/// distribution, not the softmax of the mean logits).
/// </summary>
public sealed record ExampleOutputs(int Count, int Classes, float[] Logits, float[] Probabilities);

public static class Evaluator
{
    /// <summary>
    /// Evaluates <paramref name="net"/> on <paramref name="data"/> at dropout rate <paramref name="pEval"/>,
    /// averaging the mean loss and accuracy over <paramref name="draws"/> independent mask draws (one draw when
    /// p = 0, where nothing is random). Standard errors are over draws.
    /// </summary>
    public static EvalResult Evaluate(Mlp net, LabeledData data, LossKind loss, double pEval, EvalMode mode, int draws, ulong seed, int batch = 1000) =>
        Run(net, data, loss, [pEval], mode, draws, seed, batch, null)[0];

    /// <summary>
    /// <see cref="Evaluate"/> at every rate of <paramref name="pEvals"/>, in one pass over the data: each batch's
    /// first layer is computed once for all rates and draws (the masks act on its output). The results are those of
    /// separate <see cref="Evaluate"/> calls, bit for bit.
    /// </summary>
    public static IReadOnlyList<EvalResult> EvaluateAll(Mlp net, LabeledData data, LossKind loss, IReadOnlyList<double> pEvals, EvalMode mode, int draws, ulong seed, int batch = 1000) =>
        Run(net, data, loss, pEvals, mode, draws, seed, batch, null);

    /// <summary>As <see cref="Evaluate"/>, with every example's logits and probabilities averaged over the draws (the same masks).</summary>
    public static (EvalResult Result, ExampleOutputs Outputs) EvaluateWithOutputs(Mlp net, LabeledData data, LossKind loss, double pEval, EvalMode mode, int draws, ulong seed, int batch = 1000)
    {
        var outputs = new ExampleOutputs(data.Count, net.Outputs, new float[data.Count * net.Outputs], new float[data.Count * net.Outputs]);
        var result = Run(net, data, loss, [pEval], mode, draws, seed, batch, outputs)[0];
        float scale = 1f / result.Draws;
        for (int i = 0; i < outputs.Logits.Length; i++)
        {
            outputs.Logits[i] *= scale;
            outputs.Probabilities[i] *= scale;
        }
        return (result, outputs);
    }

    // Batches outermost: a batch's first-layer activations serve every rate and draw. Each (rate, draw) still sums
    // its batches' losses in batch order, so the numbers are those of one pass per draw.
    static EvalResult[] Run(Mlp net, LabeledData data, LossKind loss, IReadOnlyList<double> pEvals, EvalMode mode, int draws, ulong seed, int batch, ExampleOutputs? sums)
    {
        foreach (var p in pEvals)
            if (p < 0 || p >= 1) throw new UsageException($"p_eval = {p} is outside [0, 1)");
        if (data.Features != net.Inputs) throw new EumentiaException($"{data.Name}: {data.Features} features per example, the network takes {net.Inputs}");
        if (data.Classes > net.Outputs) throw new EumentiaException($"{data.Name}: {data.Classes} classes, the network has {net.Outputs} outputs");
        var k = pEvals.Select(p => p > 0 ? Math.Max(1, draws) : 1).ToArray();
        var lossSums = k.Select(n => new double[n]).ToArray();
        var correct = k.Select(n => new int[n]).ToArray();
        bool reuse = net.HiddenLayers > 0;
        var first = reuse ? new float[Math.Min(batch, data.Count) * net.Layers[0].Outputs] : [];
        for (int start = 0; start < data.Count; start += batch)
        {
            int b = Math.Min(batch, data.Count - start);
            var x = data.X.AsSpan(start * data.Features, b * data.Features);
            if (reuse) net.InferFirstLayer(x, b, first);
            for (int s = 0; s < pEvals.Count; s++)
                for (int d = 0; d < k[s]; d++)
                {
                    var pass = EvalModes.Pass(mode, pEvals[s], seed, d, start);
                    var logits = reuse ? net.InferAbove(first, b, pass) : net.Infer(x, b, pass);
                    lossSums[s][d] += b * Losses.Evaluate(loss, logits, data.Y.AsSpan(start, b), b, net.Outputs, Span<float>.Empty, out int c);
                    correct[s][d] += c;
                    if (sums is not null) Accumulate(logits, start, b, sums);
                }
        }
        return [.. pEvals.Select((p, s) =>
        {
            var losses = lossSums[s].Select(l => l / data.Count).ToArray();
            var accs = correct[s].Select(c => (double)c / data.Count).ToArray();
            return new EvalResult(p, EvalModes.Name(mode), k[s], losses.Average(), StdErr(losses), accs.Average(), StdErr(accs));
        })];
    }

    // Adds one draw's logits and softmax probabilities (max-shifted, in double) to the running sums.
    static void Accumulate(ReadOnlySpan<float> logits, int start, int batch, ExampleOutputs sums)
    {
        int c = sums.Classes;
        for (int r = 0; r < batch; r++)
        {
            var o = logits.Slice(r * c, c);
            var l = sums.Logits.AsSpan((start + r) * c, c);
            var p = sums.Probabilities.AsSpan((start + r) * c, c);
            float max = float.NegativeInfinity;
            foreach (float v in o) max = Math.Max(max, v);
            double z = 0;
            foreach (float v in o) z += Math.Exp(v - max);
            for (int j = 0; j < c; j++)
            {
                l[j] += o[j];
                p[j] += (float)(Math.Exp(o[j] - max) / z);
            }
        }
    }

    static double StdErr(double[] x)
    {
        if (x.Length < 2) return 0;
        double m = x.Average(), v = x.Sum(t => (t - m) * (t - m)) / (x.Length - 1);
        return Math.Sqrt(v / x.Length);
    }
}
