package org.consortia.mpc.node.data;

/**
 * A dataset that cannot be read as declared: unreachable, a missing column, a type or a row that does not fit. The
 * message names the dataset, and the row and column where one is at fault, never a cell's value; it is for the member's
 * own log (peers see a code).
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
