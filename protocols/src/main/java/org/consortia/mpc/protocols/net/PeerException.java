package org.consortia.mpc.protocols.net;

import org.consortia.mpc.sharing.MpcException;

/** A peer did not answer in time, sent something malformed, or failed: the job aborts on every party. */
public class PeerException extends MpcException {
    private static final long serialVersionUID = 1L;
    private final int peer;
    private final String phase;

    public PeerException(int peer, String phase, String message) {
        super("peer " + peer + " during " + phase + ": " + message);
        this.peer = peer;
        this.phase = phase;
    }

    public PeerException(int peer, String phase, String message, Throwable cause) {
        super("peer " + peer + " during " + phase + ": " + message, cause);
        this.peer = peer;
        this.phase = phase;
    }

    public int peer() {
        return peer;
    }

    public String phase() {
        return phase;
    }
}
