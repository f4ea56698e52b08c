package org.consortia.mpc.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.SecretTensor;
import org.consortia.mpc.runtime.JointProgram;
import org.consortia.mpc.runtime.TestSeeds;
import org.consortia.mpc.runtime.local.ClusterRun;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.netty.TlsCluster;
import org.consortia.mpc.runtime.offline.Preprocessing;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A job whose correlated randomness is many times the preparation budget and the dealer's credit window: the
 * preparer blocks on the budget and resumes as the online phase uses material, party 0 acknowledges the dealer's
 * stream with credit as it takes it, and the results equal the plaintext backend's, in memory and over TLS, for 2,
 * 3 and 5 parties, with the rounds and online bytes of the same job prepared whole.
 */
class StreamingPreprocessingIT {
    @ParameterizedTest(name = "n={0} {1}")
    @CsvSource({"2,memory", "3,memory", "5,memory", "2,tls", "3,tls"})
    void materialBeyondTheBudgetStreamsDuringTheOnlinePhase(int n, String transport, TestInfo info) throws Exception {
        SplittableRandom r = TestSeeds.random(info.getDisplayName());
        // 21 products: 12.6M correction words, three times the dealer's credit window; by oblivious transfer a
        // hundredth (truncation pairs cost 64 daBits each; the material is still 50 times the budget of 2.5 words
        // per element)
        boolean ot = LocalCluster.obliviousTransferByDefault();
        int size = ot ? 2_000 : 200_000;
        double[] x = TestSeeds.uniform(r, size, -2, 2);
        double[] y = TestSeeds.uniform(r, size, -2, 2);
        JointProgram<double[]> prog = p -> {
            SecretTensor a = p.input(0, Shape.vector(size), x);
            SecretTensor b = p.input(n - 1, Shape.vector(size), y);
            SecretTensor acc = a.mul(b);
            for (int i = 0; i < 20; i++) { // 20 products: ~1.2M words of material per party
                acc = acc.add(a.mul(b));
            }
            return acc.reveal();
        };
        ProtocolParameters params = ProtocolParameters.defaults();
        try (LocalCluster c = (transport.equals("tls") ? TlsCluster.start(n, params,
                TlsMaterial.provider("jdk")) : new LocalCluster(n, params))
                .materialBudgetWords(size * 5L / 2)) {
            ClusterRun<double[]> run = c.run(prog);
            double[] plain = c.plaintext(prog);
            for (int i = 0; i < size; i++) {
                assertTrue(Math.abs(run.result(0)[i] - plain[i]) <= 21.0 / 65536, "element " + i);
            }
            assertTrue(ot || Preprocessing.CREDIT_WINDOW_WORDS < 21L * 3 * size, "the test must exceed the credit window");
            try (LocalCluster whole = new LocalCluster(n, params)) { // the default budget holds this job's material
                ClusterRun<double[]> reference = whole.run(prog);
                assertEquals(reference.rounds(), run.rounds(), "streaming adds no rounds");
                assertEquals(reference.maxOnlineBytesSent(), run.maxOnlineBytesSent(), "nor online bytes");
            }
        }
    }
}
