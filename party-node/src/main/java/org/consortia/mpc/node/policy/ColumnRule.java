package org.consortia.mpc.node.policy;

import java.util.List;
import java.util.Set;

import org.consortia.mpc.config.ConfigException;
import org.consortia.mpc.config.YamlNode;
import org.consortia.mpc.programs.sql.ColumnUse;
import org.consortia.mpc.programs.sql.CompiledQuery;

/**
 * What a joint query may do with one of this member's columns (a dataset rule's {@code columnRules}), checked against
 * the uses the compiled query makes of it:
 * <pre>
 * never            not at all
 * join-key         only to link records (JOIN ... ON)
 * filter-only      only in WHERE
 * group-key        in GROUP BY (its labels revealed) and in WHERE
 * aggregate-only   inside COUNT, SUM, AVG (not MIN, MAX: one row's value) and DP aggregates, and in WHERE, each shown
 *                  group over at least minGroup rows ({aggregate-only: 10}),
 *                  groups below it suppressed inside the computation (the query's minGroup)
 * dp-only          only inside DP aggregates (DP_COUNT, DP_SUM, DP_AVG)
 * plaintext-to     any use, the result only to the members listed ({plaintext-to: [org-0]})
 * </pre>
 */
public record ColumnRule(Kind kind, int minGroup, Set<String> members) {
    public enum Kind {
        NEVER("never"), JOIN_KEY("join-key"), FILTER_ONLY("filter-only"), GROUP_KEY("group-key"),
        AGGREGATE_ONLY("aggregate-only"), DP_ONLY("dp-only"), PLAINTEXT_TO("plaintext-to");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Kind of(String word) {
            for (Kind k : values()) {
                if (k.word.equals(word)) {
                    return k;
                }
            }
            return null;
        }
    }

    private static final String EXPECTED = "never, join-key, filter-only, group-key, aggregate-only, {aggregate-only: K},"
            + " dp-only or {plaintext-to: [members]}";

    /** The rule of {@code column} in a {@code columnRules} mapping (a word, or a one-entry mapping). */
    static ColumnRule parse(YamlNode rules, String column) {
        for (Kind k : Kind.values()) {
            if (k != Kind.PLAINTEXT_TO && rules.is(column, k.word())) {
                return new ColumnRule(k, 1, Set.of());
            }
        }
        YamlNode m;
        try {
            m = rules.child(column);
        } catch (ConfigException e) {
            throw rules.error(column, "an unknown rule", EXPECTED);
        }
        if (m.keys().size() != 1) {
            throw rules.error(column, "a mapping of " + m.keys().size() + " entries", EXPECTED);
        }
        if (m.has("aggregate-only")) {
            return new ColumnRule(Kind.AGGREGATE_ONLY, m.integer("aggregate-only", 1, 1 << 20), Set.of());
        }
        if (m.has("plaintext-to")) {
            List<String> to = m.strings("plaintext-to");
            return new ColumnRule(Kind.PLAINTEXT_TO, 1, to == null ? Set.of() : Set.copyOf(to));
        }
        throw rules.error(column, "the rule " + m.keys(), EXPECTED);
    }

    /**
     * {@code null} if this rule allows {@code use} in {@code query} revealed to {@code recipients} (names), else why
     * not (the caller names the member, dataset and column).
     */
    String refuses(ColumnUse use, CompiledQuery query, Set<String> recipients) {
        int queryMinGroup = query.options().minGroup();
        ColumnUse.Role r = use.role();
        boolean ok = switch (kind) {
            case NEVER -> false;
            case JOIN_KEY -> r == ColumnUse.Role.JOIN_KEY;
            case FILTER_ONLY -> r == ColumnUse.Role.FILTER;
            case GROUP_KEY -> r == ColumnUse.Role.GROUP_KEY || r == ColumnUse.Role.FILTER;
            case AGGREGATE_ONLY -> r == ColumnUse.Role.AGGREGATE || r == ColumnUse.Role.DP_AGGREGATE || r == ColumnUse.Role.FILTER;
            case DP_ONLY -> r == ColumnUse.Role.DP_AGGREGATE;
            case PLAINTEXT_TO -> true;
        };
        if (!ok) {
            return "does not allow its use as " + r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " in "
                    + use.clause();
        }
        if (kind == Kind.AGGREGATE_ONLY && r != ColumnUse.Role.DP_AGGREGATE && queryMinGroup < minGroup) {
            return "needs every shown group over at least " + minGroup + " rows: the query's minGroup is " + queryMinGroup;
        }
        if (kind == Kind.PLAINTEXT_TO && !members.containsAll(recipients)) {
            return "allows results only to " + new java.util.TreeSet<>(members) + ": the query reveals to " + recipients;
        }
        return null;
    }

    /** The rule as the policy file writes it. */
    String word() {
        return switch (kind) {
            case AGGREGATE_ONLY -> minGroup > 1 ? "{aggregate-only: " + minGroup + "}" : kind.word();
            case PLAINTEXT_TO -> "{plaintext-to: " + new java.util.TreeSet<>(members) + "}";
            default -> kind.word();
        };
    }
}
