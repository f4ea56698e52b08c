package org.consortia.mpc.runtime.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The protocols over real mutual-TLS sockets give the plaintext results and the same byte counts as in memory. */
class TlsClusterTest {
    @ParameterizedTest(name = "n={0} {1}")
    @CsvSource({"2,jdk", "3,openssl", "5,auto"})
    void matmulAndMulOverTls(int n, String provider, TestInfo info) throws Exception {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        double[] a = TestSeeds.uniform(r, 6 * 7, -5, 5);
        double[] b = TestSeeds.uniform(r, 7 * 3, -5, 5);
        ProtocolParameters params = ProtocolParameters.defaults();
        try (LocalCluster tls = TlsCluster.start(n, params, TlsMaterial.provider(provider));
                LocalCluster mem = new LocalCluster(n, params)) {
            for (int rep = 0; rep < 3; rep++) {
                ClusterRun<double[]> run = tls.run(p -> p.input(0, Shape.matrix(6, 7), a)
                        .matmul(p.input(n - 1, Shape.matrix(7, 3), b)).reveal());
                double[] plain = mem.plaintext(p -> p.input(0, Shape.matrix(6, 7), a)
                        .matmul(p.input(n - 1, Shape.matrix(7, 3), b)).reveal());
                for (int i = 0; i < plain.length; i++) {
                    assertEquals(plain[i], run.result(0)[i], 2.0 / 65536, "element " + i);
                }
                for (int i = 1; i < n; i++) {
                    assertArrayEquals(run.result(0), run.result(i));
                }
                ClusterRun<double[]> local = mem.run(p -> p.input(0, Shape.matrix(6, 7), a)
                        .matmul(p.input(n - 1, Shape.matrix(7, 3), b)).reveal());
                assertEquals(local.maxOnlineBytesSent(), run.maxOnlineBytesSent());
                assertEquals(local.rounds(), run.rounds());
            }
            double[] big = TestSeeds.uniform(r, 300_000, -10, 10);
            ClusterRun<double[]> run = tls.run(p -> p.input(0, Shape.vector(big.length), big).mul(2.5).reveal());
            for (int i = 0; i < big.length; i++) {
                assertTrue(Math.abs(run.result(n - 1)[i] - 2.5 * big[i]) < 1e-4);
            }
        }
    }

    /**
     * With frames limited to 64 KiB, messages of 800 KB (a 100,000-element product) and the dealer's corrections
     * travel in parts: the results equal the plaintext backend's, in the same rounds as in memory.
     */
    @ParameterizedTest(name = "n={0}")
    @CsvSource({"2", "3"})
    void messagesLargerThanAFrameTravelInParts(int n, TestInfo info) throws Exception {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        double[] x = TestSeeds.uniform(r, 100_000, -10, 10);
        double[] y = TestSeeds.uniform(r, 100_000, -10, 10);
        ProtocolParameters params = ProtocolParameters.defaults();
        try (LocalCluster tls = TlsCluster.start(n, params, TlsMaterial.provider("jdk"), 64 << 10);
                LocalCluster mem = new LocalCluster(n, params)) {
            JointProgram<double[]> prog = p -> p.input(0, Shape.vector(x.length), x)
                    .mul(p.input(n - 1, Shape.vector(y.length), y)).reveal();
            ClusterRun<double[]> run = tls.run(prog);
            double[] plain = mem.plaintext(prog);
            for (int i = 0; i < plain.length; i++) {
                assertTrue(Math.abs(plain[i] - run.result(0)[i]) <= 1.0 / 65536, "element " + i);
            }
            ClusterRun<double[]> local = mem.run(prog);
            assertEquals(local.rounds(), run.rounds(), "parts add frames, not rounds");
            assertTrue(run.maxOnlineBytesSent() > local.maxOnlineBytesSent(), "each part has its own header");
        }
    }
}
