package org.consortia.mpc.config;

/**
 * A configuration error: names the file (or source), the path of the field, what was found and what is
 * expected, so that an operator can fix it without reading code.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String field;

    public ConfigException(String source, String field, String found, String expected) {
        super(source + ": " + field + ": found " + found + ", expected " + expected);
        this.source = source;
        this.field = field;
    }

    public String source() {
        return source;
    }

    public String field() {
        return field;
    }
}
