package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.FssComparisons;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every test of {@link NonLinearProtocolTest} again with comparisons by function secret sharing ({@link FssComparisons}):
 * exact against the plaintext backend for 2 parties, and 3 and 5 parties still running boolean comparisons.
 */
@ExtendWith(FssComparisons.class)
class NonLinearProtocolFssTest extends NonLinearProtocolTest {
    /**
     * The sigmoid and GELU as one spline each: the clamp's opening (which gives GELU's relu too), the pieces' opening and
     * one truncation, 3 rounds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sigmoid", "gelu"})
    void splineFunctionsTakeThreeRoundsBetweenTwoParties(String op) {
        int len = 1000;
        try (LocalCluster c = new LocalCluster(2)) {
            ClusterRun<Void> run = c.run(p -> {
                SecretTensor x = p.input(0, Shape.vector(len), new double[len]);
                if (op.equals("sigmoid")) {
                    x.sigmoid();
                } else {
                    x.gelu();
                }
                return null;
            });
            for (var m : run.meters()) {
                assertEquals(3, m.rounds());
                assertEquals(3 * (8L * len + Frame.HEADER_BYTES), m.operations().get(op).bytesSent());
            }
        }
    }

    @Test
    void twoPartiesWithADealerRunFssAndOthersBooleanBitByBitWithoutADealer() {
        try (LocalCluster two = new LocalCluster(2); LocalCluster three = new LocalCluster(3);
                LocalCluster ot = new LocalCluster(2).otOffline()) {
            assertEquals(Comparisons.FSS, two.comparisons());
            assertEquals(Comparisons.BOOLEAN, three.comparisons());
            assertEquals(Comparisons.BITS, ot.comparisons()); // no chunk codes without the dealer
        }
    }
}
