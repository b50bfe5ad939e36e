using BenchmarkDotNet.Attributes;
using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Numerics.Threading;

namespace Eumentia.Bench;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the engine's kernels (`-- kernels --filter '*'`), for careful
/// before/after comparisons of one kernel on a quiet machine; the workloads above are the peer comparisons.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    float[] a = [], b = [], c = [];

    /// <summary>m×n×k with the operand layout: NN square, or the MLP's forward (NT) and weight-gradient (TN) shapes.</summary>
    [Params("NN 512x512x512", "NT 128x256x784", "TN 256x784x128", "NT 32x100x784")]
    public string Shape { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    Op opA, opB;
    int m, n, k;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Shape.Split(' ');
        opA = parts[0][0] == 'T' ? Op.Transpose : Op.None;
        opB = parts[0][1] == 'T' ? Op.Transpose : Op.None;
        var dims = parts[1].Split('x').Select(int.Parse).ToArray();
        (m, n, k) = (dims[0], dims[1], dims[2]);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        Philox.FillNormal(1, 1, 0, a);
        Philox.FillNormal(1, 2, 0, b);
        Parallelism.MaxThreads = Threads;
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(opA, opB, m, n, k, 1f, a, opA == Op.None ? k : m, b, opB == Op.None ? n : k, 0f, c, n);
}

[MemoryDiagnoser]
public class DropoutBenchmarks
{
    readonly float[] x = new float[128 * 256], mask = new float[128 * 256];
    ulong step;

    [Benchmark]
    public void Apply128x256() => DropoutMask.Apply(1, RngStream.Of(RngStream.Dropout, 1, (long)step++), 0, 0.7f, 1 / 0.7f, x, mask);

    [Benchmark]
    public void Fill128x256() => DropoutMask.Fill(1, RngStream.Of(RngStream.Dropout, 1, (long)step++), 0, 0.7f, 1 / 0.7f, mask);
}
