package org.consortia.mpc.protocols.net;

import org.consortia.mpc.sharing.MpcException;

/** A peer did not answer in time, sent something malformed, or failed: the job aborts on every party. */
public class PeerException extends MpcException {
    private static final long serialVersionUID = 1L;

    /** What went wrong with the peer. */
    public enum Kind {
        /** The connection to the peer is gone. */
        LOST,
        /** The peer sent nothing within the timeout. */
        TIMEOUT,
        /** The peer aborted the session (see {@link #remoteCode()}). */
        ABORTED,
        /** The peer sent something out of order or malformed. */
        PROTOCOL
    }

    private final int peer;
    private final String phase;
    private final Kind kind;
    private final String remoteCode;

    public PeerException(int peer, String phase, String message) {
        this(peer, phase, Kind.PROTOCOL, null, message, null);
    }

    public PeerException(int peer, String phase, String message, Throwable cause) {
        this(peer, phase, Kind.PROTOCOL, null, message, cause);
    }

    public PeerException(int peer, String phase, Kind kind, String message) {
        this(peer, phase, kind, null, message, null);
    }

    /**
     * @param remoteCode for {@link Kind#ABORTED}: the code the peer gave (from a fixed vocabulary), or null
     */
    public PeerException(int peer, String phase, Kind kind, String remoteCode, String message, Throwable cause) {
        super("peer " + peer + " during " + phase + ": " + message, cause);
        this.peer = peer;
        this.phase = phase;
        this.kind = kind;
        this.remoteCode = remoteCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The code an aborting peer gave, or {@code null}. */
    public String remoteCode() {
        return remoteCode;
    }

    public int peer() {
        return peer;
    }

    public String phase() {
        return phase;
    }
}
