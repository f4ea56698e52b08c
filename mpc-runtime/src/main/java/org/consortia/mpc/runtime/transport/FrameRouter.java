package org.consortia.mpc.runtime.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes incoming frames to per-session mailboxes. Transports (event loops) call {@link #deliver}; protocol
 * threads take frames from {@link #mailbox}. Everything is bounded:
 * <ul>
 * <li>A mailbox that holds more than {@code highWaterBytes} from one sender pauses that sender
 *     ({@link Backpressure#pause}: the transport stops reading its socket) until it drains below half of it.</li>
 * <li>With {@link #expectedSessionsOnly}, a frame for a session nobody expects (no {@link #expect}, no open
 *     mailbox) is dropped at once and counted: a member cannot make a node allocate for sessions it never
 *     agreed to. Without it (simulations), at most {@link #MAX_UNCLAIMED_SESSIONS} mailboxes are opened by
 *     frames alone.</li>
 * <li>Late frames of recently finished sessions are dropped (the last {@link #CLOSED_SESSIONS_REMEMBERED}).</li>
 * </ul>
 */
public final class FrameRouter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameRouter.class);
    static final int CLOSED_SESSIONS_REMEMBERED = 10_000;
    static final int MAX_UNCLAIMED_SESSIONS = 1024;
    /** The default per-sender, per-session buffer before the sender is paused. */
    public static final long DEFAULT_HIGH_WATER_BYTES = 128L << 20;

    /** How a transport stops and restarts reading from a node. */
    public interface Backpressure {
        Backpressure NONE = new Backpressure() {
            @Override
            public void pause(int node) {
            }

            @Override
            public void resume(int node) {
            }
        };

        void pause(int node);

        void resume(int node);
    }

    private final int nodes;
    private final long highWaterBytes;
    private final ConcurrentMap<Long, SessionMailbox> sessions = new ConcurrentHashMap<>();
    private final Set<Long> expected = ConcurrentHashMap.newKeySet();
    /** Expected sessions by their low 56 bits: their sub-sessions (see {@link #subSession}) are expected with them. */
    private final ConcurrentMap<Long, Long> families = new ConcurrentHashMap<>();
    private final AtomicInteger[] overHigh;
    private final AtomicLong dropped = new AtomicLong();
    private volatile Consumer<Frame> controlHandler = f -> { };
    private volatile Backpressure backpressure = Backpressure.NONE;
    private volatile boolean expectedOnly;
    private final Set<Long> closed = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<Long, Boolean>(16,
            0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > CLOSED_SESSIONS_REMEMBERED;
        }
    }));

    /** @param nodes number of node ids that may send (parties plus dealer) */
    public FrameRouter(int nodes) {
        this(nodes, DEFAULT_HIGH_WATER_BYTES);
    }

    public FrameRouter(int nodes, long highWaterBytes) {
        this.nodes = nodes;
        this.highWaterBytes = highWaterBytes;
        this.overHigh = new AtomicInteger[nodes];
        for (int i = 0; i < nodes; i++) {
            overHigh[i] = new AtomicInteger();
        }
    }

    public void deliver(Frame frame) {
        if (frame.sender() < 0 || frame.sender() >= nodes) {
            throw new IllegalArgumentException("frame from unknown node " + frame.sender() + ": " + frame);
        }
        if (frame.kind() == FrameKind.CONTROL) {
            controlHandler.accept(frame);
            return;
        }
        long id = frame.sessionId();
        SessionMailbox box = sessions.get(id);
        if (box == null) {
            if (closed.contains(id)) {
                return; // a straggler (e.g. an ABORT) for a session this node has finished
            }
            if (expectedOnly ? !expected.contains(id) && !isLinkOf(id, frame.sender())
                    : sessions.size() >= MAX_UNCLAIMED_SESSIONS) {
                long n = dropped.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("dropped a frame from node {} for a session this node does not expect ({} dropped so far)",
                            frame.sender(), n);
                }
                return;
            }
            box = mailbox(id);
            if (expectedOnly && !expected.contains(id) && !isLinkOf(id, frame.sender())) {
                release(id); // its session was released meanwhile: the cascade may have missed this mailbox
                return;
            }
        }
        box.put(frame);
    }

    /**
     * Where {@link FrameKind#CONTROL} frames go (job starts). Called on transport threads: the handler must
     * only hand the frame over, never block.
     */
    public void controlHandler(Consumer<Frame> handler) {
        this.controlHandler = handler;
    }

    /** How to pause and resume reading from a node (set by the transport). */
    public void backpressure(Backpressure b) {
        this.backpressure = b;
    }

    /** From now on, frames are accepted only for sessions announced with {@link #expect} (or already open). */
    public void expectedSessionsOnly() {
        this.expectedOnly = true;
    }

    /** Announces a session this node agreed to take part in, and with it its sub-sessions. */
    public void expect(long sessionId) {
        expected.add(sessionId);
        families.put(sessionId & LOW_56, sessionId);
    }

    /**
     * Whether {@code id} is a link of an expected session that {@code sender} takes part in: sub-session
     * {@code 16 s + r} of it with s != r, both node ids, and the sender one of them. So a member opens at most two
     * links per peer and session, never 255.
     */
    private boolean isLinkOf(long id, int sender) {
        Long parent = families.get(id & LOW_56);
        if (parent == null || parent == id) {
            return false;
        }
        int k = (int) (((id ^ parent) >>> 56) & 0xFF) - 1;
        int s = k / 16;
        int r = k % 16;
        return k >= 0 && s != r && s < nodes && r < nodes && (sender == s || sender == r);
    }

    /** Whether a session with this id's low 56 bits is expected (a proposal reusing them would share its links). */
    public boolean familyInUse(long sessionId) {
        return families.containsKey(sessionId & LOW_56);
    }

    private static final long LOW_56 = (1L << 56) - 1;

    /** How many sub-sessions a session may have. */
    public static final int MAX_SUB_SESSIONS = 255;

    /**
     * Sub-session {@code k} of a session: a separate mailbox and frame sequence for traffic that runs beside the
     * session's own (a party's oblivious-transfer links, one per ordered pair of parties), expected and released with
     * the session. Its id differs from the session's in the top byte only ({@code k + 1} XORed into it), so it is never
     * the session's own id.
     */
    public static long subSession(long sessionId, int k) {
        if (k < 0 || k >= MAX_SUB_SESSIONS) {
            throw new IllegalArgumentException("sub-session " + k + " of " + MAX_SUB_SESSIONS);
        }
        return sessionId ^ ((k + 1L) << 56);
    }

    public SessionMailbox mailbox(long sessionId) {
        return sessions.computeIfAbsent(sessionId, id -> new SessionMailbox(nodes, highWaterBytes, this));
    }

    /**
     * Forgets a finished session (and, for a session announced with {@link #expect}, its sub-sessions), drops whatever
     * it still holds and ignores its late frames.
     */
    public void release(long sessionId) {
        closed.add(sessionId);
        if (expected.remove(sessionId)) { // a session this node expected: its sub-sessions end with it
            long family = sessionId & LOW_56;
            families.remove(family, sessionId);
            for (Long sub : sessions.keySet()) {
                if ((sub & LOW_56) == family && sub != sessionId) {
                    release(sub);
                }
            }
        }
        SessionMailbox box = sessions.remove(sessionId);
        if (box != null) {
            box.drain();
        }
    }

    /** How many nodes may send: the parties, and the dealer if the consortium has one. */
    public int nodes() {
        return nodes;
    }

    /** Sessions with a mailbox (for tests and health). */
    public int openSessions() {
        return sessions.size();
    }

    /** Frames dropped because their session was not expected. */
    public long droppedFrames() {
        return dropped.get();
    }

    /** Fails every open session with the news that {@code node} is gone. */
    public void nodeFailed(int node, String reason) {
        sessions.values().forEach(m -> m.fail(node, reason));
    }

    /** Whether reading from {@code node} is paused by a full mailbox. */
    public boolean paused(int node) {
        return overHigh[node].get() > 0;
    }

    void aboveHighWater(int node) {
        if (overHigh[node].incrementAndGet() == 1) {
            backpressure.pause(node);
        }
    }

    void belowLowWater(int node) {
        if (overHigh[node].decrementAndGet() == 0) {
            backpressure.resume(node);
        }
    }
}
