package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.inference.OnnxImport;
import org.consortia.mpc.inference.PlainInference;
import org.consortia.mpc.inference.SecureInference;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.netty.TlsCluster;
import org.consortia.mpc.runtime.offline.OtSession;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs run with their correlated randomness made by the parties themselves (oblivious transfer, no dealer) in the
 * simulator, against plaintext, for 2, 3 and 5 parties: fixed-point products (Beaver triples, truncation pairs), a
 * matrix product (matrix triples), ReLU and max (comparisons: AND triples, masks with bits, random bits), a sigmoid;
 * the dealer sends nothing. And LeNet on one MNIST-shaped image, end to end, next to the dealer's run.
 */
class OtOfflineIT {
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
        var model = OnnxImport.load(java.nio.file.Path.of("..", "data", "models",
                "mnist_lenet_dyn.onnx"));
        var arch = model.architecture();
        SplittableRandom r = TestSeeds.random("OtOfflineTest.lenet." + n);
        double[] x = TestSeeds.uniform(r, model.inputSize(), 0, 1);
        double[] plain = PlainInference.run(model, 1, x);
        long t0 = System.nanoTime();
        double[] got;
        long dealer;
        try (LocalCluster c = new LocalCluster(n).otOffline()) {
            ClusterRun<double[]> run = c.run(p -> SecureInference.run(p.backend(),
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

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {2, 3})
    void obliviousTransferRunsOverMutualTls(int n) throws Exception {
        SplittableRandom r = TestSeeds.random("OtOfflineTest.tls." + n);
        double[] x = TestSeeds.uniform(r, 40, -4, 4);
        double[] y = TestSeeds.uniform(r, 40, -4, 4);
        try (LocalCluster c = TlsCluster.start(n,
                ProtocolParameters.defaults(), io.netty.handler.ssl.SslProvider.JDK).otOffline()) {
            ClusterRun<double[]> run = c.run(p -> {
                var be = p.backend();
                SecretTensor a = be.input(0, Shape.matrix(5, 8), p.id() == 0 ? x : null);
                SecretTensor b = be.input(n - 1, Shape.matrix(5, 8), p.id() == n - 1 ? y : null);
                return a.mul(b).reshape(Shape.of(40)).concat(0, a.max(b).reshape(Shape.of(40))).reveal();
            });
            double[] got = run.result(n - 1);
            double worst = 0;
            for (int i = 0; i < 40; i++) {
                worst = Math.max(worst, Math.abs(got[i] - x[i] * y[i]));
                worst = Math.max(worst, Math.abs(got[40 + i] - Math.max(x[i], y[i])));
            }
            System.out.printf("OT offline over mutual TLS, %d parties: max |secure - plaintext| = %.2e, OT bytes per party %d%n",
                    n, worst, c.lastOtBytesPerParty());
            assertTrue(worst < 1e-3, "max error " + worst);
            assertTrue(c.lastOtBytesPerParty() > 0, "the OT traffic went over the transport");
        }
    }

    /**
     * A party that fails while the others still make material with it aborts them at once through the OT links (its
     * abort reaches every sub-session), not after the links' timeout of ten round timeouts.
     */
    @org.junit.jupiter.api.Test
    void aFailingPartyStopsTheOthersPromptly() throws Exception {
        var params = ProtocolParameters.defaults().withRoundTimeout(java.time.Duration.ofSeconds(5));
        try (LocalCluster c = new LocalCluster(3, params).otOffline().materialBudgetWords(1 << 16)) {
            long t0 = System.nanoTime();
            var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> c.run(p -> {
                var be = p.backend();
                SecretTensor a = be.input(0, Shape.of(20_000), p.id() == 0 ? new double[20_000] : null);
                double[] first = a.mul(a).reveal(); // the preparers are still making the later triples
                if (p.id() == 1) {
                    throw new IllegalStateException("party 1 gives up");
                }
                SecretTensor b = a;
                for (int i = 0; i < 8; i++) {
                    b = b.mul(a);
                }
                return b.reveal()[0] + first[0];
            }));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("a party failing mid-stream: the run ended in %.1f s: %s%n", seconds, e.getMessage());
            assertTrue(seconds < 25, "ended after " + seconds + " s (the OT links' timeout is 50 s)");
            assertTrue(e.getMessage().contains("party 1"), "names the party that failed: " + e.getMessage());
        }
    }

    /** A party's abort reaches a peer blocked on an OT link at once, with the abort's code (not after the link timeout). */
    @org.junit.jupiter.api.Test
    void anAbortReachesAPeerWaitingOnAnObliviousTransferLink() throws Exception {
        var params = ProtocolParameters.defaults().withRoundTimeout(java.time.Duration.ofSeconds(5));
        try (LocalCluster c = new LocalCluster(2, params)) {
            long session = 0x0051_0000_0000_0001L;
            var main0 = new SessionChannel(c.transport(0), session, 2, params.roundTimeout());
            var main1 = new SessionChannel(c.transport(1), session, 2, params.roundTimeout());
            try (OtSession waiting = new OtSession(main0, new java.security.SecureRandom());
                    OtSession failing = new OtSession(main1, new java.security.SecureRandom())) {
                var started = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        waiting.start(); // its base OTs wait for party 1, which never starts its own
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
                Thread.sleep(300);
                long t0 = System.nanoTime();
                main1.abortAll("INPUT_INVALID");
                var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> started.get(10, java.util.concurrent.TimeUnit.SECONDS));
                double seconds = (System.nanoTime() - t0) / 1e9;
                Throwable t = e;
                while (t != null && !(t instanceof PeerException)) {
                    t = t.getCause();
                }
                assertTrue(t != null, "a peer exception: " + e);
                var peer = (PeerException) t;
                assertEquals(PeerException.Kind.ABORTED, peer.kind(), peer.getMessage());
                assertEquals("INPUT_INVALID", peer.remoteCode());
                assertEquals(1, peer.peer());
                assertTrue(seconds < 5, "the abort took " + seconds + " s (the link's timeout is 50 s)");
            }
        }
    }
}
