using System.Numerics;
using System.Runtime.CompilerServices;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// The fallback micro-kernel for machines without AVX2+FMA (older x86, ARM): a 4 × 2W tile of C in eight
/// <see cref="Vector{T}"/> accumulators (W = Vector&lt;float&gt;.Count lanes), multiply then add. Edge tiles
/// compute all four rows, reading row 0 again in place of the missing ones, and store only the valid part.
/// </summary>
internal readonly struct PortableKernel : ITileKernel
{
    public static int MR => 4;
    public static int NR => 2 * Vector<float>.Count;
    public static bool APanelOuter => false;
    public static int BlockRows => GemmPlan.DefaultMC;
    public static int BlockColumns => GemmPlan.DefaultNC;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Tile(int kc, in APanel a, in BPanel b, in CTile c)
    {
        int w = Vector<float>.Count;
        nint rs = a.RowStride, cs = a.ColStride, bs = b.RowStride;
        float* a0 = a.Ptr;
        float* a1 = c.Rows > 1 ? a0 + rs : a0, a2 = c.Rows > 2 ? a0 + 2 * rs : a0, a3 = c.Rows > 3 ? a0 + 3 * rs : a0;
        float* bp = b.Ptr;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default;
        nint ai = 0;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Unsafe.ReadUnaligned<Vector<float>>(bp);
            var b1 = Unsafe.ReadUnaligned<Vector<float>>(bp + w);
            var x = new Vector<float>(a0[ai]);
            c00 += x * b0; c01 += x * b1;
            x = new Vector<float>(a1[ai]);
            c10 += x * b0; c11 += x * b1;
            x = new Vector<float>(a2[ai]);
            c20 += x * b0; c21 += x * b1;
            x = new Vector<float>(a3[ai]);
            c30 += x * b0; c31 += x * b1;
            ai += cs;
            bp += bs;
        }
        float* tmp = stackalloc float[4 * 2 * w];
        Unsafe.WriteUnaligned(tmp, c00); Unsafe.WriteUnaligned(tmp + w, c01);
        Unsafe.WriteUnaligned(tmp + 2 * w, c10); Unsafe.WriteUnaligned(tmp + 3 * w, c11);
        Unsafe.WriteUnaligned(tmp + 4 * w, c20); Unsafe.WriteUnaligned(tmp + 5 * w, c21);
        Unsafe.WriteUnaligned(tmp + 6 * w, c30); Unsafe.WriteUnaligned(tmp + 7 * w, c31);
        for (int r = 0; r < c.Rows; r++)
        {
            float* dst = c.Ptr + r * c.Ldc, src = tmp + r * 2 * w;
            if (c.Beta == 0)
                for (int j = 0; j < c.Cols; j++) dst[j] = c.Alpha * src[j];
            else
                for (int j = 0; j < c.Cols; j++) dst[j] = c.Alpha * src[j] + c.Beta * dst[j];
        }
    }
}
