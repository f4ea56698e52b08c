package org.consortia.mpc.protocols;

import java.util.Arrays;

import org.consortia.mpc.sharing.MpcArgumentException;
import org.consortia.mpc.sharing.dealer.Request;

/**
 * A public piecewise polynomial of a fixed-point input, evaluated exactly in the ring (what {@link Backend#spline}
 * computes on shares):
 * <pre>
 *   u = clamp(x, lo, hi)                       integers at the input's scale f
 *   piece k on [breaks[k-1], breaks[k])        piece 0 below breaks[0], the last piece from breaks[K-1] on
 *   P_k(u) = sum_j coefficients[k][j] (u - centres[k])^j        an integer at scale {@code scale}
 *   spline(x) = P_k(u) / 2^(scale - f)         truncated once, within one least significant bit
 * </pre>
 * Every piece's value must fit 62 bits at {@code scale} over its interval (the truncation's range); intermediate
 * products wrap in Z_2^64 and cancel exactly. Clamped inputs and breaks lie within {@code 2^(bits() - 1)} of 0, so
 * differences of two of them fit {@code bits() + 1} bits: what lets the function-secret-sharing evaluation compare
 * on {@code bits()}-bit keys. With a {@code slack} of g bits that evaluation compares bits g and up only (keys of
 * {@code bits() - g} levels): an input less than 2^g below a break may then take the piece above it (which the
 * mask decides, as a truncation's last bit), so a spline with slack has breaks at least 2^g apart and pieces that
 * agree near their breaks.
 *
 * @param lo the least input, at the input's scale
 * @param hi the greatest input (inputs above are {@code hi})
 * @param breaks the pieces' boundaries, strictly increasing, in (lo, hi]
 * @param centres one per piece
 * @param coefficients one row per piece, coefficient j of {@code (u - centre)^j}
 * @param scale the fractional bits of the pieces' values
 * @param slack the low bits of the input the one-step evaluation may leave out of its comparisons
 */
public record Spline(long lo, long hi, long[] breaks, long[] centres, long[][] coefficients, int scale, int slack) {
    /** The widest input the comparisons take: |lo|, |hi| and every break below 2^40. */
    public static final int MAX_INPUT_BITS = 40;

    public Spline {
        int pieces = breaks.length + 1;
        if (breaks.length == 0 || centres.length != pieces || coefficients.length != pieces) {
            throw new MpcArgumentException("a spline of " + breaks.length + " breaks has " + pieces + " centres and "
                    + "coefficient rows, not " + centres.length + " and " + coefficients.length);
        }
        long bound = 1L << MAX_INPUT_BITS;
        if (lo >= hi || Math.abs(lo) >= bound || Math.abs(hi) >= bound) {
            throw new MpcArgumentException("a spline's input range [" + lo + ", " + hi + "] must be ordered and within 2^"
                    + MAX_INPUT_BITS);
        }
        if (slack < 0 || slack > 16) {
            throw new MpcArgumentException("a spline's slack is 0 to 16 bits, not " + slack);
        }
        for (int k = 0; k < breaks.length; k++) { // lo counts as a break: a clamped input must keep to piece 0
            long before = k == 0 ? lo : breaks[k - 1];
            if (breaks[k] > hi || breaks[k] - before < Math.max(1, 1L << slack)) {
                throw new MpcArgumentException("a spline's breaks increase within (lo, hi], at least 2^slack apart and from "
                        + "lo; break " + k + " does not");
            }
        }
        int degree = 0;
        for (long[] row : coefficients) {
            if (row.length == 0) {
                throw new MpcArgumentException("a spline's piece has at least a constant coefficient");
            }
            degree = Math.max(degree, row.length - 1);
        }
        if (degree > Request.SignMask.MAX_DEGREE) {
            throw new MpcArgumentException("a spline's pieces have degree at most "
                    + Request.SignMask.MAX_DEGREE + ", not " + degree);
        }
        if (scale < 1 || scale > 62) {
            throw new MpcArgumentException("a spline's values have 1 to 62 fractional bits, not " + scale);
        }
        breaks = breaks.clone();
        centres = centres.clone();
        long[][] copy = new long[pieces][];
        for (int k = 0; k < pieces; k++) {
            copy[k] = coefficients[k].clone();
        }
        coefficients = copy;
    }

    /** An exact spline (no slack). */
    public Spline(long lo, long hi, long[] breaks, long[] centres, long[][] coefficients, int scale) {
        this(lo, hi, breaks, centres, coefficients, scale, 0);
    }

    /** The breaks (a copy: a spline is shared between sessions). */
    @Override
    public long[] breaks() {
        return breaks.clone();
    }

    /** The pieces' centres (a copy). */
    @Override
    public long[] centres() {
        return centres.clone();
    }

    /** The pieces' coefficients (a copy). */
    @Override
    public long[][] coefficients() {
        long[][] copy = new long[coefficients.length][];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = coefficients[k].clone();
        }
        return copy;
    }

    /** Break k. */
    public long breakAt(int k) {
        return breaks[k];
    }

    /** Pieces: breaks + 1. */
    public int pieces() {
        return centres.length;
    }

    /** The highest degree of a piece (at least 1: a constant spline still carries its mask's first power). */
    public int degree() {
        int d = 1;
        for (long[] row : coefficients) {
            d = Math.max(d, row.length - 1);
        }
        return d;
    }

    /**
     * Bits of the keys' comparisons: differences of clamped inputs and breaks lie in (-2^bits + 2^slack, 2^bits -
     * 2^slack), so leaving the low slack bits out can err only just below a break.
     */
    public int bits() {
        long m = Math.max(Math.abs(lo), Math.abs(hi));
        return 64 - Long.numberOfLeadingZeros(2 * m + (1L << slack)); // differences stay 2^slack clear of 2^bits
    }

    /**
     * Piece k's polynomial in powers of {@code z - r} for a public z and a secret r: coefficient i of r^i is
     * {@code sum_{j >= i} c_j binom(j, i) (z - centre)^(j - i) (-1)^i}, in the ring (out[0 .. degree]).
     */
    public void inPowersOfMask(int k, long z, long[] out) {
        long[] c = coefficients[k];
        Arrays.fill(out, 0L);
        long t = z - centres[k];
        for (int i = 0; i < c.length; i++) {
            long sum = 0;
            long binom = 1; // binom(j, i) for j = i, i + 1, ..
            long power = 1; // t^(j - i)
            for (int j = i; j < c.length; j++) {
                sum += c[j] * binom * power;
                binom = binom * (j + 1) / (j + 1 - i);
                power *= t;
            }
            out[i] = (i & 1) == 0 ? sum : -sum;
        }
    }

    /** The piece of a clamped input u. */
    public int pieceOf(long u) {
        int k = 0;
        while (k < breaks.length && u >= breaks[k]) {
            k++;
        }
        return k;
    }

    /** The spline at a plaintext input (an integer at the input's scale) before the final truncation: P_k(u). */
    public long valueAt(long x) {
        long u = Math.min(hi, Math.max(lo, x));
        return valueOf(pieceOf(u), x);
    }

    /** Piece k at the clamped input: what an input within the slack below break k gives if it takes piece k + 1. */
    public long valueOf(int k, long x) {
        long u = Math.min(hi, Math.max(lo, x));
        long[] c = coefficients[k];
        long t = u - centres[k];
        long v = 0;
        for (int j = c.length - 1; j >= 0; j--) {
            v = v * t + c[j];
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spline s && lo == s.lo && hi == s.hi && scale == s.scale && slack == s.slack
                && Arrays.equals(breaks, s.breaks)
                && Arrays.equals(centres, s.centres) && Arrays.deepEquals(coefficients, s.coefficients);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(breaks) * 31 + Arrays.deepHashCode(coefficients);
    }

    @Override
    public String toString() {
        return "Spline[" + pieces() + " pieces of degree " + degree() + " on [" + lo + ", " + hi + "], scale " + scale
                + ", slack " + slack + "]";
    }
}
