package org.consortia.mpc.runtime.session;

import java.time.Duration;

import org.consortia.mpc.protocols.net.PartyChannel;
import org.consortia.mpc.protocols.net.PeerException;
import org.consortia.mpc.runtime.transport.Frame;
import org.consortia.mpc.runtime.transport.FrameKind;
import org.consortia.mpc.runtime.transport.SessionMailbox;
import org.consortia.mpc.runtime.transport.Transport;

/**
 * One party's view of one session over a {@link Transport}: numbers frames per peer, checks the numbers
 * and lengths of what arrives, applies the round timeout, counts bytes and rounds in a {@link Meter}, and
 * names the peer and the phase in every failure. Node ids 0..parties-1 are parties; id {@code parties} is
 * the dealer, if the transport has one. Used by one thread, but for {@link #abortAll} and {@link #abort}, which
 * any thread may call.
 */
public final class SessionChannel implements PartyChannel {
    private final Transport transport;
    private final long sessionId;
    private final int parties;
    private final SessionMailbox mailbox;
    private final long timeoutNanos;
    private final java.util.concurrent.atomic.AtomicIntegerArray sendSeq; // aborts may come from another thread
    private final int[] recvSeq;
    private final Meter meter = new Meter();
    private String phase = "setup";
    private boolean helloSent;
    private final java.util.List<java.util.function.Consumer<String>> onAbort = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();

    public SessionChannel(Transport transport, long sessionId, int parties, Duration roundTimeout) {
        this.transport = transport;
        this.sessionId = sessionId;
        this.parties = parties;
        this.mailbox = transport.router().mailbox(sessionId);
        this.timeoutNanos = roundTimeout.toNanos();
        this.sendSeq = new java.util.concurrent.atomic.AtomicIntegerArray(parties + 1);
        this.recvSeq = new int[parties + 1];
    }

    @Override
    public int self() {
        return transport.self();
    }

    @Override
    public int parties() {
        return parties;
    }

    public int dealer() {
        return parties;
    }

    /** The transport this session runs over (its sub-sessions run over it too). */
    public Transport transport() {
        return transport;
    }

    /** The nodes of the session's transport: the parties, and the dealer if there is one. */
    private int nodes() {
        return transport.router().nodes();
    }

    public java.time.Duration roundTimeout() {
        return java.time.Duration.ofNanos(timeoutNanos);
    }

    /** Whether this party already told its peers it started the session (see {@code Preprocessing.sayHello}). */
    public boolean helloSent() {
        return helloSent;
    }

    public void helloSent(boolean sent) {
        this.helloSent = sent;
    }

    /**
     * Throws if a peer has aborted the session, without waiting: for a node that only sends (the dealer), which
     * would otherwise never read the abort. Consumes only a peer's ABORT frame (a lost connection shows in the
     * next send).
     */
    public void checkNotAborted() {
        for (int p = 0; p < nodes(); p++) {
            if (p == self()) {
                continue;
            }
            Frame f = mailbox.peek(p);
            if (f != null && f.kind() == FrameKind.ABORT && f.seq() >= 0) {
                receiveOne(p, FrameKind.ABORT, 0); // throws with the peer's code
            }
        }
    }

    /**
     * A peer whose ABORT is queued behind an out-of-order frame gave up: its abort, sent from another of its threads
     * (a stopping node's), may overtake nothing but may be overtaken by its data, so the abort is the cause, not a
     * protocol error.
     */
    private PeerException abortedOr(int peer, PeerException protocolError) {
        Frame f = mailbox.queuedAbort(peer);
        if (f == null) {
            return protocolError;
        }
        return aborted(peer, f);
    }

    /** The exception a peer's ABORT frame stands for: its code (if it carries a well-formed one), this phase. */
    private PeerException aborted(int peer, Frame abort) {
        String code = abortCode(abort.payload());
        return new PeerException(peer, phase, PeerException.Kind.ABORTED, code, "peer aborted the session ("
                + (code == null ? "no code given" : code) + ")", null);
    }

    /**
     * The abort of a peer that is queued here and not yet read (anywhere behind its other frames), as the exception its
     * reading would throw; {@code null} when no peer aborted. For a job interrupted out of local work by that abort.
     */
    public PeerException queuedPeerAbort() {
        for (int p = 0; p < nodes(); p++) {
            Frame f = p == self() ? null : mailbox.queuedAbort(p);
            if (f != null) {
                return aborted(p, f);
            }
        }
        return null;
    }

    /**
     * Interrupts {@code thread} as soon as a peer's ABORT arrives (on the transport's thread), so that a job busy in a
     * long local computation hears of a peer's failure within the computation's cancellation interval rather than at
     * its next receive; {@code null} stops it.
     */
    public void interruptOnPeerAbort(Thread thread) {
        mailbox.onPeerAbort(thread == null ? null : () -> {
            peerAbortInterrupted = true;
            thread.interrupt();
        });
    }

    private volatile boolean peerAbortInterrupted;

    /** Whether a peer's ABORT interrupted the thread given to {@link #interruptOnPeerAbort}. */
    public boolean interruptedByPeerAbort() {
        return peerAbortInterrupted;
    }

    /** The largest payload of one frame on this channel's transport, in words. */
    public int maxPayloadWords() {
        return transport.maxPayloadWords();
    }

    public long sessionId() {
        return sessionId;
    }

    public Meter meter() {
        return meter;
    }

    /** Names what the party is doing, for error messages ("offline", "online", ...). */
    public void phase(String name) {
        this.phase = name;
        org.slf4j.MDC.put("phase", name); // the job thread's log lines name the phase they are in
    }

    public String phase() {
        return phase;
    }

    @Override
    public void send(int peer, long[] words) {
        sendFrame(peer, FrameKind.DATA, words);
    }

    /**
     * Sends a message of the given kind; the payload is handed over, not copied (see {@link PartyChannel}). A
     * message larger than the transport's frame limit leaves as {@link FrameKind#PART} frames and a last frame of
     * its kind, each within the limit; the receiver puts them together.
     */
    public void sendFrame(int peer, FrameKind kind, long[] payload) {
        int max = transport.maxPayloadWords();
        if (payload.length <= max) {
            sendOne(peer, kind, payload);
            return;
        }
        int from = 0;
        while (payload.length - from > max) {
            sendOne(peer, FrameKind.PART, java.util.Arrays.copyOfRange(payload, from, from + max));
            from += max;
        }
        sendOne(peer, kind, java.util.Arrays.copyOfRange(payload, from, payload.length));
    }

    /**
     * Sends one frame. A party's sends to the dealer (CREDIT, from its preparer thread) and to its peers (from its
     * own thread) use different sequence counters; they count as offline traffic.
     */
    private void sendOne(int peer, FrameKind kind, long[] payload) {
        if (peer == self() || peer < 0 || peer >= nodes()) {
            throw new IllegalArgumentException("send to node " + peer + " from " + self());
        }
        String failed = mailbox.failure(peer);
        if (failed != null) { // do not wait for a connection to a peer this session already lost
            throw new PeerException(peer, phase, PeerException.Kind.LOST, failed);
        }
        Frame f = new Frame(sessionId, sendSeq.getAndIncrement(peer), kind, self(), payload);
        if (peer == dealer()) {
            meter.sentOffline(f.wireBytes());
        } else {
            meter.sent(f.wireBytes());
        }
        try {
            transport.send(peer, f);
        } catch (RuntimeException e) {
            throw new PeerException(peer, phase, PeerException.Kind.LOST, null, "send failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long[] receive(int peer, int expectedWords) {
        return receiveFrame(peer, FrameKind.DATA, expectedWords);
    }

    /** Receives the next frame from {@code peer}, which must be of {@code kind} (and length, unless -1). */
    public long[] receiveFrame(int peer, FrameKind kind, int expectedWords) {
        return receiveFrame(peer, kind, expectedWords, timeoutNanos);
    }

    /**
     * As {@link #receiveFrame(int, FrameKind, int)} with a timeout of its own (for each frame of the message). A
     * message sent in parts is put together; its parts may not exceed {@code expectedWords}, and a message of
     * unknown length ({@code -1}) may not come in parts.
     */
    public long[] receiveFrame(int peer, FrameKind kind, int expectedWords, long timeoutNanos) {
        java.util.List<long[]> parts = null;
        long partWords = 0;
        while (true) {
            Frame f = receiveOne(peer, kind, timeoutNanos);
            if (f.kind() == FrameKind.PART) {
                long[] part = f.payload();
                if (part.length == 0 || part.length > transport.maxPayloadWords()) {
                    throw new PeerException(peer, phase, "a message part of " + part.length + " words");
                }
                partWords += part.length;
                if (expectedWords < 0 || partWords > expectedWords) {
                    throw new PeerException(peer, phase, "message parts of " + partWords + " words, expected "
                            + (expectedWords < 0 ? "no parts" : expectedWords + " words in all"));
                }
                if (parts == null) {
                    parts = new java.util.ArrayList<>();
                }
                parts.add(part);
                continue;
            }
            long[] p = f.payload();
            if (parts != null) {
                long[] whole = new long[Math.toIntExact(partWords + p.length)];
                int at = 0;
                for (long[] part : parts) {
                    System.arraycopy(part, 0, whole, at, part.length);
                    at += part.length;
                }
                System.arraycopy(p, 0, whole, at, p.length);
                p = whole;
            }
            if (expectedWords >= 0 && p.length != expectedWords) {
                throw new PeerException(peer, phase, "message of " + p.length + " words, expected " + expectedWords);
            }
            return p;
        }
    }

    /**
     * The dealer's wait for a frame of {@code kind} from a party once it has dealt everything: the party's CREDIT
     * frames still in flight (it acknowledges corrections as it takes them) are consumed and ignored.
     */
    public long[] receiveFrameAfterCredits(int peer, FrameKind kind, long timeoutNanos) {
        while (true) {
            Frame f = receiveOne(peer, kind, timeoutNanos, true);
            if (f.kind() == kind) {
                return f.payload();
            }
        }
    }

    private Frame receiveOne(int peer, FrameKind kind, long timeoutNanos) {
        return receiveOne(peer, kind, timeoutNanos, false);
    }

    /** The next frame from {@code peer}, checked to be of {@code kind} or a PART of it (or a CREDIT) and in sequence. */
    private Frame receiveOne(int peer, FrameKind kind, long timeoutNanos, boolean orCredit) {
        Frame f;
        try {
            f = mailbox.poll(peer, timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(peer, phase, "interrupted while waiting", e);
        }
        if (f == null) {
            throw new PeerException(peer, phase, PeerException.Kind.TIMEOUT, "no message within the timeout of "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        }
        if (f.kind() == FrameKind.ABORT) {
            if (f.seq() < 0) { // the transport's marker: the connection is gone
                throw new PeerException(peer, phase, PeerException.Kind.LOST, String.valueOf(mailbox.failure(peer)));
            }
            throw aborted(peer, f); // the peer's own abort, even if its connection closed right after
        }
        if (f.kind() != kind && f.kind() != FrameKind.PART && !(orCredit && f.kind() == FrameKind.CREDIT)) {
            throw abortedOr(peer, new PeerException(peer, phase, "expected a " + kind + " frame, got " + f.kind()));
        }
        if (f.seq() != recvSeq[peer]) {
            throw abortedOr(peer, new PeerException(peer, phase, "frame sequence " + f.seq() + ", expected " + recvSeq[peer]));
        }
        recvSeq[peer]++;
        if (peer == dealer()) {
            meter.receivedOffline(f.wireBytes()); // the dealer's stream may arrive during the online phase
        } else {
            meter.received(f.wireBytes());
        }
        return f;
    }

    /**
     * What an abort may carry: a code of upper-case letters and underscores, optionally with the node id where
     * the failure arose ({@code PEER_LOST:2}), nothing else.
     */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Z][A-Z_]{0,31}(:[0-9]{1,2})?");

    /** The code in an ABORT payload, or {@code null} if it carries anything but a code. */
    static String abortCode(long[] payload) {
        try {
            String s = new String(Frame.bytesOf(payload), java.nio.charset.StandardCharsets.UTF_8);
            return CODE.matcher(s).matches() ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Tells every other node of the session that this party gives up (best effort). Only {@code code} travels
     * with it: upper-case letters and underscores from the node's fixed vocabulary (e.g. {@code INPUT_INVALID}),
     * optionally ":" and the id of the node where the failure arose; never a message, so nothing about this
     * party's data can leave with it.
     */
    public void abortAll(String code) {
        if (!CODE.matcher(String.valueOf(code)).matches()) {
            throw new IllegalArgumentException("an abort carries a code of A-Z and '_' only");
        }
        if (!aborted.compareAndSet(false, true)) { // the first reason wins (a stopping node's, before its job thread's)
            return;
        }
        for (java.util.function.Consumer<String> also : onAbort) {
            also.accept(code);
        }
        for (int p = 0; p < nodes(); p++) {
            if (p != self()) {
                abort(p, code);
            }
        }
    }

    /**
     * What else {@link #abortAll} tells (with the same code): the session's sub-sessions (OT links), so that a peer
     * waiting on one hears of the failure at once.
     */
    public void onAbort(java.util.function.Consumer<String> also) {
        onAbort.add(also);
    }

    /** Tells one peer that this party gives up (best effort, never waits); see {@link #abortAll}. */
    public void abort(int peer, String code) {
        if (!CODE.matcher(String.valueOf(code)).matches()) {
            throw new IllegalArgumentException("an abort carries a code of A-Z and '_' only");
        }
        if (peer == self() || peer < 0 || peer >= nodes()) {
            throw new IllegalArgumentException("abort to node " + peer + " from " + self());
        }
        if (mailbox.failure(peer) == null) { // a peer known to be gone would only make us wait
            long[] why = Frame.wordsOf(code.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                transport.trySend(peer, new Frame(sessionId, sendSeq.getAndIncrement(peer), FrameKind.ABORT, self(), why)); // never waits
            } catch (RuntimeException ignored) {
                // the peer may be gone already; it learns from its own timeout
            }
        }
    }

    /** Releases this session's mailbox. */
    public void close() {
        transport.router().release(sessionId);
        org.slf4j.MDC.remove("phase"); // the closing thread (the job's) logs no stale phase after the session
    }

    @Override
    public Scope operation(String name) {
        meter.enter(name);
        return meter::exit;
    }

    @Override
    public String toString() {
        return "SessionChannel[session=" + Long.toHexString(sessionId) + ", party=" + self() + "/" + parties + "]";
    }
}
