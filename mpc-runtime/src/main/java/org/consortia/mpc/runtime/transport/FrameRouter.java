package org.consortia.mpc.runtime.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Routes incoming frames to per-session mailboxes. Transports (event loops) call {@link #deliver}; protocol
 * threads take frames from {@link #mailbox}. A mailbox is created by whichever comes first, the first frame or
 * the session's start.
 */
public final class FrameRouter {
    private final int nodes;
    private final ConcurrentMap<Long, SessionMailbox> sessions = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<Frame> controlHandler = f -> { };
    /** Recently finished sessions: late frames for them are dropped instead of opening a mailbox nobody reads. */
    private final java.util.Set<Long> closed = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<Long, Boolean>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, Boolean> eldest) {
                    return size() > CLOSED_SESSIONS_REMEMBERED;
                }
            }));
    static final int CLOSED_SESSIONS_REMEMBERED = 10_000;

    /** @param nodes number of node ids that may send (parties plus dealer) */
    public FrameRouter(int nodes) {
        this.nodes = nodes;
    }

    public void deliver(Frame frame) {
        if (frame.sender() < 0 || frame.sender() >= nodes) {
            throw new IllegalArgumentException("frame from unknown node " + frame.sender() + ": " + frame);
        }
        if (frame.kind() == FrameKind.CONTROL) {
            controlHandler.accept(frame);
            return;
        }
        if (closed.contains(frame.sessionId())) {
            return; // a straggler (e.g. an ABORT) for a session this node has finished
        }
        mailbox(frame.sessionId()).put(frame);
    }

    /**
     * Where {@link FrameKind#CONTROL} frames go (job starts). Called on transport threads: the handler must
     * only hand the frame over, never block.
     */
    public void controlHandler(java.util.function.Consumer<Frame> handler) {
        this.controlHandler = handler;
    }

    public SessionMailbox mailbox(long sessionId) {
        return sessions.computeIfAbsent(sessionId, id -> new SessionMailbox(nodes));
    }

    /** Forgets a finished session, drops whatever it still holds and ignores its late frames. */
    public void release(long sessionId) {
        closed.add(sessionId);
        sessions.remove(sessionId);
    }

    /** Sessions with a mailbox (for tests and health). */
    public int openSessions() {
        return sessions.size();
    }

    /** Fails every open session with the news that {@code node} is gone. */
    public void nodeFailed(int node, String reason) {
        sessions.values().forEach(m -> m.fail(node, reason));
    }
}
