package org.consortia.mpc.sharing;

/**
 * Root of the project's exception hierarchy. Messages name operands, shapes, parties and phases,
 * never share or input values.
 */
public class MpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MpcException(String message) {
        super(message);
    }

    public MpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
