namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// Products of small row-major float64 matrices. The subset study's matrices are a few dozen wide at most,
/// so a plain triple loop beats calling into a general library (no allocation of wrapper objects, no
/// column-major conversion) and keeps the numbers independent of the machine's BLAS.
/// </summary>
static class DenseProducts
{
    /// <summary>C = A B with A (rows x inner) and B (inner x cols).</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int rows, int inner, int cols)
    {
        var c = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            var ci = c.AsSpan(i * cols, cols);
            for (int k = 0; k < inner; k++)
            {
                double aik = a[i * inner + k];
                if (aik == 0) continue;
                var bk = b.Slice(k * cols, cols);
                for (int j = 0; j < cols; j++) ci[j] += aik * bk[j];
            }
        }
        return c;
    }

    public static double[] Identity(int n)
    {
        var id = new double[n * n];
        for (int i = 0; i < n; i++) id[i * n + i] = 1;
        return id;
    }
}
