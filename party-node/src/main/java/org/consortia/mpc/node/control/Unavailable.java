package org.consortia.mpc.node.control;

/** The node cannot take a job now (a member is not connected, its state directory is full, it is stopping): HTTP 503. */
public final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
        super(message);
    }
}
