using Eumentia.Numerics;

namespace Eumentia.Bench;

/// <summary>
/// The micro-kernel alone on packed panels that stay in L1 (a 6×16 tile, kc steps, repeated): the ceiling the
/// whole GEMM can reach, and the first thing to check when the GEMM figures move. No peer counterpart.
/// </summary>
public sealed unsafe class KernelWorkload : IWorkload
{
    public string Name => "gemm-kernel";
    public string Description => "AVX2 micro-kernel GFLOP/s on in-cache panels (kc steps per call)";
    public string Usage => "--kc 64 256 --reps 5 --min_time 0.2";

    public IEnumerable<BenchRecord> Run(BenchArgs args)
    {
        int[] kcs = args.Ints("kc", 64, 256);
        int reps = args.Int("reps", 5);
        double minTime = args.Double("min_time", 0.2);
        args.RejectUnknown();
        if (!Avx2Kernel.IsSupported) throw new ArgumentException("this CPU has no AVX2+FMA");
        foreach (int kc in kcs)
            yield return new BenchRecord(Name, $"kc={kc}", "GFLOP/s", Measure(kc, reps, minTime));
    }

    static Timing.Result Measure(int kc, int reps, double minTime)
    {
        var a = GC.AllocateArray<float>(6 * kc + 16, pinned: true);
        var b = GC.AllocateArray<float>(16 * kc + 16, pinned: true);
        var c = GC.AllocateArray<float>(6 * 16 + 16, pinned: true);
        Philox.FillNormal(0, 1, 0, a);
        Philox.FillNormal(0, 2, 0, b);
        nint pa = Align(a), pb = Align(b), pc = Align(c);
        return Timing.Rate(() =>
        {
            var ap = new APanel((float*)pa, 1, 6);
            var bp = new BPanel((float*)pb, 16);
            var tile = new CTile((float*)pc, 16, 6, 16, 1f, 1f);
            for (int i = 0; i < 64; i++) Avx2Kernel.Tile(kc, ap, bp, tile);
        }, 64 * 2.0 * 6 * 16 * kc / 1e9, reps, minTime);
    }

    static nint Align(float[] pinned)
    {
        fixed (float* p = pinned) return ((nint)p + 63) & ~(nint)63;
    }
}
