package org.consortia.mpc.node.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.consortia.mpc.node.analysis.ErrorCode;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.offline.OtSession;
import org.consortia.mpc.runtime.offline.StreamingSource;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.FrameRouter;
import org.consortia.mpc.runtime.transport.InMemoryNetwork;
import org.consortia.mpc.sharing.MpcException;
import org.consortia.mpc.sharing.ring.RingMatmul;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a node classifies a job's failure: what crosses to the other members is a code, a phase and a member's name. */
class JobExecutorTest {
    /** Two parties and no dealer: node ids 0 and 1 only. */
    private static JobExecutor twoPartiesWithoutDealer() {
        InMemoryNetwork net = new InMemoryNetwork(2);
        List<String> names = List.of("org-0", "org-1");
        return new JobExecutor(net.endpoint(0), 2, Duration.ofSeconds(5), null, null, names::get, () -> false);
    }

    @Test
    void aPeersAbortNamingANodeOutsideTheConsortiumIsBlamedOnThePeer() {
        JobExecutor x = twoPartiesWithoutDealer();
        // "INTERNAL:2" would be the dealer's id in a consortium with one; here there is none
        var aborted = new PeerException(1, "online", PeerException.Kind.ABORTED, "INTERNAL:2", "peer aborted", null);
        assertEquals(new JobRecord.Failure(ErrorCode.INTERNAL, "online", "org-1"), x.classify(aborted, "online"));
        var named = new PeerException(1, "online", PeerException.Kind.ABORTED, "INPUT_INVALID:0", "peer aborted", null);
        assertEquals(new JobRecord.Failure(ErrorCode.INPUT_INVALID, "online", "org-0"), x.classify(named, "online"));
    }

    @Test
    void lateCorrelatedRandomnessIsATimeoutNotThisPartysInput() {
        Exception late = new StreamingSource.NotReady("no correlated randomness within 50000 ms");
        assertEquals(new JobRecord.Failure(ErrorCode.TIMEOUT, "offline", "org-0"),
                twoPartiesWithoutDealer().classify(late, "offline"));
    }

    /**
     * org-1 declares, where org-0's OT links first receive (a base OT's point: 6 words), a message of another length:
     * one word more (and sends it), or 2^30 words (8 GiB, never sent). org-0's links refuse it before receiving it,
     * and the job fails as org-1's PROTOCOL_ERROR, not as this party's own failure.
     */
    @ParameterizedTest(name = "declared={0}")
    @ValueSource(longs = {7, 1L << 30})
    void anObliviousTransferMessageOfAnotherLengthIsTheSendersProtocolError(long declared) throws Exception {
        InMemoryNetwork net = new InMemoryNetwork(2);
        List<String> names = List.of("org-0", "org-1");
        JobExecutor x = new JobExecutor(net.endpoint(0), 2, Duration.ofSeconds(5), null, null, names::get, () -> false);
        long session = 0x0053_0000_0000_0001L;
        var main = new SessionChannel(net.endpoint(0), session, 2, Duration.ofSeconds(5));
        var peer = new SessionChannel(net.endpoint(1), FrameRouter.subSession(session, 1), 2, Duration.ofSeconds(5));
        peer.sendFrame(0, FrameKind.DATA, new long[] {declared});
        if (declared < 64) {
            long[] body = new long[(int) declared];
            body[0] = 33; // a point's byte count: only the length is wrong
            peer.sendFrame(0, FrameKind.DATA, body);
        }
        try (OtSession ot = new OtSession(main, new java.security.SecureRandom())) {
            Exception e = assertThrows(Exception.class, ot::start);
            assertEquals(new JobRecord.Failure(ErrorCode.PROTOCOL_ERROR, "offline", "org-1"), x.classify(e, "offline"),
                    e.getMessage());
        } finally {
            net.close();
        }
    }

    /**
     * A peer that stops while this party is busy: its ABORT interrupts the job thread at once (here inside a local
     * matrix product, which stops at its next block), and whatever the interrupted step threw (a cancelled product, a
     * wait for correlated randomness that reports no interrupt cause), the failure is the peer's NODE_STOPPED, not this
     * party's input or a cancellation.
     */
    @Test
    void aPeersAbortInterruptsLocalWorkAndIsRecordedAsThePeers() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork(2);
        List<String> names = List.of("org-0", "org-1");
        JobExecutor x = new JobExecutor(net.endpoint(0), 2, Duration.ofSeconds(5), null, null, names::get, () -> false);
        long session = 0x0054_0000_0000_0001L;
        net.endpoint(0).router().expect(session);
        net.endpoint(1).router().expect(session);
        var mine = new SessionChannel(net.endpoint(0), session, 2, Duration.ofSeconds(5));
        var peer = new SessionChannel(net.endpoint(1), session, 2, Duration.ofSeconds(5));
        int n = 1024;
        long[] a = new long[n * n];
        java.util.concurrent.CompletableFuture<Throwable> busy = new java.util.concurrent.CompletableFuture<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < 100; i++) { // far longer than the test waits
                    RingMatmul.multiply(a, a, n, n, n);
                }
                busy.complete(null);
            } catch (Throwable t) {
                busy.complete(t);
            }
        });
        mine.interruptOnPeerAbort(worker);
        Thread.sleep(200);
        long t0 = System.nanoTime();
        peer.abortAll("NODE_STOPPED:1");
        Throwable stopped = busy.get(2, java.util.concurrent.TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("a peer's abort stopped a local 1024^3 product in " + ms + " ms");
        assertTrue(stopped instanceof java.util.concurrent.CancellationException, String.valueOf(stopped));
        assertTrue(mine.interruptedByPeerAbort());
        JobRecord.Failure peers = new JobRecord.Failure(ErrorCode.NODE_STOPPED, "setup", "org-1");
        assertEquals(peers, x.classify(JobExecutor.peersAbortBehind(stopped, mine), "setup"));
        // a step that reported the interruption without its cause is the peer's abort too, not this party's input
        Throwable causeless = new MpcException("interrupted while waiting for correlated randomness");
        assertEquals(peers, x.classify(JobExecutor.peersAbortBehind(causeless, mine), "setup"));
        mine.interruptOnPeerAbort(null);
        net.close();
    }

    /** A stopping peer's ABORT overtaken by its own data (sent from another of its threads) is its abort, not disorder. */
    @Test
    void anAbortOvertakenByThePeersDataIsTheAbort() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork(2);
        long session = 0x0055_0000_0000_0001L;
        net.endpoint(0).router().expect(session);
        var mine = new SessionChannel(net.endpoint(0), session, 2, Duration.ofSeconds(5));
        net.endpoint(1).trySend(0, new Frame(session, 1, FrameKind.DATA, 1, new long[] {7}));
        net.endpoint(1).trySend(0, new Frame(session, 0, FrameKind.ABORT, 1,
                Frame.wordsOf("NODE_STOPPED:1".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        PeerException e = assertThrows(PeerException.class, () -> mine.receive(1, 1));
        assertEquals(PeerException.Kind.ABORTED, e.kind(), e.getMessage());
        assertEquals("NODE_STOPPED:1", e.remoteCode());
        net.close();
    }
}
