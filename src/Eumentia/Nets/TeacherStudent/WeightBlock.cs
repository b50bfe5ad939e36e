namespace Eumentia.Nets.TeacherStudent;

/// <summary>
/// One weight matrix inside a network's flat parameter vector, stored row-major from
/// <paramref name="Offset"/>. <paramref name="InitStd"/> is the standard deviation of its i.i.d. Gaussian
/// entries (1/sqrt(fan-in), so every signal stays O(1) whatever the widths).
/// </summary>
public sealed record WeightBlock(string Name, int Layer, int Rows, int Columns, int Offset, double InitStd)
{
    public int Count => Rows * Columns;

    public int Index(int row, int column) => Offset + row * Columns + column;

    public bool Contains(int weight) => weight >= Offset && weight < Offset + Count;
}
