package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.junit.jupiter.api.Test;

/**
 * What the README quotes for malicious mode, measured: an authenticated input costs its owner 1 round and 1 word per
 * element to each peer (2, 3 and 5 parties) and the others nothing; a sign or a ReLU of n authenticated elements by
 * FSS keys costs each party 2 rounds, 2 words and a bit per element to its peer ({@link AuthFssSign#cost}), for sizes
 * below, at and past a key chunk; and the results are right (inputs, signs and ReLU exact on the ring, checked by opening).
 */
class AuthCostTest {
    /** What one party measured around the step: words sent, rounds, messages received; and the opened result. */
    record Measured(long words, long rounds, long received, long[] opened) {
    }

    @Test
    void anInputCostsItsOwnerOneWordPerElementToEachPeer() {
        long seed = 29_401L;
        System.out.println("AuthCostTest input seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int parties : new int[] {2, 3, 5}) {
            int n = 1000;
            long[] x = new long[n];
            for (int i = 0; i < n; i++) {
                x[i] = i < 4 ? new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}[i] : r.nextLong();
            }
            int owner = parties - 1;
            LocalAuthDealer dealer = new LocalAuthDealer(parties);
            var out = MemoryParties.run(parties, ch -> {
                CountingChannel counting = new CountingChannel(ch);
                AuthParty party = new AuthParty(counting, dealer.source(ch.self()));
                AuthShare in = AuthInput.input(party, owner, ch.self() == owner ? x : null, n);
                long words = counting.words; // before the reveal, which is not the input's
                long rounds = counting.rounds;
                long received = counting.received;
                return new Measured(words, rounds, received, AuthOutput.reveal(party, in, "test"));
            });
            for (int p = 0; p < parties; p++) {
                String what = parties + " parties, party " + p;
                assertNull(out[p].failure(), what + " failed: " + out[p].failure());
                Measured m = out[p].value();
                assertEquals(p == owner ? (long) n * (parties - 1) : 0, m.words(), what + ": words sent for the input");
                assertEquals(p == owner ? 0 : 1, m.received(), what + ": messages waited for (one round: the owner's)");
                assertArrayEquals(x, m.opened(), what + ": the input opens to the owner's values");
            }
        }
    }

    @Test
    void aSignOrAReluCostsTwoRoundsAndTwoWordsAndABitPerElement() {
        long seed = 29_400L;
        System.out.println("AuthCostTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (boolean relu : new boolean[] {false, true}) {
            for (int n : new int[] {1, 77, AuthFssSign.KEY_CHUNK, AuthFssSign.KEY_CHUNK + 3}) {
                long[] x = new long[n];
                for (int i = 0; i < n; i++) {
                    x[i] = i < 3 ? new long[] {0, -1, Long.MIN_VALUE}[i] : r.nextLong();
                }
                LocalAuthDealer dealer = new LocalAuthDealer(2);
                var out = MemoryParties.run(2, ch -> {
                    CountingChannel counting = new CountingChannel(ch);
                    AuthParty party = new AuthParty(counting, dealer.source(ch.self()), Tamper.NONE, Comparisons.FSS);
                    AuthShare in = AuthInput.input(party, 0, ch.self() == 0 ? x : null, n);
                    long words = counting.words;
                    long rounds = counting.rounds;
                    long before = counting.received;
                    AuthShare y = relu ? AuthFssSign.relu(party, in) : AuthFssSign.ltz(party, in);
                    long spent = counting.words - words; // before the reveal, which is not the comparison's
                    long took = counting.rounds - rounds;
                    long received = counting.received - before;
                    return new Measured(spent, took, received, AuthOutput.reveal(party, y, "test"));
                });
                String what = (relu ? "relu" : "sign") + " of " + n;
                long[] want = new long[n];
                for (int i = 0; i < n; i++) {
                    want[i] = relu ? Math.max(x[i], 0) : (x[i] < 0 ? 1 : 0);
                }
                for (int p = 0; p < 2; p++) {
                    assertNull(out[p].failure(), what + ": party " + p + " failed: " + out[p].failure());
                    Measured m = out[p].value();
                    assertEquals(AuthFssSign.cost(n).rounds(), m.rounds(), what + ": rounds at party " + p);
                    assertEquals(2, m.rounds(), what + ": two rounds");
                    assertEquals(AuthFssSign.cost(n).bytesSent(2, 0) / 8, m.words(), what + ": words at party " + p);
                    assertEquals(2L * n + 2 * ((n + 127) / 128), m.words(), what + ": two words and a bit per element");
                    assertEquals(2, m.received(), what + ": two messages from the peer (its shares of c and of e)");
                    assertArrayEquals(want, m.opened(), what + ": the opened result at party " + p);
                }
            }
        }
    }

    /**
     * The sign on authenticated chunk codes ({@link AuthCompare}, what 3 to 5 parties run): exact against the plaintext
     * sign for values around every chunk's boundaries and random ones, in {@link AuthCompare#ROUNDS} rounds and
     * {@link AuthCompare#WORDS_PER_ELEMENT} words per element to each peer, for 2, 3 and 5 parties.
     */
    @Test
    void aSignOnChunkCodesCostsFiveRoundsAndEightyFourWordsPerElementToEachPeer() {
        long seed = 29_402L;
        System.out.println("AuthCostTest chunked sign seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        java.util.List<Long> edges = new java.util.ArrayList<>(java.util.List.of(0L, 1L, -1L, Long.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int b = 0; b < 63; b++) { // around each bit (c = x + r is uniform: its 16 chunks read every entry of a code)
            long p = 1L << b;
            edges.addAll(java.util.List.of(p, p - 1, p + 1, -p, -p - 1, -p + 1));
        }
        for (int parties : new int[] {2, 3, 5}) {
            for (int n : new int[] {1, 77, edges.size() + 100}) {
                long[] x = new long[n];
                for (int i = 0; i < n; i++) {
                    x[i] = n == 1 ? -1 : i < edges.size() ? edges.get(i) : r.nextLong();
                }
                LocalAuthDealer dealer = new LocalAuthDealer(parties);
                var out = MemoryParties.run(parties, ch -> {
                    CountingChannel counting = new CountingChannel(ch);
                    AuthParty party = new AuthParty(counting, dealer.source(ch.self()));
                    AuthShare in = AuthInput.input(party, 0, ch.self() == 0 ? x : null, n);
                    long words = counting.words;
                    long rounds = counting.rounds;
                    AuthShare y = AuthCompare.ltz(party, in);
                    long spent = counting.words - words; // before the reveal, which is not the comparison's
                    long took = counting.rounds - rounds;
                    return new Measured(spent, took, 0, AuthOutput.reveal(party, y, "test"));
                });
                String what = "sign of " + n + " among " + parties;
                long[] want = new long[n];
                for (int i = 0; i < n; i++) {
                    want[i] = x[i] < 0 ? 1 : 0;
                }
                for (int p = 0; p < parties; p++) {
                    assertNull(out[p].failure(), what + ": party " + p + " failed: " + out[p].failure());
                    Measured m = out[p].value();
                    assertEquals(AuthCompare.ROUNDS, m.rounds(), what + ": rounds at party " + p);
                    assertEquals((long) AuthCompare.WORDS_PER_ELEMENT * n * (parties - 1), m.words(),
                            what + ": words at party " + p);
                    assertArrayEquals(want, m.opened(), what + ": the opened signs at party " + p);
                }
            }
        }
    }
}
