package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs run with their correlated randomness made by the parties themselves (oblivious transfer, no dealer) in the
 * simulator, against plaintext, for 2, 3 and 5 parties: fixed-point products (Beaver triples, truncation pairs), a
 * matrix product (matrix triples), ReLU and max (comparisons: AND triples, masks with bits, random bits), a sigmoid;
 * the dealer sends nothing. And LeNet on one MNIST-shaped image, end to end, next to the dealer's run.
 */
class OtOfflineTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3, 5})
    void protocolsRunOnMaterialFromObliviousTransfer(int n) throws Exception {
        SplittableRandom r = TestSeeds.random("OtOfflineTest." + n);
        double[] x = TestSeeds.uniform(r, 24, -4, 4);
        double[] y = TestSeeds.uniform(r, 24, -4, 4);
        try (LocalCluster c = new LocalCluster(n).otOffline()) {
            ClusterRun<double[]> run = c.run(p -> {
                var be = p.backend();
                SecretTensor a = be.input(0, Shape.matrix(4, 6), p.id() == 0 ? x : null);
                SecretTensor b = be.input(n - 1, Shape.matrix(4, 6), p.id() == n - 1 ? y : null);
                SecretTensor prod = a.mul(b);
                SecretTensor mm = a.matmul(b.transpose()); // [4, 4]
                SecretTensor relu = a.relu();
                SecretTensor mx = a.max(b);
                SecretTensor sig = a.sigmoid();
                return prod.reshape(Shape.of(24)).concat(0, mm.reshape(Shape.of(16)), relu.reshape(Shape.of(24)),
                        mx.reshape(Shape.of(24)), sig.reshape(Shape.of(24))).reveal();
            });
            double[] got = run.result(0);
            double worst = 0;
            for (int i = 0; i < 24; i++) {
                worst = Math.max(worst, Math.abs(got[i] - x[i] * y[i]));
                worst = Math.max(worst, Math.abs(got[40 + i] - Math.max(0, x[i])));
                worst = Math.max(worst, Math.abs(got[64 + i] - Math.max(x[i], y[i])));
                worst = Math.max(worst, Math.abs(got[88 + i] - 1 / (1 + Math.exp(-x[i]))));
            }
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    double want = 0;
                    for (int k = 0; k < 6; k++) {
                        want += x[i * 6 + k] * y[j * 6 + k];
                    }
                    worst = Math.max(worst, Math.abs(got[24 + i * 4 + j] - want));
                }
            }
            System.out.printf("OT offline, %d parties: max |secure - plaintext| = %.2e; dealer sent %d bytes%n", n, worst,
                    run.dealerBytes());
            assertTrue(worst < 1e-3, "max error " + worst);
            assertEquals(0, run.dealerBytes(), "the dealer takes no part");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void leNetRunsEndToEndWithoutTheDealer(int n) throws Exception {
        var model = org.consortia.mpc.inference.OnnxImport.load(java.nio.file.Path.of("..", "data", "models",
                "mnist_lenet_dyn.onnx"));
        var arch = model.architecture();
        SplittableRandom r = TestSeeds.random("OtOfflineTest.lenet." + n);
        double[] x = TestSeeds.uniform(r, model.inputSize(), 0, 1);
        double[] plain = org.consortia.mpc.inference.PlainInference.run(model, 1, x);
        long t0 = System.nanoTime();
        double[] got;
        long dealer;
        try (LocalCluster c = new LocalCluster(n).otOffline()) {
            ClusterRun<double[]> run = c.run(p -> org.consortia.mpc.inference.SecureInference.run(p.backend(),
                    p.id() == 0 ? model : arch, 0, n - 1, 1, p.id() == n - 1 ? x : null).revealTo(n - 1));
            got = run.result(n - 1);
            dealer = run.dealerBytes();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double worst = 0;
        for (int i = 0; i < plain.length; i++) {
            worst = Math.max(worst, Math.abs(plain[i] - got[i]));
        }
        System.out.printf("LeNet, one image, %d parties, correlated randomness by OT (simulator, one JVM): %.1f s end to end, "
                + "max |secure - plaintext| = %.2e, dealer sent %d bytes%n", n, seconds, worst, dealer);
        assertTrue(worst < 1e-3, "max error " + worst);
        assertEquals(0, dealer);
    }
}
