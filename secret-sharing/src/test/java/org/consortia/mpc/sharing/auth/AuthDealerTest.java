package org.consortia.mpc.sharing.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.sharing.fss.Dcf;
import org.consortia.mpc.sharing.prg.Seed;
import org.junit.jupiter.api.Test;

/**
 * The dealer's authenticated material, reassembled from every party's derived share: each value's MACs sum to alpha
 * times the values' sum (alpha = the sum of the key shares), triples multiply, a mask's owner gets the mask in clear,
 * a comparison mask's bits are those of its low word, an input's triple multiplies by that input's mask.
 */
class AuthDealerTest {
    @Test
    void everyItemIsAuthenticatedAndCorrelatedForTwoThreeAndFiveParties() {
        for (int parties : new int[] {2, 3, 5}) {
            Seed[] seeds = new Seed[parties];
            for (int i = 0; i < parties; i++) {
                seeds[i] = Seed.random();
            }
            AuthDealer dealer = new AuthDealer(seeds);
            long[] alpha = new long[2];
            long delta = 0;
            for (Seed s : seeds) {
                MacKeyShare k = AuthDerivation.key(s);
                Z128.addInto(alpha, new long[] {k.lo(), k.hi()});
                delta ^= k.bits();
            }
            AuthRequest[] items = {new AuthRequest.Random(5), new AuthRequest.Known(parties - 1, 4),
                new AuthRequest.Triple(6), new AuthRequest.MatrixTriple(3, 4, 2),
                new AuthRequest.ConvTriple(new org.consortia.mpc.sharing.ring.Conv2d(2, 2, 5, 4, 3, 3, 2, 1)), new AuthRequest.TruncPair(7, 13),
                new AuthRequest.MaskBits(37), // two whole blocks of the dealer's and a partial one
                // products by the input masked by item 1 (4 elements): a 3x2 by 2x2 matrix, a 2x2 kernel
                new AuthRequest.InputTriple(new AuthRequest.MatrixTriple(3, 2, 2), 6),
                new AuthRequest.InputTriple(new AuthRequest.ConvTriple(
                        new org.consortia.mpc.sharing.ring.Conv2d(2, 1, 4, 3, 1, 2, 1, 0)), 7),
                new AuthRequest.SharedTriple(5, 3),
                // an elementwise product by elements 1..3 of that input (a chunk of a longer product)
                new AuthRequest.InputTriple(new AuthRequest.Triple(3), 9, 1),
                // the product of that input's elements 0..2 and 1..3 (two inputs' masks, here the same one twice)
                new AuthRequest.InputPair(3, 10, 0, 10, 1)};
            AuthRequest.SplineMask signMask = new AuthRequest.SplineMask(40, 1, 1, 63, 0); // a ReLU's
            AuthRequest.SplineMask ltzMask = new AuthRequest.SplineMask(100, 1, 0, 63, 0); // a sign's
            AuthRequest.SplineMask splineMask = new AuthRequest.SplineMask(30, 3, 3, 21, 8);
            AuthRequest.SplineMask clampMask = new AuthRequest.SplineMask(20, 2, 1, 63, 0); // a spline's clamp
            AuthRequest.SplineMask widestMask = new AuthRequest.SplineMask(3, AuthRequest.SplineMask.MAX_POINTS,
                    AuthRequest.SplineMask.MAX_DEGREE, 40, 1);
            if (parties == 2) { // comparison keys are pairs: masks, then each one's keys 2 items later
                items = java.util.stream.Stream.concat(java.util.Arrays.stream(items), java.util.stream.Stream.of(
                        signMask, ltzMask, new AuthRequest.SplineKey(signMask, 2), new AuthRequest.SplineKey(ltzMask, 2),
                        splineMask, new AuthRequest.SplineKey(splineMask, 1), clampMask,
                        new AuthRequest.SplineKey(clampMask, 1), widestMask, new AuthRequest.SplineKey(widestMask, 1)))
                        .toArray(AuthRequest[]::new);
            }
            AuthMaterial[][] made = new AuthMaterial[items.length][];
            for (int index = 0; index < items.length; index++) {
                AuthRequest req = items[index];
                AuthDealer.Answer answer = dealer.answer(req, index);
                AuthMaterial[] m = new AuthMaterial[parties];
                for (int i = 0; i < parties; i++) {
                    m[i] = AuthDerivation.derive(i, seeds[i], index, req, i == 0 ? answer.correction() : null,
                            req.clearWords(i) > 0 ? answer.clear(i) : null);
                }
                made[index] = m;
                String what = parties + " parties, " + req;
                assertEquals(req.correctionWords(), answer.correction().length, what + ": correction words");
                switch (req) {
                    case AuthRequest.SplineMask sm -> checkSplineMask(alpha, delta, m, sm, what);
                    case AuthRequest.SplineKey k -> {
                        checkSplineKeys(delta, made[index - k.back()], m, k, what);
                        for (int i = 0; i < parties; i++) { // (2 + 2) bits + 4 words an element: 56 for 13-bit keys
                            assertEquals((4L * k.keyBits() + 4) * k.size(), answer.clear(i).length,
                                    what + ": key words to " + i);
                        }
                    }
                    case AuthRequest.Random r -> checkMac(alpha, m, x -> ((AuthMaterial.Mask) x).r(), what);
                    case AuthRequest.Known k -> {
                        long[] r = checkMac(alpha, m, x -> ((AuthMaterial.Mask) x).r(), what);
                        assertArrayEquals(r, ((AuthMaterial.Mask) m[k.owner()]).clear(), what);
                        assertNull(((AuthMaterial.Mask) m[0]).clear(), what);
                    }
                    case AuthRequest.TruncPair t -> {
                        long[] r = checkMac(alpha, m, x -> ((AuthMaterial.Trunc) x).r(), what);
                        long[] high = lowOf(m, x -> ((AuthMaterial.Trunc) x).high(), alpha, what);
                        long[] msb = lowOf(m, x -> ((AuthMaterial.Trunc) x).msb(), alpha, what);
                        for (int j = 0; j < t.size(); j++) {
                            assertArrayEquals(new long[] {r[2 * j] >>> 13, 0, r[2 * j] >>> 63, 0},
                                    new long[] {high[2 * j], high[2 * j + 1], msb[2 * j], msb[2 * j + 1]}, what);
                        }
                    }
                    case AuthRequest.MaskBits b -> {
                        long[] r = checkMac(alpha, m, x -> ((AuthMaterial.Bits) x).r(), what);
                        long[] codes = lowOf(m, x -> ((AuthMaterial.Bits) x).codes(), alpha, what);
                        int per = AuthRequest.MaskBits.ENTRIES;
                        assertEquals(2L * per * b.size(), codes.length, what);
                        for (int i = 0; i < b.size(); i++) {
                            long lo = r[2 * i];
                            for (int q = 0; q < AuthRequest.MaskBits.CHUNKS - 1; q++) { // bits 4q .. 4q + 3
                                long rq = (lo >>> (4 * q)) & 15;
                                for (int v = 0; v < 15; v++) {
                                    int e = per * i + AuthRequest.MaskBits.entry(q, v);
                                    assertArrayEquals(new long[] {rq > v ? 1 : 0, 0},
                                            new long[] {codes[2 * e], codes[2 * e + 1]}, what + " chunk " + q + " entry " + v);
                                }
                            }
                            for (int v = 0; v < 16; v++) { // bits 60..63: one-hot
                                int e = per * i + AuthRequest.MaskBits.top(v);
                                assertArrayEquals(new long[] {lo >>> 60 == v ? 1 : 0, 0},
                                        new long[] {codes[2 * e], codes[2 * e + 1]}, what + " top bits " + v);
                            }
                        }
                    }
                    case AuthRequest.Triple t -> {
                        long[] a = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).a(), what);
                        long[] b = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).b(), what);
                        long[] c = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).c(), what);
                        assertArrayEquals(Z128.low(Z128.mul(a, b)), Z128.low(c), what);
                    }
                    case AuthRequest.SharedTriple t -> { // the first 3 left factors twice
                        long[] a = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).a(), what);
                        long[] b = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).b(), what);
                        long[] c = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).c(), what);
                        assertEquals(2 * t.size(), a.length, what);
                        long[] a2 = java.util.Arrays.copyOf(a, 2 * (t.size() + t.shared()));
                        System.arraycopy(a, 0, a2, 2 * t.size(), 2 * t.shared()); // written out, not repeatPrefix
                        assertArrayEquals(Z128.low(Z128.mul(a2, b)), Z128.low(c), what);
                    }
                    case AuthRequest.MatrixTriple t -> {
                        long[] a = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).a(), what);
                        long[] b = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).b(), what);
                        long[] c = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).c(), what);
                        long[] ab = Z128.zeros(t.m() * t.n());
                        Z128.matmulAddInto(ab, a, b, t.m(), t.k(), t.n());
                        assertArrayEquals(Z128.low(ab), Z128.low(c), what);
                    }
                    case AuthRequest.InputTriple t -> {
                        long[] a = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).a(), what);
                        long[] c = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).c(), what);
                        long[] r = checkMac(alpha, made[index - t.back()], x -> ((AuthMaterial.Mask) x).r(), what);
                        long[] ar;
                        if (t.triple() instanceof AuthRequest.MatrixTriple mt) {
                            ar = Z128.zeros(mt.m() * mt.n());
                            Z128.matmulAddInto(ar, a, r, mt.m(), mt.k(), mt.n());
                        } else if (t.triple() instanceof AuthRequest.Triple) {
                            ar = Z128.mul(a, java.util.Arrays.copyOfRange(r, 2 * t.offset(), 2 * (t.offset() + t.rightSize())));
                        } else {
                            ar = Z128Conv.apply(((AuthRequest.ConvTriple) t.triple()).conv(), a, r);
                        }
                        assertArrayEquals(Z128.low(ar), Z128.low(c), what + ": C = A times the input's mask");
                        assertNull(((AuthMaterial.Triple) m[0]).b(), what);
                    }
                    case AuthRequest.InputPair t -> {
                        long[] c = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).c(), what);
                        long[] r = checkMac(alpha, made[index - t.leftBack()], x -> ((AuthMaterial.Mask) x).r(), what);
                        long[] q = checkMac(alpha, made[index - t.rightBack()], x -> ((AuthMaterial.Mask) x).r(), what);
                        long[] rq = Z128.mul(java.util.Arrays.copyOfRange(r, 2 * t.leftOffset(), 2 * (t.leftOffset() + t.size())),
                                java.util.Arrays.copyOfRange(q, 2 * t.rightOffset(), 2 * (t.rightOffset() + t.size())));
                        assertArrayEquals(Z128.low(rq), Z128.low(c), what + ": C = the product of the masks' elements");
                        assertNull(((AuthMaterial.Triple) m[0]).a(), what);
                        assertEquals(4L * t.size(), m[0].words(), what + ": words a party holds (C's values and MACs)");
                    }
                    case AuthRequest.ConvTriple t -> {
                        long[] a = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).a(), what);
                        long[] b = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).b(), what);
                        long[] c = checkMac(alpha, m, x -> ((AuthMaterial.Triple) x).c(), what);
                        assertArrayEquals(Z128.low(Z128Conv.apply(t.conv(), a, b)), Z128.low(c), what);
                        // the low words against the 64-bit ring's convolution (another route: RingMatmul on im2col)
                        long[] low = t.conv().apply(Z128.low(a), Z128.low(b));
                        assertArrayEquals(low, Z128.low(c), what + ": low words");
                    }
                }
            }
        }
    }

    /**
     * The MACs cannot tell an input's triple made on the wrong mask (its product would be off by A (r - r') with
     * consistent MACs), so a demand whose input triple names anything but an input's mask of B's size is refused.
     */
    @Test
    void aDemandRefusesAnInputTripleThatNamesNoInputMaskOfItsSize() {
        AuthRequest product = new AuthRequest.MatrixTriple(3, 2, 2);
        java.util.List<AuthRequest> good = java.util.List.of(new AuthRequest.Known(1, 4), new AuthRequest.Random(2),
                new AuthRequest.InputTriple(product, 2));
        assertEquals(3, new AuthDemand(good).size());
        for (java.util.List<AuthRequest> bad : java.util.List.of(
                java.util.List.<AuthRequest>of(new AuthRequest.Known(1, 4), new AuthRequest.Random(2),
                        new AuthRequest.InputTriple(product, 1)), // names the Random item
                java.util.List.<AuthRequest>of(new AuthRequest.Known(1, 5), new AuthRequest.InputTriple(product, 1)),
                java.util.List.<AuthRequest>of(new AuthRequest.Random(2), new AuthRequest.InputTriple(product, 2)),
                java.util.List.<AuthRequest>of(new AuthRequest.Known(1, 4), // elements 2..5 of a mask of 4
                        new AuthRequest.InputTriple(new AuthRequest.Triple(3), 1, 2)),
                java.util.List.<AuthRequest>of(new AuthRequest.Known(1, 4), new AuthRequest.Random(4), // the Random item
                        new AuthRequest.InputPair(4, 2, 0, 1, 0)),
                java.util.List.<AuthRequest>of(new AuthRequest.Known(1, 4), new AuthRequest.Known(0, 4),
                        new AuthRequest.InputPair(4, 2, 0, 1, 1)), // elements 1..5 of the second
                java.util.List.<AuthRequest>of(new AuthRequest.Known(1, 4), new AuthRequest.InputPair(4, 2, 0, 1, 0)))) {
            org.junit.jupiter.api.Assertions.assertThrows(org.consortia.mpc.sharing.MpcArgumentException.class,
                    () -> new AuthDemand(bad), bad.toString());
        }
        assertEquals(2, new AuthDemand(java.util.List.of(new AuthRequest.Known(1, 4),
                new AuthRequest.InputTriple(new AuthRequest.Triple(3), 1, 1))).size()); // elements 1..4: the mask's last
        org.junit.jupiter.api.Assertions.assertThrows(org.consortia.mpc.sharing.MpcArgumentException.class,
                () -> new AuthRequest.InputTriple(product, 1, 1)); // a matrix triple takes the whole mask
    }

    /** The dealer makes a comparison key from the item its key names, so a demand refuses a key naming another. */
    @Test
    void aDemandRefusesComparisonKeysThatNameAnotherItemThanTheirMask() {
        AuthRequest.SplineMask sign = new AuthRequest.SplineMask(4, 1, 1, 63, 0);
        AuthRequest.SplineMask spline = new AuthRequest.SplineMask(4, 2, 1, 63, 0);
        assertEquals(4, new AuthDemand(java.util.List.of(sign, spline, new AuthRequest.SplineKey(sign, 2),
                new AuthRequest.SplineKey(spline, 2))).size());
        for (java.util.List<AuthRequest> bad : java.util.List.of(
                java.util.List.<AuthRequest>of(sign, new AuthRequest.Random(4), new AuthRequest.SplineKey(sign, 1)),
                java.util.List.<AuthRequest>of(new AuthRequest.SplineMask(4, 1, 0, 63, 0),
                        new AuthRequest.SplineKey(sign, 1)),
                java.util.List.<AuthRequest>of(spline, new AuthRequest.SplineKey(spline, 2)),
                java.util.List.<AuthRequest>of(new AuthRequest.SplineMask(4, 3, 1, 63, 0),
                        new AuthRequest.SplineKey(spline, 1)))) {
            org.junit.jupiter.api.Assertions.assertThrows(org.consortia.mpc.sharing.MpcArgumentException.class,
                    () -> new AuthDemand(bad), bad.toString());
        }
    }

    private interface Part {
        AuthShare of(AuthMaterial m);
    }

    /** A spline's masks: r's powers, the bits s_q (coins), m xor s_q with its binary MAC, s_q r^i, all authenticated. */
    private static void checkSplineMask(long[] alpha, long delta, AuthMaterial[] m, AuthRequest.SplineMask sm,
            String what) {
        int n = sm.size();
        int d = sm.degree();
        long[] r = checkMac(alpha, m, x -> ((AuthMaterial.SplineMask) x).r(), what);
        long[] powers = lowOf(m, x -> ((AuthMaterial.SplineMask) x).powers(), alpha, what);
        long[] bits = lowOf(m, x -> ((AuthMaterial.SplineMask) x).bits(), alpha, what);
        long[] bitPowers = lowOf(m, x -> ((AuthMaterial.SplineMask) x).bitPowers(), alpha, what);
        long ones = 0;
        for (int j = 0; j < n; j++) {
            long[] pow = new long[Math.max(2, d + 1)];
            pow[1] = r[2 * j];
            for (int i = 2; i <= d; i++) {
                pow[i] = pow[i - 1] * r[2 * j];
                assertEquals(pow[i], powers[2 * ((i - 2) * n + j)], what + ": r^" + i);
            }
            for (int q = 0; q < sm.points(); q++) {
                int at = q * n + j;
                long s = 0;
                long w = 0;
                long tag = 0;
                for (AuthMaterial x : m) {
                    AuthMaterial.SplineMask mask = (AuthMaterial.SplineMask) x;
                    s ^= mask.coins()[at] & 1;
                    w ^= mask.masked()[2 * at];
                    tag ^= mask.masked()[2 * at + 1];
                }
                ones += s;
                assertEquals(s, bits[2 * at], what + ": s");
                assertEquals(((r[2 * j] >>> sm.bits()) & 1) ^ s, w, what + ": m xor s");
                assertEquals(w == 1 ? delta : 0, tag, what + ": its binary MAC");
                for (int i = 1; i <= d; i++) {
                    assertEquals(s * pow[i], bitPowers[2 * ((q * d + i - 1) * n + j)], what + ": s r^" + i);
                }
            }
        }
        assertTrue(ones > 0 && ones < (long) n * sm.points(), what + ": s is a coin, " + ones + " ones");
    }

    /** A spline's keys at alpha and around it: the outputs XOR to [x &lt; alpha] and its binary MAC. */
    private static void checkSplineKeys(long delta, AuthMaterial[] masks, AuthMaterial[] keys, AuthRequest.SplineKey k,
            String what) {
        long[] r = new long[2 * k.size()];
        for (AuthMaterial x : masks) {
            Z128.addInto(r, ((AuthMaterial.SplineMask) x).r().value());
        }
        int n = k.size();
        int bits = k.keyBits();
        long top = (1L << bits) - 1;
        int points = 5;
        long[] x = new long[n * points];
        long[] alpha = new long[n];
        for (int e = 0; e < n; e++) {
            alpha[e] = (r[2 * e] & ((1L << k.mask().bits()) - 1)) >>> k.mask().skip();
            long[] at = {alpha[e] - 1, alpha[e], alpha[e] + 1, 0, top};
            for (int q = 0; q < points; q++) {
                x[points * e + q] = at[q] & top;
            }
        }
        int width = AuthRequest.SplineKey.WIDTH;
        long[][] y = new long[2][width * n * points];
        for (int p = 0; p < 2; p++) {
            AuthMaterial.SplineKey key = (AuthMaterial.SplineKey) keys[p];
            Dcf.evalPoints(p, bits, width, Dcf.Group.XOR, key.roots(), key.shared(), x, points, y[p]);
        }
        for (int e = 0; e < n; e++) {
            for (int q = 0; q < points; q++) {
                int j = points * e + q;
                long below = x[j] < alpha[e] ? 1 : 0;
                assertEquals(below, y[0][width * j] ^ y[1][width * j], what + " element " + e + " point " + q);
                assertEquals(below == 1 ? delta : 0, y[0][width * j + 1] ^ y[1][width * j + 1], what + " MAC " + e);
            }
        }
    }

    /** The values' sum, after asserting the MACs sum to alpha times it (which may be zero). */
    private static long[] sumOf(AuthMaterial[] m, Part p, long[] alpha, String what) {
        long[] v = Z128.zeros(p.of(m[0]).size());
        long[] mac = Z128.zeros(p.of(m[0]).size());
        for (AuthMaterial x : m) {
            Z128.addInto(v, p.of(x).value());
            Z128.addInto(mac, p.of(x).mac());
        }
        assertArrayEquals(Z128.scale(v, alpha[0], alpha[1]), mac, what);
        return v;
    }

    /**
     * A fixed part's values modulo 2^64 (high words zero), after asserting the MACs sum to alpha times the whole
     * Z_2^128 sum: the dealer fixes only the low words ({@link AuthDealer}).
     */
    private static long[] lowOf(AuthMaterial[] m, Part p, long[] alpha, String what) {
        long[] v = sumOf(m, p, alpha, what);
        for (int j = 1; j < v.length; j += 2) {
            v[j] = 0;
        }
        return v;
    }

    /** The values' sum, after asserting the MACs sum to alpha times it (and that it is not all zero). */
    private static long[] checkMac(long[] alpha, AuthMaterial[] m, Part p, String what) {
        long[] v = sumOf(m, p, alpha, what);
        assertFalse(java.util.Arrays.stream(v).allMatch(w -> w == 0), what);
        return v;
    }

    @Test
    void noStringShowsAValue() {
        AuthShare s = new AuthShare(new long[] {42, 0}, new long[] {43, 0});
        assertFalse(s.toString().contains("42"));
        assertFalse(new MacKeyShare(42, 42, 42).toString().contains("42"));
    }
}
