package org.consortia.mpc.programs;

import java.util.List;

/**
 * What a program is checked against: the members in party order (names as the consortium file spells them), the
 * session's fractional bits and the node's limits.
 */
public record Context(List<String> members, int fracBits, ProgramLimits limits) {
    public Context {
        members = List.copyOf(members);
    }

    public int parties() {
        return members.size();
    }

    /** A member named by name or index, as a party index. */
    public int member(Attrs a, String field) {
        Object v = a.raw(field);
        if (v instanceof Long l && l >= 0 && l < members.size()) {
            return (int) (long) l;
        }
        if (v instanceof String s && members.contains(s)) {
            return members.indexOf(s);
        }
        throw a.error(field, "a member of this consortium (one of " + members + ", or its index)");
    }
}
