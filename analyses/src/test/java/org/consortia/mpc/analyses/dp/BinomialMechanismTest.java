package org.consortia.mpc.analyses.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The binomial mechanism's exact delta: with many coins it approaches the Gaussian mechanism's exact curve (Balle and
 * Wang, ICML 2018, Theorem 8: delta = Phi(D/2s - e s/D) - e^e Phi(-D/2s - e s/D) for sensitivity D and noise s), and
 * the calibration returns the fewest coins that meet a target.
 */
class BinomialMechanismTest {
    static double phi(double x) {
        return RdpAccountant.erfc(-x / Math.sqrt(2)) / 2;
    }

    @ParameterizedTest(name = "coins={0} sensitivity={1} epsilon={2}")
    @CsvSource({"10000,50,1", "40000,50,0.5", "40000,20,1"})
    void approachesTheGaussianMechanism(int coins, int sensitivity, double epsilon) {
        double s = BinomialMechanism.stddev(coins);
        double r = sensitivity / s;
        double gauss = phi(r / 2 - epsilon / r) - Math.exp(epsilon) * phi(-r / 2 - epsilon / r);
        double binomial = BinomialMechanism.delta(coins, sensitivity, epsilon);
        System.out.printf("coins %d, sensitivity %d, epsilon %.2f: delta %.6g (Gaussian %.6g)%n", coins, sensitivity, epsilon,
                binomial, gauss);
        assertEquals(gauss, binomial, gauss * 0.02);
    }

    @ParameterizedTest(name = "epsilon={0} delta={1} sensitivity={2}")
    @CsvSource({"0.5,1e-6,1", "1,1e-5,16", "4,1e-6,9"})
    void calibrationIsTheFewestCoinsThatMeetTheTarget(double epsilon, double delta, int sensitivity) {
        int m = BinomialMechanism.coinsFor(epsilon, delta, sensitivity);
        System.out.printf("epsilon %.2f delta %.0e sensitivity %d: %d coins (noise sd %.2f units)%n", epsilon, delta,
                sensitivity, m, BinomialMechanism.stddev(m));
        assertTrue(BinomialMechanism.delta(m, sensitivity, epsilon) <= delta);
        assertTrue(m == 2 || BinomialMechanism.delta(m - 2, sensitivity, epsilon) > delta);
    }
}
