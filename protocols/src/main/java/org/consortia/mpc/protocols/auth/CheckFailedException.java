package org.consortia.mpc.protocols.auth;

import org.consortia.mpc.sharing.MpcException;

/**
 * A MAC check failed (here or at a peer): some party deviated from the protocol. The job aborts on every honest
 * party before any result is accepted. The message names the code and the phase, never a value or a party's share.
 */
public final class CheckFailedException extends MpcException {
    private static final long serialVersionUID = 1L;

    /** The abort code other members see. */
    public static final String CODE = "CHECK_FAILED";

    private final String phase;

    public CheckFailedException(String phase) {
        super(CODE + " in phase " + phase + ": a party deviated from the protocol; nothing was revealed");
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    public String code() {
        return CODE;
    }
}
