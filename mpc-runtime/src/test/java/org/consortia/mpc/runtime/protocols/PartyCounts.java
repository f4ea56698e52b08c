package org.consortia.mpc.runtime.protocols;

import java.util.stream.IntStream;

/**
 * Party counts of the protocol tests: 2, 3 and 5; in verify's re-run with correlated randomness by oblivious transfer
 * ({@code -Dmpc.offline=ot}), 2 and 3, since 5 parties' pairwise OT material of every kind (triples, matrix triples,
 * truncation pairs, masks with bits, AND triples) is checked against plaintext by {@code ot.OtOfflineTest}; this keeps
 * verify within its time.
 */
final class PartyCounts {
    private PartyCounts() {
    }

    static IntStream counts() {
        return "ot".equals(System.getProperty("mpc.offline")) ? IntStream.of(2, 3) : IntStream.of(2, 3, 5);
    }
}
