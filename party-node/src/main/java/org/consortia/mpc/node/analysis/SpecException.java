package org.consortia.mpc.node.analysis;

/** A job spec field is missing or invalid: names the field and what is expected (HTTP 400). */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public SpecException(String field, String expected) {
        super("job spec: params." + field + ": expected " + expected);
        this.field = field;
    }

    /** A refusal stated in full by its {@code reason} (a program's, naming the program node and field). */
    public SpecException(String field, String reason, boolean stated) {
        super("job spec: params." + field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
