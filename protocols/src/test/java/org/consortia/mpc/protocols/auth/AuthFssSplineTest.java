package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Spline;
import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The malicious FSS spline ({@link AuthFssSpline}) against the plaintext spline ({@link Spline#valueAt}), exactly in
 * the ring, between two parties: inputs at, around and between the breaks, beyond both ends, near +-2^62 (the
 * clamp's comparisons take differences within 2^63) and random; a batch past a key chunk; its 4 rounds and words as {@link AuthFssSpline#cost} declares them.
 */
class AuthFssSplineTest {
    /** A spline of 5 pieces of degree 0 to 3 on [-2^20, 2^20], values at 2^40 (a slack of {@code slack} bits). */
    static Spline spline(int slack) {
        long[] breaks = {-(1L << 18), -9, 0, 3L << 16};
        long[] centres = {-(3L << 18), -(1L << 17), -2, 1L << 15, 1L << 19};
        long[][] coefficients = {
            {1L << 40},
            {-(1L << 38), 1L << 22, -(1L << 3)},
            {123_456_789L, -(1L << 24), 5, -1},
            {1L << 39, 1L << 20, -(3L << 2), 1},
            {-(5L << 36), -(1L << 21)},
        };
        return new Spline(-(1L << 20), 1L << 20, breaks, centres, coefficients, 40, slack);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void theSplineIsExactInTheRingInFourRounds(int slack) {
        long seed = 29_700L + slack;
        System.out.println("AuthFssSplineTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        Spline s = spline(slack);
        for (int n : new int[] {1, 40, AuthFssCompare.KEY_CHUNK + 5}) {
            long[] x = new long[n];
            long[] edges = {-(1L << 20), (1L << 20), -(1L << 18), -9, 0, 3L << 16, -(1L << 62), (1L << 62) - 2};
            for (int i = 0; i < n; i++) {
                if (i < 3 * edges.length) { // each edge, one below and one above
                    x[i] = edges[i / 3] + (i % 3) - 1;
                } else {
                    x[i] = i % 2 == 0 ? r.nextLong(-(1L << 21), 1L << 21) : r.nextLong(-(1L << 62), 1L << 62);
                }
                if (slack > 0) { // inputs within the slack just below a break may take the piece above: moved off
                    for (long b : s.breaks()) {
                        if (x[i] < b && x[i] > b - (1L << slack)) {
                            x[i] = b;
                        }
                    }
                }
            }
            long[] want = new long[n];
            for (int i = 0; i < n; i++) {
                want[i] = s.valueAt(x[i]);
            }
            LocalAuthDealer dealer = new LocalAuthDealer(2);
            var out = MemoryParties.run(2, ch -> {
                CountingChannel counting = new CountingChannel(ch);
                AuthParty party = new AuthParty(counting, dealer.source(ch.self()), Tamper.NONE, Comparisons.FSS);
                AuthShare in = AuthInput.input(party, 0, ch.self() == 0 ? x : null, n);
                long words = counting.words;
                long rounds = counting.rounds;
                AuthShare y = AuthFssSpline.evaluate(party, in, s);
                return new AuthCostTest.Measured(counting.words - words, counting.rounds - rounds, 0,
                        AuthOutput.reveal(party, y, "test"));
            });
            String what = "spline of " + n + ", slack " + slack;
            for (int p = 0; p < 2; p++) {
                assertNull(out[p].failure(), what + ": party " + p + " failed: " + out[p].failure());
                AuthCostTest.Measured m = out[p].value();
                assertArrayEquals(want, m.opened(), what + ": the opened result at party " + p);
                assertEquals(4, m.rounds(), what + ": rounds at party " + p);
                assertEquals(AuthFssSpline.cost(n, s).rounds(), m.rounds(), what + ": declared rounds");
                assertEquals(AuthFssSpline.cost(n, s).bytesSent(2, 0) / 8, m.words(), what + ": words at party " + p);
            }
        }
    }
}
