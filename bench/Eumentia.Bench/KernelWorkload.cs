using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Bench;

/// <summary>
/// A micro-kernel alone on packed panels that stay in L1 (one MR×NR tile, kc steps, repeated): the ceiling the
/// whole GEMM can reach, and the first thing to check when the GEMM figures move. No peer counterpart.
/// </summary>
public sealed unsafe class KernelWorkload : IWorkload
{
    public string Name => "gemm-kernel";
    public string Description => "SGEMM micro-kernel GFLOP/s on in-cache panels (kc steps per call)";
    public string Usage => "--kernel avx512|avx2 --kc 64 256 --reps 5 --min_time 0.2";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int[] kcs = args.Ints("kc", 64, 256);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.2);
        string kernel = args.String("kernel", Avx512Kernel.IsSupported ? "avx512" : "avx2");
        args.RejectUnknown();
        Func<int, Timing.Result> measure = kernel switch
        {
            "avx512" when Avx512Kernel.IsSupported => kc => Measure<Avx512Kernel>(kc, reps, minTime),
            "avx2" when Avx2Kernel.IsSupported => kc => Measure<Avx2Kernel>(kc, reps, minTime),
            "avx512" or "avx2" => throw new ArgumentException($"--kernel {kernel}: this CPU lacks it"),
            _ => throw new ArgumentException($"--kernel '{kernel}': expected avx512 or avx2"),
        };
        foreach (int kc in kcs)
            yield return new BenchRecord(Name, $"kernel={kernel} kc={kc}", "GFLOP/s", measure(kc));
    }

    static Timing.Result Measure<TKernel>(int kc, int reps, double minTime) where TKernel : struct, ITileKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        var a = GC.AllocateArray<float>(mr * kc + 16, pinned: true);
        var b = GC.AllocateArray<float>(nr * kc + 16, pinned: true);
        var c = GC.AllocateArray<float>(mr * nr + 16, pinned: true);
        Philox.FillNormal(0, 1, 0, a);
        Philox.FillNormal(0, 2, 0, b);
        nint pa = Align(a), pb = Align(b), pc = Align(c);
        return Timing.Rate(() =>
        {
            var ap = new APanel((float*)pa, 1, mr);
            var bp = new BPanel((float*)pb, nr);
            var tile = new CTile((float*)pc, nr, mr, nr, 1f, 1f);
            for (int i = 0; i < 64; i++) TKernel.Tile(kc, ap, bp, tile);
        }, 64 * 2.0 * mr * nr * kc / 1e9, reps, minTime);
    }

    static nint Align(float[] pinned)
    {
        fixed (float* p = pinned) return ((nint)p + 63) & ~(nint)63;
    }
}
