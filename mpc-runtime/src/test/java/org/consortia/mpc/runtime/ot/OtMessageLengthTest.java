package org.consortia.mpc.runtime.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.offline.OtSession;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.FrameRouter;
import org.consortia.mpc.runtime.transport.InMemoryNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every OT receive is bounded by what its step expects: a peer that declares a longer (or shorter) message is refused
 * before the message is received, as the peer's protocol error, at once; each step of the protocols (base OT,
 * extension, each kind of Gilboa correction) refuses a message one word longer than it expects.
 */
class OtMessageLengthTest {
    /**
     * Party 0 of two starts its OT links; party 1 only declares, on the link where party 0 first receives (the answer
     * to the kept base OTs' id, 2 words, on sub-session 16 * 0 + 1), a message of {@code declared} words, and sends the message
     * itself only if it is small. Party 0 fails with a PROTOCOL error naming party 1, well before the link's timeout
     * (it does not wait for the message; a declared 2^30 words would be 8 GiB).
     */
    @ParameterizedTest(name = "declared={0}")
    @ValueSource(longs = {7, 5, 1L << 24, 1L << 30, -1})
    void aPeerDeclaringAnotherLengthIsRefusedAtOnceAsItsProtocolError(long declared) throws Exception {
        Duration round = Duration.ofSeconds(3); // the links wait ten of these
        long session = 0x0052_0000_0000_0001L;
        try (InMemoryNetwork net = new InMemoryNetwork(2)) {
            var main = new SessionChannel(net.endpoint(0), session, 2, round);
            var peer = new SessionChannel(net.endpoint(1), FrameRouter.subSession(session, 1), 2, round);
            peer.sendFrame(0, FrameKind.DATA, new long[] {declared});
            if (declared > 0 && declared < 64) {
                long[] body = new long[(int) declared];
                body[0] = 1; // what an answer starts with: the length is all that is wrong
                peer.sendFrame(0, FrameKind.DATA, body);
            }
            try (OtSession ot = new OtSession(main, OtTriplesTest.seeded(7))) {
                long t0 = System.nanoTime();
                PeerException e = assertThrows(PeerException.class, ot::start);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(PeerException.Kind.PROTOCOL, e.kind(), e.getMessage());
                assertEquals(1, e.peer(), e.getMessage());
                assertTrue(e.getMessage().contains(declared + " words where this step expects 2"), e.getMessage());
                assertTrue(seconds < round.toSeconds(), "refused after " + seconds + " s");
            } finally {
                peer.close();
            }
        }
    }

    /** A base OT's point A that is no curve point: the peer's error, not this party's bad input. */
    @Test
    void aBaseOtPointOffTheCurveIsThePeersError() throws Exception {
        OtLink[] l = OtLink.pair();
        byte[] notAPoint = new byte[33];
        notAPoint[0] = 5; // no point encoding starts with 5
        l[0].send(Bits.words(notAPoint));
        var e = assertThrows(IllegalStateException.class, () -> BaseOt.receive(l[1], new boolean[128], OtTriplesTest.seeded(8)));
        assertEquals("the peer sent base OT: a point that is not on the curve", e.getMessage());
    }

    /** An answer to the kept base OTs' id other than 0 (fresh ones) or 1 (the same): the peer's error. */
    @Test
    void anAnswerToTheKeptBaseOtsOtherThanZeroOrOneIsThePeersError() throws Exception {
        OtLink[] l = OtLink.pair();
        l[1].send(new long[] {2, 0});
        var e = assertThrows(IllegalStateException.class,
                () -> SoftSpoken.Sender.setup(l[0], OtTriplesTest.seeded(11), new BaseOtStore(), 1));
        assertEquals("the peer sent base OT: an answer 2 to the kept base OTs' id (0 or 1)", e.getMessage());
    }

    /**
     * Each step's receive, given a message one word longer than the step makes: refused. An honest extension pair is set up
     * first (l[0] the extension's sender, l[1] its receiver); then the peer's message is written directly.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"extension", "products", "bits", "timesBit", "vectors"})
    void everyStepRefusesAMessageOneWordLongerThanItExpects(String step) throws Exception {
        OtLink[] l = OtLink.pair();
        var senderOt = CompletableFuture.supplyAsync(() -> {
            try {
                return SoftSpoken.Sender.setup(l[0], OtTriplesTest.seeded(9));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, OtTriplesTest.THREADS);
        Gilboa.Receiver receiver = new Gilboa.Receiver(SoftSpoken.Receiver.setup(l[1], OtTriplesTest.seeded(10)));
        Gilboa.Sender sender = new Gilboa.Sender(senderOt.get());
        long[] one = {0x5DEECE66DL};
        int expected = switch (step) {
            case "extension" -> SoftSpoken.BITS_PER_OT; // d for 64 transfers: one word per group of columns
            case "products" -> Gilboa.packedWords(1);
            case "bits" -> 1;
            case "timesBit" -> 10;
            case "vectors" -> Gilboa.packedWords(3);
            default -> throw new IllegalArgumentException(step);
        };
        OtLink from = step.equals("extension") ? l[1] : l[0];
        from.send(new long[expected + 1]);
        var e = assertThrows(IllegalStateException.class, () -> {
            switch (step) {
                case "extension" -> sender.multiply(l[0], one);
                case "products" -> receiver.multiply(l[1], one);
                case "bits" -> receiver.receiveBits(l[1], one);
                case "timesBit" -> receiver.receiveTimesBit(l[1], one, 10);
                case "vectors" -> receiver.receiveVectors(l[1], one, 3);
                default -> throw new IllegalArgumentException(step);
            }
        });
        assertEquals("the peer sent a message of " + (expected + 1) + " words where this step expects " + expected,
                e.getMessage());
    }
}
