using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eumentia.Numerics.LinearAlgebra;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous panel layouts the micro-kernels stream through, so the
/// kernel reads both operands sequentially whatever their storage order: transposition happens here, once per
/// block, and never as a separate pass over a whole matrix.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into panels of <paramref name="nr"/> columns: element (p, j) of
    /// panel q lands at dest[q·kc·nr + p·nr + j]; the last panel is padded with zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(Op opB, float* b, nint ldb, int p0, int j0, int kc, int nc, int nr, float* dest)
    {
        int q0 = 0;
        if (opB == Op.None && nr == 32 && Avx512F.IsSupported && nc >= 32)
        {
            PackWholeRowsOfB(b + (nint)p0 * ldb + j0, ldb, kc, nc / 32, dest);
            q0 = nc / 32;
        }
        for (int q = q0; q * nr < nc; q++)
        {
            int cols = Math.Min(nr, nc - q * nr);
            float* panel = dest + (nint)q * kc * nr;
            if (opB == Op.None) PackRowsOfB(b + (nint)p0 * ldb + j0 + q * nr, ldb, kc, cols, nr, panel);
            else PackColumnsOfB(b + (nint)(j0 + q * nr) * ldb + p0, ldb, kc, cols, nr, panel);
        }
    }

    /// <summary>
    /// Whole 32-column panels from B stored k×n, a row of B at a time: each row is read once, front to back, and
    /// its 128-byte pieces go to their panels (packing panel by panel instead walks kc rows 128 bytes at a time,
    /// once per panel, and ran at a third of this speed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackWholeRowsOfB(float* src, nint ldb, int kc, int panels, float* dest)
    {
        nint panelSize = (nint)kc * 32;
        for (int p = 0; p < kc; p++, src += ldb, dest += 32)
        {
            float* to = dest;
            for (int q = 0; q < panels; q++, to += panelSize)
            {
                Vector512.Store(Vector512.Load(src + 32 * q), to);
                Vector512.Store(Vector512.Load(src + 32 * q + 16), to + 16);
            }
        }
    }

    /// <summary>One panel from B stored k×n: each reduction step is a contiguous run of a row of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackRowsOfB(float* src, nint ldb, int kc, int cols, int nr, float* panel)
    {
        if (cols == nr && nr == 16 && Avx.IsSupported)
        {
            for (int p = 0; p < kc; p++, src += ldb, panel += 16)
            {
                Avx.Store(panel, Avx.LoadVector256(src));
                Avx.Store(panel + 8, Avx.LoadVector256(src + 8));
            }
            return;
        }
        if (cols == nr && nr % 8 == 0 && Avx.IsSupported)
        {
            for (int p = 0; p < kc; p++, src += ldb, panel += nr)
                for (int j = 0; j < nr; j += 8)
                    Avx.Store(panel + j, Avx.LoadVector256(src + j));
            return;
        }
        for (int p = 0; p < kc; p++, src += ldb, panel += nr)
        {
            int j = 0;
            for (; j < cols; j++) panel[j] = src[j];
            for (; j < nr; j++) panel[j] = 0;
        }
    }

    /// <summary>One panel from B stored n×k (op = transpose): column j of the panel is a contiguous row of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackColumnsOfB(float* src, nint ldb, int kc, int cols, int nr, float* panel)
    {
        int p = 0;
        if (Avx.IsSupported && nr % 8 == 0)
        {
            // 8×8 blocks through registers: eight rows of B in, eight panel rows out.
            for (; p + 8 <= kc; p += 8)
                for (int j = 0; j < nr; j += 8)
                    Transpose8x8(src + (nint)j * ldb + p, ldb, Math.Min(8, cols - j), panel + (nint)p * nr + j, nr);
        }
        for (; p < kc; p++)
        {
            float* row = panel + (nint)p * nr;
            int j = 0;
            for (; j < cols; j++) row[j] = src[(nint)j * ldb + p];
            for (; j < nr; j++) row[j] = 0;
        }
    }

    /// <summary>dest[r·ldd + c] = src[c·lds + r] for an 8×8 block whose first <paramref name="valid"/> source rows exist (the rest read as zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Transpose8x8(float* src, nint lds, int valid, float* dest, nint ldd)
    {
        if (valid <= 0)
        {
            for (int r = 0; r < 8; r++) Avx.Store(dest + r * ldd, Vector256<float>.Zero);
            return;
        }
        var r0 = Avx.LoadVector256(src);
        var r1 = valid > 1 ? Avx.LoadVector256(src + lds) : Vector256<float>.Zero;
        var r2 = valid > 2 ? Avx.LoadVector256(src + 2 * lds) : Vector256<float>.Zero;
        var r3 = valid > 3 ? Avx.LoadVector256(src + 3 * lds) : Vector256<float>.Zero;
        var r4 = valid > 4 ? Avx.LoadVector256(src + 4 * lds) : Vector256<float>.Zero;
        var r5 = valid > 5 ? Avx.LoadVector256(src + 5 * lds) : Vector256<float>.Zero;
        var r6 = valid > 6 ? Avx.LoadVector256(src + 6 * lds) : Vector256<float>.Zero;
        var r7 = valid > 7 ? Avx.LoadVector256(src + 7 * lds) : Vector256<float>.Zero;
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dest, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dest + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dest + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dest + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dest + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dest + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dest + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dest + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }

    /// <summary>
    /// One panel from A stored m×k: the panel is the transpose of <paramref name="rows"/> row segments of A. Eight
    /// reduction steps at a time go through an 8×8 register transpose, each result row stored whole (8 floats at
    /// a stride of mr): the 8 − mr extra floats are overwritten by the next step, or land in the slack that
    /// <see cref="PackBuffers"/> leaves after every buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackRowsOfA(float* src, nint lda, int kc, int rows, int mr, float* panel)
    {
        int p = 0;
        if (Avx.IsSupported && mr <= 8)
        {
            for (; p + 8 <= kc; p += 8)
                Transpose8x8(src + p, lda, rows, panel + (nint)p * mr, mr);
        }
        else if (Avx.IsSupported && mr <= 16)
        {
            // Rows 8.. first: their 8-float stores spill 16 − mr floats into the next step's first slots,
            // which the transpose of rows 0..7 then overwrites (the last block's spill lands on the next block
            // or in the buffer's slack).
            for (; p + 8 <= kc; p += 8)
            {
                Transpose8x8(src + 8 * lda + p, lda, rows - 8, panel + (nint)p * mr + 8, mr);
                Transpose8x8(src + p, lda, rows, panel + (nint)p * mr, mr);
            }
        }
        for (; p < kc; p++)
            for (int r = 0; r < rows; r++) panel[p * mr + r] = src[r * lda + p];
    }

    /// <summary>One panel from A stored k×m (op = transpose): each reduction step is a contiguous run of a row of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void PackColumnsOfA(float* src, nint lda, int kc, int rows, int mr, float* panel)
    {
        if (rows == 6 && mr == 6)
        {
            for (int p = 0; p < kc; p++, src += lda, panel += 6)
            {
                Unsafe.WriteUnaligned(panel, Unsafe.ReadUnaligned<Vector128<float>>(src));
                Unsafe.WriteUnaligned(panel + 4, Unsafe.ReadUnaligned<ulong>(src + 4));
            }
            return;
        }
        if (rows == 12 && mr == 12)
        {
            for (int p = 0; p < kc; p++, src += lda, panel += 12)
            {
                Unsafe.WriteUnaligned(panel, Unsafe.ReadUnaligned<Vector256<float>>(src));
                Unsafe.WriteUnaligned(panel + 8, Unsafe.ReadUnaligned<Vector128<float>>(src + 8));
            }
            return;
        }
        for (int p = 0; p < kc; p++, src += lda, panel += mr)
            for (int r = 0; r < rows; r++) panel[r] = src[r];
    }

    /// <summary>
    /// Packs op(A)[i0 .. i0+mc, p0 .. p0+kc] into panels of <paramref name="mr"/> rows: element (r, p) of panel
    /// q lands at dest[q·kc·mr + p·mr + r]. Slots of a short last panel are left as they are (kernels never
    /// read rows past the tile's edge as results).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(Op opA, float* a, nint lda, int i0, int p0, int mc, int kc, int mr, float* dest)
    {
        for (int q = 0; q * mr < mc; q++)
        {
            int rows = Math.Min(mr, mc - q * mr);
            float* panel = dest + (nint)q * kc * mr;
            if (opA == Op.None) PackRowsOfA(a + (nint)(i0 + q * mr) * lda + p0, lda, kc, rows, mr, panel);
            else PackColumnsOfA(a + (nint)p0 * lda + i0 + q * mr, lda, kc, rows, mr, panel);
        }
    }
}
