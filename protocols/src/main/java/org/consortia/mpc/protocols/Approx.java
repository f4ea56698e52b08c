package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Bilinear;

/**
 * exp, reciprocal, inverse square root, square root, log and softmax above the protocols: one batched
 * comparison of x against segment boundaries (powers of two, or unit steps), linear combinations of the
 * indicators with public constants (local), then Taylor series or Newton iterations at 30 fractional bits,
 * truncated back to the session's f once. Every function states its range; outside it the result is
 * unspecified but finite. Errors measured through the protocol are in docs/accuracy.md.
 */
public final class Approx {
    /** Fractional bits of the internal Newton and series arithmetic. */
    static final int WIDE = 30;
    /** Fractional bits of the power-of-two scale factors (exact for 2^-20..2^10). */
    static final int SCALE_BITS = 20;

    private Approx() {
    }

    /** lt[j][i] = [x_i &lt; bounds[j]] (0/1), all in one comparison batch; x at scale f. */
    static long[][] below(Backend be, long[] x, double[] bounds, int f) {
        ShareRing r = be.ring();
        int n = r.size(x);
        long[] shift = new long[n * bounds.length];
        for (int j = 0; j < bounds.length; j++) {
            long b = Math.round(Math.scalb(bounds[j], f));
            java.util.Arrays.fill(shift, j * n, (j + 1) * n, -b);
        }
        long[] bits = be.lessThanZero(be.addPublic(r.repeat(x, bounds.length), shift));
        long[][] out = new long[bounds.length][];
        for (int j = 0; j < bounds.length; j++) {
            out[j] = r.slice(bits, j * n, (j + 1) * n);
        }
        return out;
    }

    /** sum_k ind_k * values[k] for indicators ind_k = lt[k+1] - lt[k] (k = 0..K-2), local. */
    static long[] pick(ShareRing r, long[][] lt, long[] values) {
        long[] out = r.zeros(r.size(lt[0]));
        for (int k = 0; k + 1 < lt.length; k++) {
            r.addInto(out, r.scale(r.sub(lt[k + 1], lt[k]), values[k]));
        }
        return out;
    }

    static long[] mul(Backend be, long[] a, long[] b, int truncBits) {
        long[] z = be.bilinear(a, b, Bilinear.elementwise(be.ring().size(a)));
        return truncBits == 0 ? z : be.truncate(z, truncBits);
    }

    static long raw(double v, int bits) {
        return Math.round(Math.scalb(v, bits));
    }

    static long[] rescale(Backend be, long[] x, int from, int to) {
        return to >= from ? be.ring().scale(x, 1L << (to - from)) : be.truncate(x, from - to);
    }

    /**
     * e^x on [-16, 10]: unit segments give e^x = e^c * e^t with |t| &lt;= 0.5, e^t by its Taylor series to
     * t^6 at 30 bits (error 1.5e-6 relative), e^c picked locally; below -16 the result is 0, above 10 it is
     * e^10. Rounds: 8 + 6 + 1 + 2.
     */
    static long[] exp(Backend be, long[] x, int f) {
        ShareRing r = be.ring();
        int n = r.size(x);
        int lo = -16;
        int hi = 10;
        double[] bounds = new double[hi - lo + 1];
        for (int j = 0; j < bounds.length; j++) {
            bounds[j] = lo + j;
        }
        long[][] lt = below(be, x, bounds, f);
        long[] centres = new long[bounds.length - 1];
        long[] scales = new long[bounds.length - 1];
        for (int k = 0; k < centres.length; k++) {
            centres[k] = raw(lo + k + 0.5, f);
            scales[k] = raw(Math.exp(lo + k + 0.5), f);
        }
        long[] t = rescale(be, r.sub(x, pick(r, lt, centres)), f, WIDE); // |t| <= 0.5 inside the range
        long[] e = pick(r, lt, scales); // e^c at scale f, 0 outside
        long[] sat = lt[lt.length - 1]; // [x < 10]
        long top = raw(Math.exp(hi), f);
        long[] above = be.addPublic(r.neg(sat), filled(n, 1L)); // [x >= 10]
        r.addInto(e, r.scale(above, top));
        long[] series = series(be, t, new double[] {1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720});
        // where x >= 10, t is meaningless but e carries e^10 and the series of t is not 1: use 1 there
        long[] oneWide = be.publicShare(filled(n, 1L << WIDE));
        long[] q = r.add(series, mul(be, above, r.sub(oneWide, series), 0));
        return be.truncate(be.bilinear(e, q, Bilinear.elementwise(n)), WIDE);
    }

    /** sum_j c_j t^j for t at scale WIDE, |t| &lt;= 1; powers by repeated squaring in log depth. */
    static long[] series(Backend be, long[] t, double[] c) {
        ShareRing r = be.ring();
        int n = r.size(t);
        int degree = c.length - 1;
        long[][] pow = new long[degree + 1][];
        pow[1] = t;
        for (int have = 1; have < degree; have *= 2) {
            // all powers have+1 .. 2*have in one batch: pow[have + j] = pow[have] * pow[j]
            int from = have + 1;
            int to = Math.min(degree, 2 * have);
            int cnt = to - from + 1;
            long[][] as = new long[cnt][];
            long[][] bs = new long[cnt][];
            for (int p = from; p <= to; p++) {
                as[p - from] = pow[have];
                bs[p - from] = pow[p - have];
            }
            long[] z = mul(be, r.concat(as), r.concat(bs), WIDE);
            for (int p = from; p <= to; p++) {
                pow[p] = r.slice(z, (p - from) * n, (p - from + 1) * n);
            }
        }
        long[] acc = r.zeros(n);
        for (int j = 1; j <= degree; j++) {
            r.addInto(acc, r.scale(pow[j], raw(c[j], WIDE))); // scale 2 WIDE; truncated once below
        }
        long[] out = be.truncate(acc, WIDE);
        return be.addPublic(out, filled(n, raw(c[0], WIDE)));
    }

    static long[] filled(int n, long v) {
        long[] c = new long[n];
        java.util.Arrays.fill(c, v);
        return c;
    }

    /**
     * lt[0..K] for the K octaves [2^(lo + k step), 2^(lo + (k+1) step)): lt[0] = 0 and lt[K] = 1, so values below
     * 2^lo count as the first octave and values from 2^hi on as the last; K - 1 comparisons in one batch.
     */
    private static long[][] octaves(Backend be, long[] x, int lo, int hi, int step, int f) {
        int k = (hi - lo) / step;
        double[] bounds = new double[k - 1];
        for (int j = 1; j < k; j++) {
            bounds[j - 1] = Math.scalb(1.0, lo + j * step);
        }
        long[][] cmp = below(be, x, bounds, f);
        long[][] lt = new long[k + 1][];
        int n = be.ring().size(x);
        lt[0] = be.ring().zeros(n);
        System.arraycopy(cmp, 0, lt, 1, cmp.length);
        lt[k] = be.publicShare(filled(n, 1L));
        return lt;
    }

    /**
     * 1/x for x in [2^-10, 2^14): x = m 2^k with m in [1, 2) (octave from one comparison batch), 1/m by a
     * linear guess and 3 Newton steps y &lt;- y (2 - m y) at 30 bits, times 2^-k. Rounds: 8 + 2 + 1 + 12 + 2.
     */
    static long[] reciprocal(Backend be, long[] x, int f) {
        return reciprocal(be, x, f, -10, 14);
    }

    /**
     * 1/x for x known to lie in [2^lo, 2^hi), -10 &lt;= lo &lt; hi &lt;= 14: the same method with one comparison per
     * octave of that range only (hi - lo - 1 comparisons instead of 23), for callers that bound their denominators.
     */
    public static long[] reciprocal(Backend be, long[] x, int f, int lo, int hi) {
        if (lo < -10 || hi > 14 || hi <= lo + 1) {
            throw new IllegalArgumentException("reciprocal: octaves [2^" + lo + ", 2^" + hi + ") outside [2^-10, 2^14) or fewer than 2");
        }
        long[][] lt = octaves(be, x, lo, hi, 1, f);
        long[] inv = new long[lt.length - 1];
        for (int k = 0; k < inv.length; k++) {
            inv[k] = raw(Math.scalb(1.0, -(lo + k)), SCALE_BITS);
        }
        long[] s = pick(be.ring(), lt, inv); // 2^-k at SCALE_BITS
        long[] m = mul(be, x, s, f + SCALE_BITS - WIDE); // m in [1, 2) at WIDE
        return mul(be, inverseMantissa(be, m), s, WIDE + SCALE_BITS - f);
    }

    /**
     * 1/m for m in [1, 2) at {@link #WIDE} bits: y0 = 24/17 - 8/17 m (relative error at most 1/17 on [1, 2]) and 3
     * Newton steps y &lt;- y (2 - m y).
     */
    private static long[] inverseMantissa(Backend be, long[] m) {
        ShareRing r = be.ring();
        int n = r.size(m);
        long[] y = be.addPublic(be.truncate(r.scale(m, -raw(8.0 / 17, WIDE)), WIDE), filled(n, raw(24.0 / 17, WIDE)));
        long[] two = filled(n, 2L << WIDE);
        for (int it = 0; it < 3; it++) {
            long[] my = mul(be, m, y, WIDE);
            y = mul(be, y, be.addPublic(r.neg(my), two), WIDE);
        }
        return y;
    }

    /** Fractional bits of the quotient's powers of two 2^-j (exact for every octave of a count below 2^24). */
    private static final int QUOTIENT_SCALE = 24;
    /** Bits of 1/m kept for the quotient's last product (so that |num/den| up to 2^20 stays in the ring). */
    private static final int QUOTIENT_MANTISSA = 24;

    /**
     * num / den for den in [1, 2^24) (a count: an average, a rate) and |num / den| below 2^(36 - f) (2^20 at 16 fractional
     * bits; the products stay below 2^61), within a fixed-point step
     * plus 2^-23 relative: den = m 2^j with m in [1, 2) (octave from one comparison batch), 1/m by a linear guess and 3
     * Newton steps at 30 bits, then (num 2^-j) (1/m). Unlike {@code num * reciprocal(den)}, the quotient keeps its
     * precision for any count: 1/den itself is never held at the session's scale.
     */
    public static long[] quotient(Backend be, long[] num, long[] den, int f) {
        long[][] lt = octaves(be, den, 0, 24, 1, f);
        long[] inv = new long[lt.length - 1];
        for (int k = 0; k < inv.length; k++) {
            inv[k] = 1L << (QUOTIENT_SCALE - k);
        }
        long[] s = pick(be.ring(), lt, inv); // 2^-j at QUOTIENT_SCALE
        long[] m = mul(be, den, s, f + QUOTIENT_SCALE - WIDE); // m in [1, 2) at WIDE
        long[] y = inverseMantissa(be, m);
        long[] t = mul(be, num, s, QUOTIENT_SCALE); // num 2^-j at f: below 2^21 while the quotient is below 2^20
        long[] r = be.truncate(y, WIDE - QUOTIENT_MANTISSA); // 1/m at 24 bits
        return mul(be, t, r, QUOTIENT_MANTISSA);
    }

    /**
     * 1/sqrt(x) for x in [2^-10, 2^16): x = m 4^j with m in [1, 4), 1/sqrt(m) by a linear guess and 4 Newton
     * steps y &lt;- y (3 - m y^2) / 2 at 30 bits, times 2^-j.
     */
    static long[] rsqrt(Backend be, long[] x, int f) {
        long[][] r = rootParts(be, x, f, -10, 16, SCALE_BITS);
        return mul(be, r[0], r[2], WIDE + SCALE_BITS - f); // y 2^(-e/2)
    }

    /**
     * 1/sqrt(x) for x in [2^-24, 2^24) (variances of raw features, from tiny to large): 23 octave comparisons.
     * Values below 2^-24 are out of range.
     */
    public static long[] rsqrtWide(Backend be, long[] x, int f) {
        return rsqrtWide(be, x, f, 0);
    }

    /** As {@link #rsqrtWide(Backend, long[], int)}, the result at {@code f + extra} fractional bits (extra at most 24). */
    public static long[] rsqrtWide(Backend be, long[] x, int f, int extra) {
        int sBits = 18; // 2^(-e/2) in [2^-12, 2^12] exact, and y * s stays below 2^62
        long[][] r = rootParts(be, x, f, -24, 24, sBits);
        return mul(be, r[0], r[2], WIDE + sBits - f - extra);
    }

    /** sqrt(x) = (m y) 2^(e/2) for x in [2^-10, 2^16), all at 30 bits until the last truncation. */
    static long[] sqrt(Backend be, long[] x, int f) {
        long[][] r = rootParts(be, x, f, -10, 16, SCALE_BITS);
        long[] root = mul(be, r[1], r[0], WIDE); // sqrt(m)
        return mul(be, root, r[3], WIDE + SCALE_BITS - f);
    }

    /**
     * {y = 1/sqrt(m), m, 2^(-e/2) and 2^(e/2) at {@code sBits}} with x = m 2^e, e even in [lo, hi), m in [1, 4).
     * The factor 2^-e is held at min(37, 59 - f) bits: exact for every octave, and x 2^-e stays in the ring.
     */
    private static long[][] rootParts(Backend be, long[] x, int f, int lo, int hi, int sBits) {
        ShareRing r = be.ring();
        int n = r.size(x);
        int invBits = Math.min(37, 59 - f);
        long[][] lt = octaves(be, x, lo, hi, 2, f);
        int k = lt.length - 1;
        long[] inv = new long[k];
        long[] inv2 = new long[k];
        long[] up = new long[k];
        for (int j = 0; j < k; j++) {
            int e = lo + 2 * j; // x in [2^e, 2^(e+2))
            inv[j] = raw(Math.scalb(1.0, -e / 2), sBits);
            inv2[j] = raw(Math.scalb(1.0, -e), invBits);
            up[j] = raw(Math.scalb(1.0, e / 2), sBits);
        }
        long[] m = mul(be, x, pick(r, lt, inv2), f + invBits - WIDE); // m in [1, 4)
        // y0 = 1 - m/8, within 12.5% of 1/sqrt(m) on [1, 4]; 4 Newton steps take that below 1e-9
        long[] y = be.addPublic(be.truncate(r.scale(m, -raw(0.125, WIDE)), WIDE), filled(n, 1L << WIDE));
        long[] three = filled(n, 3L << WIDE);
        for (int it = 0; it < 4; it++) {
            long[] y2 = mul(be, y, y, WIDE);
            long[] my2 = mul(be, m, y2, WIDE);
            y = mul(be, y, be.addPublic(r.neg(my2), three), WIDE + 1);
        }
        return new long[][] {y, m, pick(r, lt, inv), pick(r, lt, up)};
    }

    /**
     * ln x for x in [2^-10, 2^14): x = m 2^k, ln x = k ln 2 + ln 1.5 + ln(1 + u) with u = (m - 1.5)/1.5 in
     * [-1/3, 1/3], the series to u^10 (error 2e-6).
     */
    static long[] log(Backend be, long[] x, int f) {
        ShareRing r = be.ring();
        int n = r.size(x);
        int lo = -10;
        int hi = 14;
        long[][] lt = octaves(be, x, lo, hi, 1, f);
        long[] inv = new long[lt.length - 1];
        long[] kln2 = new long[lt.length - 1];
        for (int k = 0; k < inv.length; k++) {
            inv[k] = raw(Math.scalb(1.0, -(lo + k)), SCALE_BITS);
            kln2[k] = raw((lo + k) * Math.log(2) + Math.log(1.5), WIDE);
        }
        long[] m = mul(be, x, pick(r, lt, inv), f + SCALE_BITS - WIDE);
        long[] u = be.addPublic(be.truncate(r.scale(m, raw(1 / 1.5, WIDE)), WIDE), filled(n, -(1L << WIDE)));
        double[] c = new double[11];
        for (int j = 1; j < c.length; j++) {
            c[j] = (j % 2 == 1 ? 1.0 : -1.0) / j;
        }
        long[] ln = r.add(series(be, u, c), pick(r, lt, kln2));
        return be.truncate(ln, WIDE - f);
    }
}
