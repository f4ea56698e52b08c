package org.consortia.mpc.protocols.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.protocols.Costs;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.arith.Beaver;
import org.consortia.mpc.protocols.arith.Bilinear;
import org.consortia.mpc.protocols.arith.Truncation;
import org.consortia.mpc.sharing.fixed.FixedPoint;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator's own check: a product and a ReLU of two parties' inputs against plaintext (bound 2^-14: one truncation's
 * rounding and the inputs' encoding), and its round counter against the ReLU's declared rounds, for 2, 3 and 5 parties
 * and with the dealer's FSS keys.
 */
class SimulationTest {
    @ParameterizedTest(name = "{0} parties, {1}")
    @CsvSource({"2,BOOLEAN", "3,BOOLEAN", "5,BOOLEAN", "2,FSS"})
    void productAndReluMatchPlaintext(int parties, Comparisons comparisons) {
        long seed = 4_100L + parties;
        System.out.println("SimulationTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int n = 100;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-4, 4);
            y[i] = r.nextDouble(-4, 4);
        }
        int last = parties - 1;
        var run = Simulation.run(parties, comparisons, FixedPoint.defaults(), be -> {
            SecretTensor a = be.input(0, Shape.of(n), be.readsInputOf(0) ? x : null);
            SecretTensor b = be.input(last, Shape.of(n), be.readsInputOf(last) ? y : null);
            return new double[][] {a.mul(b).reveal(), a.relu().reveal()};
        });
        for (int p = 0; p < parties; p++) {
            for (int i = 0; i < n; i++) {
                assertEquals(x[i] * y[i], run.result(p)[0][i], 0x1p-14, "product " + i + " at party " + p);
                assertEquals(Math.max(x[i], 0), run.result(p)[1][i], 0x1p-14, "relu " + i + " at party " + p);
            }
        }
        // inputs cost no messages (pairwise masks); the product, its truncation, the ReLU and two reveals do
        long relu = Costs.relu(n, comparisons.among(parties)).rounds();
        long declared = Beaver.cost(Bilinear.elementwise(n)).then(Truncation.cost(n)).rounds() + relu + 2;
        System.out.printf("%d parties, %s: %d rounds (declared %d), %d words to a peer%n", parties, comparisons, run.rounds(),
                declared, run.wordsToAPeer());
        assertTrue(run.rounds() <= declared && run.rounds() > relu, "rounds " + run.rounds());
    }
}
