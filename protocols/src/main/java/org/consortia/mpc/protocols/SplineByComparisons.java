package org.consortia.mpc.protocols;

import org.consortia.mpc.protocols.arith.Bilinear;

/**
 * A spline on any backend, from its primitives (what the plaintext reference and sessions without function secret
 * sharing run):
 * <pre>
 *   [x &lt; lo], [x &lt; hi], b_k = [x &lt; breaks[k]]    one batch of signs (for a break in (lo, hi], [x &lt; break] is
 *                                                   [clamp(x) &lt; break])
 *   u = x ([x &lt; hi] - [x &lt; lo]) + hi (1 - [x &lt; hi]) + lo [x &lt; lo]     one product, only where an outer piece is
 *                                                   not constant (else u = x: the sum below is the active piece
 *                                                   at any ring value, and outside [lo, hi] that is a constant)
 *   u^2 .. u^d                                      d - 1 products
 *   P = P_K(u) + sum_k b_k (P_k(u) - P_{k+1}(u))    one batch of products
 * </pre>
 * with each P_k written in powers of u (its centred coefficients expanded in the ring), so the result is the integer
 * {@link Spline#valueAt} gives, on shares. Rounds: one sign batch and d products (a cubic sigmoid: 8 + 3 by the
 * comparison circuit, against 24 for {@link Sigmoid}'s segments).
 */
final class SplineByComparisons {
    private SplineByComparisons() {
    }

    static long[] evaluate(Backend be, long[] x, Spline s) {
        ShareRing r = be.ring();
        int n = r.size(x);
        int d = s.degree();
        int breaks = s.pieces() - 1;
        boolean clamp = s.coefficients()[0].length > 1 || s.coefficients()[breaks].length > 1;
        int signs = breaks + (clamp ? 2 : 0);
        long[] shifted = new long[signs * n];
        long[] diffs = r.repeat(x, signs);
        for (int k = 0; k < signs; k++) {
            long at = k < breaks ? s.breakAt(k) : k == breaks ? s.lo() : s.hi();
            java.util.Arrays.fill(shifted, k * n, (k + 1) * n, -at);
        }
        long[] b = be.lessThanZero(be.addPublic(diffs, shifted));
        long[] u = x;
        if (clamp) {
            long[] bLo = r.slice(b, breaks * n, (breaks + 1) * n);
            long[] bHi = r.slice(b, (breaks + 1) * n, (breaks + 2) * n);
            u = be.bilinear(x, r.sub(bHi, bLo), Bilinear.elementwise(n));
            r.addInto(u, r.add(r.scale(bLo, s.lo()), r.scale(bHi, -s.hi())));
            u = be.addPublic(u, Approx.filled(n, s.hi()));
            b = r.slice(b, 0, breaks * n);
        }
        long[][] powers = new long[d + 1][];
        powers[1] = u;
        for (int j = 2; j <= d; j++) {
            powers[j] = be.bilinear(powers[j - 1], u, Bilinear.elementwise(n));
        }
        long[][] poly = new long[s.pieces()][];
        long[] c = new long[d + 1];
        for (int k = 0; k < s.pieces(); k++) {
            s.inPowersOfMask(k, 0, c); // P_k(0 - r) in powers of r: P_k(u) has coefficient (-1)^i c_i of u^i
            poly[k] = new long[d + 1];
            for (int i = 0; i <= d; i++) {
                poly[k][i] = (i & 1) == 0 ? c[i] : -c[i];
            }
        }
        long[][] deltas = new long[breaks][];
        long[] constants = new long[breaks * n];
        for (int k = 0; k < breaks; k++) {
            long[] dk = r.zeros(n);
            for (int i = 1; i <= d; i++) {
                r.addInto(dk, r.scale(powers[i], poly[k][i] - poly[k + 1][i]));
            }
            deltas[k] = dk;
            java.util.Arrays.fill(constants, k * n, (k + 1) * n, poly[k][0] - poly[k + 1][0]);
        }
        long[] terms = be.bilinear(b, be.addPublic(r.concat(deltas), constants), Bilinear.elementwise(breaks * n));
        long[] top = poly[breaks];
        long[] out = r.sumAxis(terms, 1, breaks, n);
        for (int i = 1; i <= d; i++) {
            r.addInto(out, r.scale(powers[i], top[i]));
        }
        return be.addPublic(out, Approx.filled(n, top[0]));
    }
}
