package org.consortia.mpc.analyses.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The accountant against published reference values: the figures Opacus's own tests and documentation assert for its
 * RDP accountant (opacus/tests/accountants_test.py and opacus/accountants/analysis/rdp.py), within 1%.
 */
class RdpAccountantTest {
    @Test
    void dpSgdMatchesOpacus() {
        // Opacus test_rdp_accountant: sigma 1.5, sample rate 0.04, int(90 / 0.04) = 2249 steps, delta 1e-5
        var spent = RdpAccountant.dpSgd(0.04, 1.5, 2249, 1e-5);
        System.out.printf("DP-SGD q=0.04 sigma=1.5 steps=2249: epsilon %.6f at order %.1f (Opacus: 7.32911117143)%n",
                spent.epsilon(), spent.order());
        assertEquals(7.32911117143, spent.epsilon(), 7.32911117143 * 0.01);
    }

    @Test
    void composedMechanismsMatchOpacusDocstring() {
        // Opacus rdp.py docstring: [(q 1e-5, sigma 1.0, 10 steps), (q 1e-4, sigma 3.0, 4 steps)], orders 2..32,
        // delta 1e-5 -> (0.336, 23)
        double[] orders = IntStream.rangeClosed(2, 32).asDoubleStream().toArray();
        double[] rdp = RdpAccountant.compose(RdpAccountant.sampledGaussian(1e-5, 1.0, 10, orders),
                RdpAccountant.sampledGaussian(1e-4, 3.0, 4, orders));
        var spent = RdpAccountant.epsilon(orders, rdp, 1e-5);
        System.out.printf("composed: epsilon %.4f at order %.0f (Opacus: 0.336 at 23)%n", spent.epsilon(), spent.order());
        assertEquals(0.336, spent.epsilon(), 0.336 * 0.01);
        assertEquals(23, spent.order());
    }

    @Test
    void noiseMultiplierMatchesOpacus() {
        // Opacus test_get_noise_multiplier_rdp_steps: epsilon 8, delta 1e-5, sample rate 0.04, 2000 steps -> 1.3562
        double sigma = RdpAccountant.noiseMultiplier(8, 1e-5, 0.04, 2000);
        System.out.printf("noise multiplier for epsilon 8: %.4f (Opacus: 1.3562)%n", sigma);
        assertEquals(1.3562, sigma, 1.3562 * 0.01);
    }

    @Test
    void gaussianWithoutSamplingIsAlphaOverTwoSigmaSquared() {
        double[] rdp = RdpAccountant.sampledGaussian(1, 2, 3, new double[] {2, 10});
        assertEquals(3 * 2 / 8.0, rdp[0], 1e-12);
        assertEquals(3 * 10 / 8.0, rdp[1], 1e-12);
        assertTrue(RdpAccountant.dpSgd(0.01, 1.0, 100, 1e-5).epsilon() < RdpAccountant.dpSgd(0.01, 1.0, 1000, 1e-5).epsilon(),
                "more steps spend more");
    }

    @Test
    void logErfcIsAccurateInTheTail() {
        // erfc(1) = 0.157299207050285, erfc(3) = 2.20904969985854e-05, erfc(10) = 2.08848758376254e-45
        assertEquals(Math.log(0.157299207050285), RdpAccountant.logErfc(1), 1e-12);
        assertEquals(Math.log(2.20904969985854e-05), RdpAccountant.logErfc(3), 1e-10);
        assertEquals(Math.log(2.08848758376254e-45), RdpAccountant.logErfc(10), 1e-10);
        assertEquals(2 - 0.157299207050285, RdpAccountant.erfc(-1), 1e-12);
    }
}
