package org.consortia.mpc.runtime.session;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Byte, frame and round counters of one party in one session, split into the offline phase (seeds and
 * dealer corrections) and the online phase, and per named operation. A round starts with the first send
 * after a receive (or the session's first send). Updated by the party's thread and, for the dealer's stream, by
 * its preparer (see {@link StreamingSource}).
 */
public final class Meter {
    /** Costs of one operation name. */
    public static final class OpCost {
        private long calls;
        private long bytesSent;
        private long rounds;

        public long calls() {
            return calls;
        }

        public long bytesSent() {
            return bytesSent;
        }

        public long rounds() {
            return rounds;
        }

        @Override
        public String toString() {
            return "calls=" + calls + ", bytes=" + bytesSent + ", rounds=" + rounds;
        }
    }

    private boolean online;
    private long offlineBytesSent;
    private long offlineBytesReceived;
    private long onlineBytesSent;
    private long onlineBytesReceived;
    private long onlineFramesSent;
    private long rounds;
    private boolean receivedSinceSend = true;
    private int depth;
    private OpCost current;
    private final Map<String, OpCost> ops = new LinkedHashMap<>();

    public synchronized void startOnline() {
        online = true;
        receivedSinceSend = true;
    }

    synchronized void sent(long bytes) {
        if (!online) {
            offlineBytesSent += bytes;
            return;
        }
        onlineBytesSent += bytes;
        onlineFramesSent++;
        boolean newRound = receivedSinceSend;
        if (newRound) {
            rounds++;
            receivedSinceSend = false;
        }
        if (current != null) {
            current.bytesSent += bytes;
            if (newRound) {
                current.rounds++;
            }
        }
    }

    /** Bytes a party sends the dealer (flow-control credit), whenever it sends them: offline traffic. */
    synchronized void sentOffline(long bytes) {
        offlineBytesSent += bytes;
    }

    /** Bytes received for the offline phase (the dealer's stream), whenever they arrive. */
    synchronized void receivedOffline(long bytes) {
        offlineBytesReceived += bytes;
    }

    synchronized void received(long bytes) {
        if (online) {
            onlineBytesReceived += bytes;
            receivedSinceSend = true;
        } else {
            offlineBytesReceived += bytes;
        }
    }

    void enter(String name) {
        if (depth++ == 0) {
            current = ops.computeIfAbsent(name, k -> new OpCost());
            current.calls++;
        }
    }

    void exit() {
        if (--depth == 0) {
            current = null;
        }
    }

    public long onlineBytesSent() {
        return onlineBytesSent;
    }

    public long onlineBytesReceived() {
        return onlineBytesReceived;
    }

    public long onlineFramesSent() {
        return onlineFramesSent;
    }

    public long offlineBytesSent() {
        return offlineBytesSent;
    }

    public long offlineBytesReceived() {
        return offlineBytesReceived;
    }

    /** Online rounds this party took part in as a sender. */
    public long rounds() {
        return rounds;
    }

    /** Costs per top-level operation, in first-use order. */
    public Map<String, OpCost> operations() {
        return java.util.Collections.unmodifiableMap(ops);
    }

    @Override
    public String toString() {
        return "Meter[online sent=" + onlineBytesSent + " B in " + rounds + " rounds, offline received="
                + offlineBytesReceived + " B]";
    }
}
