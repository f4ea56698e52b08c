package org.consortia.mpc.node.state;

/** A state file the node cannot trust: names the file, the line and the recovery command (one line). */
public final class StateCorruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateCorruptException(String message) {
        super(message);
    }
}
