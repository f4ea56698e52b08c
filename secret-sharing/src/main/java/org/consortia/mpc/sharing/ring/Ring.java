package org.consortia.mpc.sharing.ring;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Elementwise arithmetic in the ring Z_2^64 on {@code long[]}: Java's wrapping {@code long} arithmetic is
 * exactly the ring. Methods returning a new array never alias their inputs; {@code ...InPlace} methods
 * overwrite their first argument.
 */
public final class Ring {
    private Ring() {
    }

    public static long[] add(long[] a, long[] b) {
        checkSame(a, b, "add");
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    public static void addInPlace(long[] a, long[] b) {
        checkSame(a, b, "addInPlace");
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    public static long[] sub(long[] a, long[] b) {
        checkSame(a, b, "sub");
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    public static void subInPlace(long[] a, long[] b) {
        checkSame(a, b, "subInPlace");
        for (int i = 0; i < a.length; i++) {
            a[i] -= b[i];
        }
    }

    public static long[] neg(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = -a[i];
        }
        return r;
    }

    /** Multiplies every element by a public ring constant. */
    public static long[] scale(long[] a, long k) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * k;
        }
        return r;
    }

    /** Adds a public constant to every element. */
    public static long[] addConstant(long[] a, long k) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + k;
        }
        return r;
    }

    /** Elementwise product. */
    public static long[] mul(long[] a, long[] b) {
        checkSame(a, b, "mul");
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * b[i];
        }
        return r;
    }

    /** The arrays one after another. */
    public static long[] concat(long[]... parts) {
        long total = 0;
        for (long[] p : parts) {
            total += p.length;
        }
        long[] out = new long[Math.toIntExact(total)];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Sum of all elements. */
    public static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }

    /** Arithmetic (sign-preserving) right shift of every element: exact floor(a / 2^bits) for signed values. */
    public static long[] shiftRightArithmetic(long[] a, int bits) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] >> bits;
        }
        return r;
    }

    /** Transpose of a row-major {@code rows x cols} matrix. */
    public static long[] transpose(long[] a, int rows, int cols) {
        if ((long) rows * cols != a.length) {
            throw new MpcArgumentException("transpose: " + rows + "x" + cols + " does not match " + a.length + " elements");
        }
        long[] t = new long[a.length];
        final int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block) {
            int i1 = Math.min(rows, i0 + block);
            for (int j0 = 0; j0 < cols; j0 += block) {
                int j1 = Math.min(cols, j0 + block);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = a[i * cols + j];
                    }
                }
            }
        }
        return t;
    }

    private static void checkSame(long[] a, long[] b, String op) {
        if (a.length != b.length) {
            throw new MpcArgumentException(op + ": length mismatch, left " + a.length + " vs right " + b.length);
        }
    }
}
