package org.consortia.mpc.programs;

import java.util.List;
import java.util.Map;

/**
 * One node of a program as written: its id, op name, argument ids and the op's attributes (plain JSON values, checked
 * and typed by the op when the program is checked).
 */
public record ProgramNode(String id, String op, List<String> args, Map<String, Object> attrs) {
    public ProgramNode {
        args = List.copyOf(args);
        attrs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attrs));
    }

    /** The node as a JSON object (plain values). */
    Map<String, Object> toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(attrs);
        m.put("id", id);
        m.put("op", op);
        if (!args.isEmpty()) {
            m.put("args", List.copyOf(args));
        }
        return m;
    }
}
