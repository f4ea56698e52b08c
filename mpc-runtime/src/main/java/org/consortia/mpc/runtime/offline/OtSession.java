package org.consortia.mpc.runtime.offline;

import java.security.SecureRandom;
import java.time.Duration;

import org.consortia.mpc.config.OfflineMode;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.ot.BaseOtStore;
import org.consortia.mpc.runtime.ot.OtLink;
import org.consortia.mpc.runtime.ot.OtTriples;
import org.consortia.mpc.runtime.session.SessionChannel;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.FrameRouter;
import org.consortia.mpc.runtime.transport.Transport;
import org.consortia.mpc.sharing.dealer.Material;
import org.consortia.mpc.sharing.dealer.Request;
import org.consortia.mpc.sharing.prg.PrgRandom;

/**
 * A party's correlated randomness for one session, made with the other parties by oblivious transfer over the
 * session's own transport (mutual TLS between nodes): one link per ordered pair of parties, each a sub-session of the
 * session ({@link FrameRouter#subSession}) with its own mailbox and frame numbers, so the OT traffic runs beside the
 * online phase without mixing with it. {@link #start} runs the base OTs (on the preparer's thread, once the demand is
 * agreed), or reuses those a {@link BaseOtStore} keeps with each peer; then every item is made in the demand's order
 * ({@link OtMaterial}). Aborting the session aborts its links.
 */
public final class OtSession implements MaterialSource, AutoCloseable {
    private final int self;
    private final int parties;
    private final SessionChannel[] to;
    private final SessionChannel[] from;
    private final SecureRandom random;
    private final BaseOtStore store;
    private volatile OtMaterial material; // set by start() on the preparer's thread, read by close() on another
    private volatile OtTriples triples;

    /**
     * Party {@code main.self()}'s links over {@code main}'s transport (no message is sent yet): sub-session
     * {@code 16 s + r} carries the products where party s sends and party r receives, so at most
     * {@link OfflineMode#OT_MAX_PARTIES} parties (a consortium file or job with more is refused before this).
     */
    public OtSession(SessionChannel main, SecureRandom random) {
        this(main, random, null);
    }

    /**
     * As {@link #OtSession(SessionChannel, SecureRandom)}, keeping the base OTs with each peer in {@code store} across
     * sessions (null: fresh ones every session). The session's own draws come from a PRG {@code random} seeds.
     */
    public OtSession(SessionChannel main, SecureRandom random, BaseOtStore store) {
        Transport transport = main.transport();
        this.self = main.self();
        this.parties = main.parties();
        if (parties > OfflineMode.OT_MAX_PARTIES) {
            throw new IllegalArgumentException("oblivious transfer links for at most " + OfflineMode.OT_MAX_PARTIES
                    + " parties, not " + parties);
        }
        this.random = PrgRandom.seededBy(random);
        this.store = store;
        this.to = new SessionChannel[parties];
        this.from = new SessionChannel[parties];
        Duration timeout = main.roundTimeout().multipliedBy(Preprocessing.READY_TIMEOUT_ROUNDS);
        for (int q = 0; q < parties; q++) {
            if (q != self) {
                to[q] = new SessionChannel(transport, FrameRouter.subSession(main.sessionId(), link(self, q)), parties, timeout);
                from[q] = new SessionChannel(transport, FrameRouter.subSession(main.sessionId(), link(q, self)), parties, timeout);
                to[q].phase("offline: oblivious transfer");
                from[q].phase("offline: oblivious transfer");
            }
        }
        main.onAbort(code -> {
            for (int q = 0; q < parties; q++) {
                if (q != self) {
                    to[q].abort(q, code);
                    from[q].abort(q, code);
                }
            }
        });
    }

    /** The sub-session of the link where party s sends and party r receives. */
    private static int link(int s, int r) {
        return OfflineMode.OT_MAX_PARTIES * s + r;
    }

    /** The base OTs of every link (the peers run theirs at the same time). */
    @Override
    public void start() throws Exception {
        OtLink[] toLinks = new OtLink[parties];
        OtLink[] fromLinks = new OtLink[parties];
        for (int q = 0; q < parties; q++) {
            if (q != self) {
                toLinks[q] = new Link(to[q], q);
                fromLinks[q] = new Link(from[q], q);
            }
        }
        triples = OtTriples.setup(self, parties, toLinks, fromLinks, random, store);
        material = new OtMaterial(triples, random);
    }

    @Override
    public Material make(Request request, long index) throws Exception {
        if (material == null) {
            throw new IllegalStateException("the oblivious transfer links are not set up");
        }
        return material.make(request, index);
    }

    /** Bytes this party sent on its links so far. */
    public long bytesSent() {
        long s = 0;
        for (int q = 0; q < parties; q++) {
            if (q != self) {
                s += to[q].meter().offlineBytesSent() + from[q].meter().offlineBytesSent();
            }
        }
        return s;
    }

    /** Releases the links' mailboxes (again: a no-op). */
    @Override
    public synchronized void close() {
        if (triples != null) {
            triples.close();
            triples = null;
        }
        for (int q = 0; q < parties; q++) {
            if (q != self) {
                to[q].close();
                from[q].close();
            }
        }
    }

    @Override
    public String toString() {
        return "OtSession[party " + self + " of " + parties + "]";
    }

    /**
     * One link: a message is a one-word length frame and then the message (split into frames by the channel if it is
     * larger than one), each within the channel's timeout. A declared length other than the one the step expects is
     * refused before any of the message is received (and the channel takes no frame beyond that length): the peer's
     * protocol error ({@link PeerException} naming the peer), so the job fails as PROTOCOL_ERROR of the sender.
     */
    private record Link(SessionChannel ch, int peer) implements OtLink {
        @Override
        public void send(long[] message) {
            ch.sendFrame(peer, FrameKind.DATA, new long[] {message.length});
            ch.sendFrame(peer, FrameKind.DATA, message);
        }

        @Override
        public long[] receive(int words) {
            long declared = ch.receiveFrame(peer, FrameKind.DATA, 1)[0];
            if (declared != words) {
                throw malformed("an oblivious transfer message of " + declared + " words where this step expects " + words);
            }
            return ch.receiveFrame(peer, FrameKind.DATA, words);
        }

        @Override
        public RuntimeException malformed(String what) {
            return new PeerException(peer, ch.phase(), what);
        }

        @Override
        public long bytesSent() {
            return ch.meter().offlineBytesSent();
        }
    }
}
