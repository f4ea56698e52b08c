package org.consortia.mpc.runtime.protocols;

import java.util.stream.IntStream;

/**
 * Party counts of the protocol tests: 2, 3 and 5; in verify's re-run with correlated randomness by oblivious transfer
 * ({@code -Dmpc.offline=ot}), 2: 3 and 5 parties' pairwise OT material of every kind (triples, matrix triples,
 * truncation pairs, masks with bits, AND triples, daBits) is checked against its definition by {@code ot.OtTriplesTest}
 * and under products, a matrix product, ReLU, max and a sigmoid against plaintext by {@code ot.OtOfflineIT}, and the
 * kernels cannot tell the material's source apart; the 3-party re-run was three quarters of the re-run's time
 * ({@code ./mvnw -pl mpc-runtime test -Dmpc.offline=ot -Dmpc.otPartyCounts=all} runs 2, 3 and 5 in OT mode).
 */
final class PartyCounts {
    private PartyCounts() {
    }

    static IntStream counts() {
        if (!"ot".equals(System.getProperty("mpc.offline"))) {
            return IntStream.of(2, 3, 5);
        }
        return "all".equals(System.getProperty("mpc.otPartyCounts")) ? IntStream.of(2, 3, 5) : IntStream.of(2);
    }
}
