using Eumentia.Data;
using Eumentia.Nets;

namespace Eumentia.Training;

/// <summary>Loss and accuracy of a network on a data set at one evaluation dropout setting, averaged over mask draws.</summary>
public sealed record EvalResult(double PEval, string Mode, int Draws, double Loss, double LossStdErr, double Accuracy, double AccuracyStdErr);

public static class Evaluator
{
    /// <summary>
    /// Evaluates <paramref name="net"/> on <paramref name="data"/> at dropout rate <paramref name="pEval"/>,
    /// averaging the mean loss and accuracy over <paramref name="draws"/> independent mask draws (one draw when
    /// p = 0, where nothing is random). Standard errors are over draws.
    /// </summary>
    public static EvalResult Evaluate(Mlp net, LabeledData data, LossKind loss, double pEval, EvalMode mode, int draws, ulong seed, int batch = 1000)
    {
        if (pEval < 0 || pEval >= 1) throw new UsageException($"p_eval = {pEval} is outside [0, 1)");
        int k = pEval > 0 ? Math.Max(1, draws) : 1;
        var losses = new double[k];
        var accs = new double[k];
        for (int d = 0; d < k; d++)
        {
            double lossSum = 0;
            int correct = 0;
            for (int start = 0; start < data.Count; start += batch)
            {
                int b = Math.Min(batch, data.Count - start);
                var pass = EvalModes.Pass(mode, pEval, seed, d, start);
                var logits = net.Infer(data.X.AsSpan(start * data.Features, b * data.Features), b, pass);
                lossSum += b * Losses.Evaluate(loss, logits, data.Y.AsSpan(start, b), b, data.Classes, Span<float>.Empty, out int c);
                correct += c;
            }
            losses[d] = lossSum / data.Count;
            accs[d] = (double)correct / data.Count;
        }
        return new EvalResult(pEval, EvalModes.Name(mode), k, losses.Average(), StdErr(losses), accs.Average(), StdErr(accs));
    }

    static double StdErr(double[] x)
    {
        if (x.Length < 2) return 0;
        double m = x.Average(), v = x.Sum(t => (t - m) * (t - m)) / (x.Length - 1);
        return Math.Sqrt(v / x.Length);
    }
}
