package org.consortia.mpc.protocols.auth;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.consortia.mpc.protocols.sim.MemoryParties;

/** The cheating tests' fault injectors (a cheater's, an honest party's, a counting one) and their verdict. */
final class Cheats {
    private Cheats() {
    }

    /**
     * The cheater's protocol layer: the {@code target}-th time it passes {@code point}, a random nonzero error (drawn
     * from {@code errors}) in one element of the share or message; honest everywhere else.
     */
    static Tamper once(Tamper.Point point, int target, SplittableRandom errors) {
        AtomicInteger seen = new AtomicInteger();
        return (pt, peer, words) -> {
            if (pt != point || seen.getAndIncrement() != target) {
                return words;
            }
            long[] w = words.clone();
            int j = errors.nextInt(w.length >>> 1);
            long lo = errors.nextLong();
            w[2 * j] += lo == 0 ? 1 : lo;
            w[2 * j + 1] += errors.nextLong();
            return w;
        };
    }

    /** An honest party's layer that records in {@code unmasked[self]} whether it sent a share of a result's unmasking. */
    static Tamper watching(boolean[] unmasked, int self) {
        return (pt, peer, words) -> {
            unmasked[self] |= pt == Tamper.Point.OUTPUT;
            return words;
        };
    }

    /** An honest layer counting how often it passes {@code point}. */
    static Tamper counting(Tamper.Point point, AtomicInteger calls) {
        return (pt, peer, words) -> {
            if (pt == point) {
                calls.incrementAndGet();
            }
            return words;
        };
    }

    /**
     * Every party but the cheater aborted with CHECK_FAILED and, unless the fault was in the unmasking itself, sent no
     * share of a result's unmasking after it.
     */
    static void assertEveryHonestPartyAborted(MemoryParties.Outcome<?>[] out, int cheater, Tamper.Point point,
            boolean[] unmasked, String what) {
        for (int i = 0; i < out.length; i++) {
            if (i == cheater) {
                continue;
            }
            if (out[i].failure() == null) {
                fail("missed: " + what + ": honest party " + i + " finished");
            }
            assertInstanceOf(CheckFailedException.class, out[i].failure(), what + " at party " + i + ": " + out[i].failure());
            assertTrue(out[i].failure().getMessage().startsWith("CHECK_FAILED in phase "), what);
            if (point != Tamper.Point.OUTPUT) {
                assertTrue(!unmasked[i], what + ": party " + i + " unmasked a result after the fault");
            }
        }
    }
}
