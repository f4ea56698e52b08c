package org.consortia.mpc.programs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A node's attributes, read by its op with their types checked: every error names the node and the field, and
 * {@link #refuseUnknown()} refuses a field the op did not read.
 */
public final class Attrs {
    private final ProgramNode node;
    private final String prefix;
    private final Set<String> read = new HashSet<>();

    Attrs(ProgramNode node) {
        this(node, "");
    }

    private Attrs(ProgramNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public String node() {
        return node.id();
    }

    public boolean has(String field) {
        read.add(field);
        return node.attrs().get(field) != null;
    }

    public ProgramException error(String field, String reason) {
        return new ProgramException(node.id(), prefix + field, reason);
    }

    public String string(String field) {
        read.add(field);
        if (!(node.attrs().get(field) instanceof String s) || s.isEmpty() || s.length() > 256) {
            throw error(field, "a non-empty string of at most 256 characters");
        }
        return s;
    }

    /** An integer within [lo, hi]. */
    public long integer(String field, long lo, long hi) {
        read.add(field);
        Object v = node.attrs().get(field);
        if (!(v instanceof Long l) || l < lo || l > hi) {
            throw error(field, "an integer from " + lo + " to " + hi);
        }
        return l;
    }

    public int integer(String field, int lo, int hi, int fallback) {
        return has(field) ? (int) integer(field, lo, hi) : fallback;
    }

    /** A finite number within [lo, hi]. */
    public double real(String field, double lo, double hi) {
        read.add(field);
        Object v = node.attrs().get(field);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < lo || n.doubleValue() > hi) {
            throw error(field, "a number from " + lo + " to " + hi);
        }
        return n.doubleValue();
    }

    /** A list of at most {@code max} integers each within [lo, hi]. */
    public int[] integers(String field, int lo, int hi, int max) {
        read.add(field);
        if (!(node.attrs().get(field) instanceof List<?> l) || l.size() > max) {
            throw error(field, "a list of at most " + max + " integers");
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x) || x < lo || x > hi) {
                throw error(field, "integers from " + lo + " to " + hi);
            }
            out[i] = (int) (long) x;
        }
        return out;
    }

    /** A list of at most {@code max} finite numbers. */
    public double[] reals(String field, long max) {
        read.add(field);
        if (!(node.attrs().get(field) instanceof List<?> l) || l.size() > max) {
            throw error(field, "a list of at most " + max + " numbers");
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw error(field, "finite numbers only (element " + i + ")");
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** A list of 1 to {@code max} non-empty strings. */
    public List<String> strings(String field, int max) {
        read.add(field);
        if (!(node.attrs().get(field) instanceof List<?> l) || l.isEmpty() || l.size() > max) {
            throw error(field, "a list of 1 to " + max + " strings");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s) || s.isEmpty() || s.length() > 256) {
                throw error(field, "non-empty strings of at most 256 characters");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * A list of 1 to {@code max} JSON objects, each read as attributes of its own (errors name {@code field[i].x}); the
     * caller refuses their unknown fields with {@link #refuseUnknown()} on each.
     */
    @SuppressWarnings("unchecked")
    public List<Attrs> objects(String field, int max) {
        read.add(field);
        if (!(node.attrs().get(field) instanceof List<?> l) || l.isEmpty() || l.size() > max) {
            throw error(field, "a list of 1 to " + max + " objects");
        }
        List<Attrs> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof java.util.Map<?, ?> m)) {
                throw error(field + "[" + i + "]", "an object");
            }
            out.add(new Attrs(new ProgramNode(node.id(), node.op(), List.of(), (java.util.Map<String, Object>) m),
                    prefix + field + "[" + i + "]."));
        }
        return out;
    }

    /** The raw value of a field (a member: a name or an index). */
    public Object raw(String field) {
        read.add(field);
        return node.attrs().get(field);
    }

    /** Refuses any attribute the op did not read. */
    public void refuseUnknown() {
        for (String k : node.attrs().keySet()) {
            if (!read.contains(k)) {
                throw error(k, "unknown field for op " + node.op());
            }
        }
    }
}
