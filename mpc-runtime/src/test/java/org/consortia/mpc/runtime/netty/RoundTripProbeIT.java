package org.consortia.mpc.runtime.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.consortia.mpc.config.ComparisonMode;
import org.consortia.mpc.config.ConsortiumConfig;
import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.config.ProtocolParameters;
import org.consortia.mpc.protocols.Comparisons;
import org.consortia.mpc.runtime.local.LocalCluster;
import org.consortia.mpc.runtime.session.ComparisonChoice;
import org.consortia.mpc.runtime.tls.TlsMaterial;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats measure each link's round trip (a probe carries the sender's clock, the peer echoes it): on loopback it
 * is well under the threshold from which {@code comparisons: auto} takes function secret sharing, over a link emulating
 * 20 ms it is at least that, and {@link ComparisonChoice#byRoundTrip} turns each into its mode.
 */
class RoundTripProbeIT {
    /**
     * Probes until the estimate satisfies {@code done} or 10 s pass: a fresh JVM's first echoes are slow (cold code),
     * and the samples taken before an emulation starts need 8 new ones to leave the window.
     */
    private static long measured(NettyTransport t, int peer, java.util.function.LongPredicate done)
            throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < RttSamples.SIZE; i++) {
                t.probe();
            }
            Thread.sleep(100);
            if (done.test(t.rttNanos(peer))) {
                break;
            }
        }
        return t.rttNanos(peer);
    }

    @Test
    void heartbeatsMeasureTheLinkAndAutoFollowsIt() throws Exception {
        ProtocolParameters params = ProtocolParameters.defaults();
        ConsortiumConfig two = TlsCluster.plan(2, params).config();
        try (LocalCluster lan = TlsCluster.start(2, params, TlsMaterial.provider("jdk"))) {
            // once warm enough to be under half the threshold (this machine's loopback TLS echo settles near 0.5 ms)
            long rtt = measured((NettyTransport) lan.transport(0), 1, r -> r >= 0 && r < ComparisonChoice.AUTO_FSS_RTT_NANOS / 2);
            System.out.printf("loopback round trip %.3f ms%n", rtt / 1e6);
            assertTrue(rtt >= 0 && rtt < ComparisonChoice.AUTO_FSS_RTT_NANOS, "loopback: " + rtt);
            assertEquals(Comparisons.BOOLEAN, ComparisonChoice.byRoundTrip(two, OfflineMode.DEALER, rtt));
        }
        LinkEmulation wan = LinkEmulation.parse("20ms", "1gbit");
        try (LocalCluster far = TlsCluster.start(2, params, TlsMaterial.provider("jdk"), ConsortiumConfig.DEFAULT_MAX_FRAME_BYTES,
                wan)) {
            long rtt = measured((NettyTransport) far.transport(1), 0, r -> r >= 20_000_000L);
            System.out.printf("emulated 20 ms: measured round trip %.3f ms%n", rtt / 1e6);
            assertTrue(rtt >= 20_000_000L && rtt < 1_000_000_000L, "20 ms link: " + rtt);
            assertEquals(Comparisons.FSS, ComparisonChoice.byRoundTrip(two, OfflineMode.DEALER, rtt));
            assertEquals(Comparisons.BITS, ComparisonChoice.byRoundTrip(two, OfflineMode.OT, rtt),
                    "fss needs the dealer (and without one, boolean comparisons run bit by bit)");
        }
        // not measured yet: the hosts decide, as without a measurement (the plan's parties share 127.0.0.1)
        assertEquals(ComparisonChoice.of(two, OfflineMode.DEALER, ComparisonMode.AUTO),
                ComparisonChoice.byRoundTrip(two, OfflineMode.DEALER, -1));
    }
}
