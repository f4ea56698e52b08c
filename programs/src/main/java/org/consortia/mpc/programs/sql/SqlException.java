package org.consortia.mpc.programs.sql;

/**
 * A query this compiler does not accept: one line naming the construct and what is supported (never a member's data:
 * a query names only public schema).
 */
public final class SqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SqlException(String message) {
        super(message);
    }
}
