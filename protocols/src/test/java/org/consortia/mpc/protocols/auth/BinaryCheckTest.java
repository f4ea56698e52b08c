package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.sim.MemoryParties;
import org.consortia.mpc.sharing.auth.AuthShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary MAC check of an FSS comparison's opened bits ({@link AuthFssCompare#openBits}) against a cheater that flips
 * bits of its share of e and goes on from what it sent (so only the check values can tell): a flipped bit of any
 * element, of the first or a later word, is caught at the check before the result is revealed; a bit set past the last
 * element too; an honest run reveals the ReLU exactly.
 */
class BinaryCheckTest {
    private static final long[] X = {5, -7, 0, Long.MIN_VALUE / 4, 1L << 40, -1, 3, 64, -64, 9, 11, -12, 13, -14, 15,
        16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,
        45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, -65, 66, -67};

    /** A cheater whose share of e has bit {@code bit} flipped in the message it sends (and in its own e). */
    private static Tamper flipping(int bit) {
        return (point, peer, words) -> {
            if (point != Tamper.Point.COMPARISON || peer < 0) {
                return words;
            }
            long[] w = words.clone();
            w[bit >>> 6] ^= 1L << bit;
            return w;
        };
    }

    private static MemoryParties.Outcome<long[]>[] relu(int cheater, Tamper cheat) {
        LocalAuthDealer dealer = new LocalAuthDealer(2);
        return MemoryParties.run(2, ch -> {
            AuthParty party = new AuthParty(ch, dealer.source(ch.self()), ch.self() == cheater ? cheat : Tamper.NONE,
                    Comparisons.FSS);
            AuthShare x = AuthInput.input(party, 0, ch.self() == 0 ? X : null, X.length);
            return AuthOutput.reveal(party, AuthFssSign.relu(party, x), "test");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 63, 64, 66})
    void aFlippedBitOfEIsCaughtBeforeTheResultIsRevealed(int bit) {
        for (int cheater = 0; cheater < 2; cheater++) {
            var out = relu(cheater, flipping(bit));
            int honest = 1 - cheater;
            assertInstanceOf(CheckFailedException.class, out[honest].failure(), "bit " + bit + ", cheater " + cheater
                    + ": honest party " + honest + " got " + out[honest].failure());
        }
    }

    @Test
    void aBitSetPastTheLastElementIsCaught() {
        var out = relu(1, flipping(100)); // 67 elements in 2 words: bits 67..127 are zeros
        assertInstanceOf(CheckFailedException.class, out[0].failure(), "honest party 0 got " + out[0].failure());
    }

    @Test
    void anHonestRunRevealsTheReluExactly() {
        var out = relu(-1, Tamper.NONE);
        long[] want = new long[X.length];
        for (int i = 0; i < X.length; i++) {
            want[i] = Math.max(X[i], 0);
        }
        for (var o : out) {
            assertNull(o.failure(), "failed: " + o.failure());
            assertArrayEquals(want, o.value());
        }
    }

    @Test
    void paddingIsTheBitsPastTheCount() {
        assertFalse(AuthFssCompare.paddingSet(new long[] {-1L, (1L << 3) - 1}, 67));
        assertTrue(AuthFssCompare.paddingSet(new long[] {-1L, 1L << 3}, 67));
        assertTrue(AuthFssCompare.paddingSet(new long[] {0, 1L << 63}, 67));
        assertFalse(AuthFssCompare.paddingSet(new long[] {-1L, -1L}, 128));
        assertTrue(AuthFssCompare.paddingSet(new long[] {1L << 5, 0}, 5));
    }
}
