package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.consortia.mpc.sharing.auth.Z128;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malicious mode's arithmetic against a plaintext reference (exact: 64-bit ring words), and a cheating party caught:
 * one party's protocol layer adds a random error to one of its shares or messages (an input, a product, a matrix
 * product, a truncation, an opening, the unmasking of a result), and every honest party must abort with CHECK_FAILED, having
 * accepted only correct results and sent no unmasking of a result after the fault. 1,000 seeded runs per party count.
 */
class MaliciousArithmeticTest {
    private static final int LEN = 4;
    private static final int M = 3;
    private static final int K = 4;
    private static final int N = 2;
    private static final int FRAC = 16;
    /** Where this program's cheater deviates (it has no comparison: see MaliciousTensorIT). */
    private static final Tamper.Point[] POINTS = {Tamper.Point.INPUT, Tamper.Point.PRODUCT, Tamper.Point.MATRIX_PRODUCT,
        Tamper.Point.TRUNCATION, Tamper.Point.OPENING, Tamper.Point.OUTPUT};

    /** Every party's inputs, drawn from one seed (each party reads only its own). */
    record Inputs(long[][] vectors, long[] a, long[] b, long addend) {
        static Inputs draw(SplittableRandom r, int parties) {
            long[][] v = new long[parties][LEN];
            for (long[] x : v) {
                for (int j = 0; j < LEN; j++) {
                    x[j] = r.nextLong(-(1L << 29), 1L << 29); // products of two fit the truncation's 2^62
                }
            }
            return new Inputs(v, r.longs(M * K).toArray(), r.longs(K * N).toArray(), r.nextLong(-(1L << 40), 1L << 40));
        }
    }

    /** The plaintext reference: {sum of the vectors, floor((3 (v0 * v1) + addend) / 2^FRAC), A·B}. */
    static long[][] reference(Inputs in) {
        long[] s = new long[LEN];
        long[] w = new long[LEN];
        for (int j = 0; j < LEN; j++) {
            for (long[] v : in.vectors()) {
                s[j] += v[j];
            }
            w[j] = Math.floorDiv(3 * (in.vectors()[0][j] * in.vectors()[1][j]) + in.addend(), 1L << FRAC);
        }
        long[] ab = new long[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                for (int p = 0; p < K; p++) {
                    ab[i * N + j] += in.a()[i * K + p] * in.b()[p * N + j];
                }
            }
        }
        return new long[][] {s, w, ab};
    }

    /**
     * The joint program: every party inputs a vector, party 0 matrix A, the last party matrix B; the sum goes to the
     * last party only, the product and the matrix product to everyone. Accepted results are added to {@code accepted}.
     */
    static Void program(AuthParty p, Inputs in, List<long[]> accepted) {
        int n = p.parties();
        AuthShare s = null;
        AuthShare v0 = null;
        AuthShare v1 = null;
        for (int owner = 0; owner < n; owner++) {
            AuthShare v = AuthInput.input(p, owner, p.self() == owner ? in.vectors()[owner] : null, LEN);
            s = s == null ? v : s.add(v);
            v0 = owner == 0 ? v : v0;
            v1 = owner == 1 ? v : v1;
        }
        AuthShare a = AuthInput.input(p, 0, p.self() == 0 ? in.a() : null, M * K);
        AuthShare b = AuthInput.input(p, n - 1, p.self() == n - 1 ? in.b() : null, K * N);
        long[] addend = Z128.fromSigned(new long[] {in.addend(), in.addend(),
            in.addend(), in.addend()});
        AuthShare w = AuthTruncation.truncate(p,
                AuthBeaver.multiply(p, v0, v1).scale(3).addPublic(addend, p.self(), p.key()), FRAC);
        AuthShare ab = AuthBeaver.matmul(p, a, b, M, K, N);
        long[] sum = AuthOutput.revealTo(p, n - 1, s, "output");
        if (sum != null) {
            accepted.add(sum);
        }
        AuthShare both = w.concat(ab);
        long[] out = AuthOutput.reveal(p, both, "output");
        accepted.add(java.util.Arrays.copyOfRange(out, 0, LEN));
        accepted.add(java.util.Arrays.copyOfRange(out, LEN, out.length));
        return null;
    }

    /** A truncation's result: the floor or one more, element by element. */
    private static boolean within1(long[] floor, long[] got) {
        if (floor.length != got.length) {
            return false;
        }
        for (int j = 0; j < got.length; j++) {
            if (got[j] - floor[j] != 0 && got[j] - floor[j] != 1) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void honestPartiesComputeTheReferenceExactly(int parties) {
        long seed = 29_000L + parties;
        System.out.println("MaliciousArithmeticTest.honest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int run = 0; run < 5; run++) {
            Inputs in = Inputs.draw(r, parties);
            long[][] want = reference(in);
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            List<List<long[]>> accepted = accepted(parties);
            var out = MemoryParties.run(parties, ch -> program(new AuthParty(ch, dealer.source(ch.self())), in,
                    accepted.get(ch.self())));
            for (int i = 0; i < parties; i++) {
                assertNull(out[i].failure(), "party " + i + " failed: " + out[i].failure());
                List<long[]> got = accepted.get(i);
                int at = 0;
                if (i == parties - 1) {
                    assertArrayEquals(want[0], got.get(at++), "sum at the receiver");
                }
                assertTrue(within1(want[1], got.get(at++)), "truncated product at party " + i);
                assertArrayEquals(want[2], got.get(at++), "matrix product at party " + i);
                assertEquals(at, got.size());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aCheatingPartyIsCaughtByEveryHonestParty(int parties) {
        long base = 2_900_000L + 1000L * parties;
        System.out.println("MaliciousArithmeticTest.cheating seeds " + base + ".." + (base + 999));
        Map<Tamper.Point, Integer> caught = new EnumMap<>(Tamper.Point.class);
        for (int run = 0; run < 1000; run++) {
            long seed = base + run;
            SplittableRandom r = new SplittableRandom(seed);
            Inputs in = Inputs.draw(r, parties);
            long[][] want = reference(in);
            Tamper.Point point = POINTS[run % POINTS.length];
            int cheater = r.nextInt(parties);
            int calls = countCalls(parties, in, cheater, point);
            int target = r.nextInt(calls);
            Tamper cheat = Cheats.once(point, target, r.split());
            List<List<long[]>> accepted = accepted(parties);
            boolean[] unmasked = new boolean[parties];
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            var out = MemoryParties.run(parties, ch -> {
                int self = ch.self();
                Tamper t = self == cheater ? cheat : Cheats.watching(unmasked, self);
                return program(new AuthParty(ch, dealer.source(self), t), in, accepted.get(self));
            });
            String what = "seed " + seed + ": " + parties + " parties, party " + cheater + " cheats at " + point
                    + " call " + target + " of " + calls;
            Cheats.assertEveryHonestPartyAborted(out, cheater, point, unmasked, what);
            for (int i = 0; i < parties; i++) {
                for (long[] got : i == cheater ? List.<long[]>of() : accepted.get(i)) {
                    assertTrue(java.util.Arrays.equals(got, want[0]) || within1(want[1], got)
                            || java.util.Arrays.equals(got, want[2]), what + ": party " + i + " accepted a wrong result");
                }
            }
            caught.merge(point, 1, Integer::sum);
        }
        System.out.println("caught, " + parties + " parties: " + caught);
        assertEquals(1000, caught.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** How often the cheater's protocol layer passes {@code point} in an honest run. */
    private static int countCalls(int parties, Inputs in, int cheater, Tamper.Point point) {
        AtomicInteger calls = new AtomicInteger();
        LocalAuthDealer dealer = new LocalAuthDealer(parties);
        var out = MemoryParties.run(parties, ch -> program(new AuthParty(ch, dealer.source(ch.self()),
                ch.self() != cheater ? Tamper.NONE : Cheats.counting(point, calls)), in, new ArrayList<>()));
        for (var o : out) {
            assertNull(o.failure());
        }
        assertTrue(calls.get() > 0, "the program passes " + point);
        return calls.get();
    }

    private static List<List<long[]>> accepted(int parties) {
        List<List<long[]>> out = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            out.add(Collections.synchronizedList(new ArrayList<>()));
        }
        return out;
    }
}
