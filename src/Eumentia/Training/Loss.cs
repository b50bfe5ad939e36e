namespace Eumentia.Training;

/// <summary>Training objectives on a minibatch of network outputs.</summary>
public enum LossKind { CrossEntropy, Mse }

public static class Losses
{
    public static LossKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "cross-entropy" or "crossentropy" or "ce" => LossKind.CrossEntropy,
        "mse" => LossKind.Mse,
        _ => throw new UsageException($"unknown loss '{name}' (expected cross-entropy or mse)"),
    };

    public static string Name(LossKind k) => k == LossKind.CrossEntropy ? "cross-entropy" : "mse";

    /// <summary>
    /// Mean loss over the batch of <paramref name="outputs"/> (batch×classes) against class labels, and, when
    /// <paramref name="grad"/> is not empty, dLoss/dOutputs of the mean. Cross-entropy goes through a
    /// max-shifted log-softmax so no exponent overflows; MSE compares with one-hot targets (½‖y − onehot‖², mean over batch).
    /// Also counts correct arg-max predictions.
    /// </summary>
    public static double Evaluate(LossKind kind, ReadOnlySpan<float> outputs, ReadOnlySpan<byte> labels, int batch, int classes,
        Span<float> grad, out int correct, Span<double> perExampleLoss = default)
    {
        double total = 0;
        correct = 0;
        float invBatch = 1f / batch;
        for (int r = 0; r < batch; r++)
        {
            var o = outputs.Slice(r * classes, classes);
            int y = labels[r];
            int argmax = 0;
            float max = o[0];
            for (int c = 1; c < classes; c++) if (o[c] > max) { max = o[c]; argmax = c; }
            if (argmax == y) correct++;
            double loss;
            if (kind == LossKind.CrossEntropy)
            {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.Exp(o[c] - max);
                double logZ = max + Math.Log(sum);
                loss = logZ - o[y];
                if (!grad.IsEmpty)
                {
                    var g = grad.Slice(r * classes, classes);
                    for (int c = 0; c < classes; c++) g[c] = (float)Math.Exp(o[c] - logZ) * invBatch;
                    g[y] -= invBatch;
                }
            }
            else
            {
                loss = 0;
                for (int c = 0; c < classes; c++)
                {
                    float diff = o[c] - (c == y ? 1f : 0f);
                    loss += 0.5 * diff * diff;
                    if (!grad.IsEmpty) grad[r * classes + c] = diff * invBatch;
                }
            }
            if (!perExampleLoss.IsEmpty) perExampleLoss[r] = loss;
            total += loss;
        }
        return total / batch;
    }
}
