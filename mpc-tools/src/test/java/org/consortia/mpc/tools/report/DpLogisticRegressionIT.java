package org.consortia.mpc.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DP logistic regression (full-batch DP gradient descent, per-example clipping, every party's own discrete Gaussian
 * noise) on breast cancer through the real protocol: the median test accuracy of five seeds next to the same descent
 * without noise in plain doubles; with an epsilon so large that the noise vanishes, the weights equal the plain
 * descent's (the reference).
 */
class DpLogisticRegressionIT {
    @ParameterizedTest(name = "epsilon={0} n={1}")
    @CsvSource({"1,2,0.15", "4,2,0.08", "4,3,0.08", "1000000,2,0.02"})
    void testAccuracyNextToTheNonPrivateDescent(double epsilon, int n, double maxLoss) throws Exception {
        DpUtility.Split s = DpUtility.breastCancer(Path.of("..", "data"));
        double[] plain = DpUtility.plainLogistic(s);
        double plainAcc = DpUtility.accuracy(s, plain);
        double[] acc = DpUtility.accuracies(s, n, epsilon, 5);
        System.out.printf("DP logistic regression, breast cancer, %d parties, epsilon %s, delta 1e-6: test accuracy median %.4f "
                + "(of 5 seeds: %s), without noise %.4f%n", n, epsilon, acc[2], Arrays.toString(acc), plainAcc);
        assertTrue(acc[2] >= plainAcc - maxLoss, "median accuracy " + acc[2] + " vs " + plainAcc);
        if (epsilon >= 1000) {
            double[] w = DpUtility.secureLogistic(s, n, epsilon, 3);
            for (int j = 0; j < plain.length; j++) {
                assertEquals(plain[j], w[j], 0.02 * Math.max(1, Math.abs(plain[j])), "weight " + j);
            }
        }
    }

    /**
     * Malicious mode (authenticated shares, 2 parties): with the noise vanishing, the weights equal the plain descent's
     * within the same 0.02 as semi-honest mode.
     */
    @org.junit.jupiter.api.Test
    void maliciousModeGivesTheSameWeights() throws Exception {
        DpUtility.Split s = DpUtility.breastCancer(Path.of("..", "data"));
        double[] plain = DpUtility.plainLogistic(s);
        long t0 = System.nanoTime();
        double[] w = DpUtility.secureLogistic(s, 2, 1e6, 3, true);
        System.out.printf("DP logistic regression in malicious mode, 2 parties: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (int j = 0; j < plain.length; j++) {
            assertEquals(plain[j], w[j], 0.02 * Math.max(1, Math.abs(plain[j])), "weight " + j);
        }
    }
}
