package org.consortia.mpc.runtime.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.runtime.JobFailedException;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.sharing.ring.Shape;
import org.junit.jupiter.api.Test;

/** A party that fails aborts the session on every party, and the cluster serves the next job. */
class FailureTest {
    @Test
    void failingPartyAbortsEveryoneAndTheNextJobRuns() {
        ProtocolParameters params = ProtocolParameters.defaults().withRoundTimeout(Duration.ofSeconds(20));
        try (LocalCluster c = new LocalCluster(3, params)) {
            long t0 = System.nanoTime();
            var e = assertThrows(JobFailedException.class, () -> c.run(p -> {
                var x = p.input(0, Shape.of(4), new double[4]);
                if (p.id() == 1) {
                    throw new IllegalStateException("party 1 lost its data source");
                }
                return x.mul(x).reveal();
            }));
            assertEquals("job failed at party 1: party 1 lost its data source", e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "abort must not wait for the timeout");
            var ok = c.run(p -> p.input(2, Shape.of(1), new double[] {3}).mul(2.0).reveal());
            assertEquals(6.0, ok.result(0)[0], 1e-4);
        }
    }

    @Test
    void silentPeerTimesOutNamingPeerAndPhase() {
        ProtocolParameters params = ProtocolParameters.defaults().withRoundTimeout(Duration.ofMillis(300));
        try (LocalCluster c = new LocalCluster(2, params)) {
            var e = assertThrows(JobFailedException.class, () -> c.run(p -> {
                var x = p.input(0, Shape.of(4), new double[4]);
                if (p.id() == 1) {
                    Thread.sleep(1500);
                }
                return x.reveal();
            }));
            assertEquals("job failed at party 0: peer 1 during online: no message within the timeout of 300 ms",
                    e.getMessage());
        }
    }
}
