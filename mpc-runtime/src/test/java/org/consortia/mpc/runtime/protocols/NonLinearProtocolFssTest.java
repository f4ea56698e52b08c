package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link NonLinearProtocolTest} again with comparisons by function secret sharing (the clusters this
 * class makes take {@link LocalCluster#COMPARISONS_PROPERTY}): exact against the plaintext backend for 2 parties,
 * and 3 and 5 parties still running boolean comparisons.
 */
class NonLinearProtocolFssTest extends NonLinearProtocolTest {
    private static String before;

    @BeforeAll
    static void fssComparisons() {
        before = System.setProperty(LocalCluster.COMPARISONS_PROPERTY, "fss");
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty(LocalCluster.COMPARISONS_PROPERTY);
        } else {
            System.setProperty(LocalCluster.COMPARISONS_PROPERTY, before);
        }
    }

    /** The sigmoid as one spline: the clamp's and the pieces' masked openings and one truncation, 3 rounds. */
    @Test
    void sigmoidTakesThreeRoundsBetweenTwoParties() {
        int len = 1000;
        try (LocalCluster c = new LocalCluster(2)) {
            ClusterRun<Void> run = c.run(p -> {
                p.input(0, Shape.vector(len), new double[len]).sigmoid();
                return null;
            });
            for (var m : run.meters()) {
                assertEquals(3, m.rounds());
                assertEquals(3 * (8L * len + Frame.HEADER_BYTES), m.operations().get("sigmoid").bytesSent());
            }
        }
    }

    /** GELU: the clamp's opening (which gives relu too), the pieces' opening and one truncation, 3 rounds. */
    @Test
    void geluTakesThreeRoundsBetweenTwoParties() {
        int len = 1000;
        try (LocalCluster c = new LocalCluster(2)) {
            ClusterRun<Void> run = c.run(p -> {
                p.input(0, Shape.vector(len), new double[len]).gelu();
                return null;
            });
            for (var m : run.meters()) {
                assertEquals(3, m.rounds());
                assertEquals(3 * (8L * len + Frame.HEADER_BYTES), m.operations().get("gelu").bytesSent());
            }
        }
    }

    @Test
    void twoPartiesWithADealerRunFssAndOthersBoolean() {
        try (LocalCluster two = new LocalCluster(2); LocalCluster three = new LocalCluster(3);
                LocalCluster ot = new LocalCluster(2).otOffline()) {
            assertEquals(Comparisons.FSS, two.comparisons());
            assertEquals(Comparisons.BOOLEAN, three.comparisons());
            assertEquals(Comparisons.BOOLEAN, ot.comparisons());
        }
    }
}
