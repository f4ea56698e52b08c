package org.consortia.mpc.programs;

import org.consortia.mpc.sharing.MpcArgumentException;

/**
 * A program refused before anything runs: it names the program node and the field, never a member's data (a program
 * is public: its submitter wrote every name it holds).
 */
public final class ProgramException extends MpcArgumentException {
    private static final long serialVersionUID = 1L;
    private final String node;
    private final String field;

    public ProgramException(String node, String field, String reason) {
        super("program node '" + node + "'" + (field == null ? "" : " field '" + field + "'") + ": " + reason);
        this.node = node;
        this.field = field;
    }

    /** The program node at fault ({@code (program)} for the whole document). */
    public String node() {
        return node;
    }

    /** The field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
