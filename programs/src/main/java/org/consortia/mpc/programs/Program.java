package org.consortia.mpc.programs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A program as written (format {@code mpc-program}, version 1; see docs/programs.md): nodes in topological order.
 * {@link #parse} checks the document's structure (format, version, ids, references, node count); the ops' attributes,
 * shapes and kinds are checked by {@link Checker}. Its {@link #canonical()} JSON is what travels in a job spec and what
 * members vote on.
 */
public record Program(List<ProgramNode> nodes) {
    public static final String FORMAT = "mpc-program";
    public static final int VERSION = 1;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    public Program {
        nodes = List.copyOf(nodes);
    }

    /** Parses and structurally checks a program; every error is a {@link ProgramException} naming node and field. */
    public static Program parse(String json, ProgramLimits limits) {
        Object root = Json.parse(json, limits.maxChars());
        if (!(root instanceof Map<?, ?> top)) {
            throw new ProgramException("(program)", null, "a JSON object with format, version and nodes");
        }
        for (Object k : top.keySet()) {
            if (!Set.of("format", "version", "nodes").contains(k)) {
                throw new ProgramException("(program)", String.valueOf(k), "unknown field (format, version and nodes are known)");
            }
        }
        if (!FORMAT.equals(top.get("format"))) {
            throw new ProgramException("(program)", "format", "must be \"" + FORMAT + "\"");
        }
        if (!(top.get("version") instanceof Long v) || v != VERSION) {
            throw new ProgramException("(program)", "version", "must be " + VERSION + " (the version this node reads)");
        }
        if (!(top.get("nodes") instanceof List<?> list) || list.isEmpty()) {
            throw new ProgramException("(program)", "nodes", "a non-empty list of nodes");
        }
        if (list.size() > limits.maxNodes()) {
            throw new ProgramException("(program)", "nodes", list.size() + " nodes; at most " + limits.maxNodes() + " are accepted");
        }
        List<ProgramNode> out = new ArrayList<>(list.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(node(list.get(i), i, seen));
        }
        return new Program(out);
    }

    private static ProgramNode node(Object o, int index, Set<String> seen) {
        String where = "#" + index;
        if (!(o instanceof Map<?, ?> m)) {
            throw new ProgramException(where, null, "a node is a JSON object");
        }
        if (!(m.get("id") instanceof String id) || !ID.matcher(id).matches()) {
            throw new ProgramException(where, "id", "1 to 64 characters of A-Z a-z 0-9 _ . -");
        }
        if (!seen.add(id)) {
            throw new ProgramException(id, "id", "a second node with this id");
        }
        if (!(m.get("op") instanceof String op)) {
            throw new ProgramException(id, "op", "the op's name, a string");
        }
        List<String> args = new ArrayList<>();
        Object a = m.get("args");
        if (a != null) {
            if (!(a instanceof List<?> al)) {
                throw new ProgramException(id, "args", "a list of earlier nodes' ids");
            }
            for (Object x : al) {
                if (!(x instanceof String ref)) {
                    throw new ProgramException(id, "args", "a list of earlier nodes' ids");
                }
                if (!seen.contains(ref) || ref.equals(id)) {
                    throw new ProgramException(id, "args", "'" + ref + "' is not an earlier node (nodes come in topological order)");
                }
                args.add(ref);
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!k.equals("id") && !k.equals("op") && !k.equals("args")) {
                attrs.put(k, e.getValue());
            }
        }
        return new ProgramNode(id, op, args, attrs);
    }

    /** The canonical JSON (keys sorted, compact): what a job spec carries and members vote on. */
    public String canonical() {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("format", FORMAT);
        top.put("version", (long) VERSION);
        top.put("nodes", nodes.stream().map(ProgramNode::toJson).toList());
        return Json.canonical(top);
    }

    /** SHA-256 of the canonical JSON, hex. */
    public String sha256() {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Program[" + nodes.size() + " nodes]";
    }
}
