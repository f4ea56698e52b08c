package org.consortia.mpc.sharing.fixed;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * Fixed-point codec into Z_2^64: a real v is encoded as round(v * 2^f) in two's complement.
 *
 * Rounding is to nearest (ties to even: {@code Math.rint}, which the JIT compiles to one instruction).
 *
 * <p>The representable range is |v| &lt; 2^(62 - f) ({@link #maxAbs()}), so that every encoded value is a
 * valid input to the secure truncation (|x| &lt; 2^62). A product of two encoded values is correct while
 * |x * y| &lt; 2^(62 - 2f) in real terms (2^30 with the default 16 bits). Encoding NaN, infinity or a value out
 * of range throws {@link MpcArgumentException} naming the index and the range (never the value itself when
 * the caller marks the data private: the message prints only the index).
 */
public final class FixedPoint {
    public static final int DEFAULT_FRACTIONAL_BITS = 16;
    public static final int MIN_FRACTIONAL_BITS = 8;
    public static final int MAX_FRACTIONAL_BITS = 30;

    private final int fracBits;
    private final double scale;
    private final double maxAbs;

    public FixedPoint(int fracBits) {
        if (fracBits < MIN_FRACTIONAL_BITS || fracBits > MAX_FRACTIONAL_BITS) {
            throw new MpcArgumentException("fractional bits = " + fracBits + " is outside " + MIN_FRACTIONAL_BITS + ".."
                    + MAX_FRACTIONAL_BITS);
        }
        this.fracBits = fracBits;
        this.scale = Math.scalb(1.0, fracBits);
        this.maxAbs = Math.scalb(1.0, 62 - fracBits);
    }

    public static FixedPoint defaults() {
        return new FixedPoint(DEFAULT_FRACTIONAL_BITS);
    }

    public int fracBits() {
        return fracBits;
    }

    /** Exclusive bound on |v| for encodable reals. */
    public double maxAbs() {
        return maxAbs;
    }

    /** The value of one least significant bit, 2^-f. */
    public double lsb() {
        return 1.0 / scale;
    }

    public long encode(double v) {
        if (!(Math.abs(v) < maxAbs)) {
            throw new MpcArgumentException("fixed-point encode: element 0 is " + describe(v) + "; representable range is (-2^"
                    + (62 - fracBits) + ", 2^" + (62 - fracBits) + ") with " + fracBits + " fractional bits");
        }
        return (long) Math.rint(v * scale);
    }

    public long[] encode(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(Math.abs(v) < maxAbs)) {
                throw new MpcArgumentException("fixed-point encode: element " + i + " is " + describe(v)
                        + "; representable range is (-2^" + (62 - fracBits) + ", 2^" + (62 - fracBits) + ") with "
                        + fracBits + " fractional bits");
            }
            out[i] = (long) Math.rint(v * scale);
        }
        return out;
    }

    public double decode(long x) {
        return x / scale;
    }

    public double[] decode(long[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i] / scale;
        }
        return out;
    }

    private static String describe(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+infinity" : "-infinity";
        }
        return "out of range";
    }

    @Override
    public String toString() {
        return "FixedPoint[f=" + fracBits + "]";
    }
}
