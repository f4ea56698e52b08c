package org.consortia.mpc.node.state;

/** A record could not be written durably (e.g. the disk is full); the file was left as it was. */
public final class StateUnwritableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateUnwritableException(String message, Throwable cause) {
        super(message, cause);
    }
}
